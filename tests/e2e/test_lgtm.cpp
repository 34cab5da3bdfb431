// LGTM particulars end to end (the shared scenarios run for it through AllPairs): an alert the next analysis lacks
// closes its ticket, once; one that comes back reopens it; a suppressed one closes, labelled 'suppressed', and
// unsuppressed reopens without the label; an unchanged latest analysis costs one request; a listing cut off closes
// nothing.

#include "pairs.hpp"

#include <algorithm>
#include <string>

using namespace issuebridge::testing;

namespace {

const std::string k_container = "acme/widgets";

const Pair k_pair{lgtm_source(), jira_target()};

PairItem target_item(Sandbox& sandbox, const std::string& key) {
    for (auto& item : jira_target().items(sandbox)) {
        if (item.external_id.ends_with("/" + key)) {
            return item;
        }
    }
    FAIL("no target item for alert " << key);
    return {};
}

std::string state_of(Sandbox& sandbox, const std::string& key) { return target_item(sandbox, key).state; }

bool suppressed_label(Sandbox& sandbox, const std::string& key) {
    const auto labels = target_item(sandbox, key).labels;
    return std::find(labels.begin(), labels.end(), "suppressed") != labels.end();
}

// A project with one analysis of alerts k1, k2, k3 (k3 suppressed); its id.
std::string seed(Sandbox& sandbox) {
    jira_target().prepare(sandbox);
    const std::string made =
        sandbox.admin("POST", "/_sandbox/lgtm/projects", R"({"url_identifier":"g/acme/widgets","id":1000001})");
    REQUIRE(made.find("1000001") != std::string::npos);
    sandbox.admin("POST", "/_sandbox/lgtm/projects/1000001/analyses",
                  R"({"alerts":[{"key":"k1","rule":"py/sql-injection","rule_name":"SQL injection","level":"error"},
                                {"key":"k2","rule":"py/unused-import","rule_name":"Unused import"},
                                {"key":"k3","rule":"py/path","rule_name":"Path injection","suppressed":true}]})");
    return "1000001";
}

void change(Sandbox& sandbox, const std::string& key, const std::string& body) {
    sandbox.admin("PATCH", "/_sandbox/lgtm/projects/1000001/alerts/" + key, body);
}

} // namespace

TEST_SUITE_BEGIN("e2e.lgtm");

TEST_CASE("an alert the next analysis lacks closes once; it reopens when it comes back; suppress closes") {
    Sandbox sandbox;
    seed(sandbox);
    PairSync setup(sandbox, k_pair, k_container, jira_target().immediate());
    setup.write_config(jira_target().immediate(), "[routes.map]\nlabels = { error = \"P1\" }\n");
    REQUIRE(setup.sync().exit_code == 0);
    CHECK(jira_target().creates(sandbox) == 3);
    CHECK(state_of(sandbox, "k1") == "open");
    CHECK(state_of(sandbox, "k3") == "closed"); // suppressed, and says so
    CHECK(suppressed_label(sandbox, "k3"));
    CHECK_FALSE(suppressed_label(sandbox, "k1"));

    change(sandbox, "k1", R"({"state":"fixed"})"); // analysis 2 lacks k1
    change(sandbox, "k3", R"({"state":"open"})");  // analysis 3 unsuppresses k3
    sandbox.admin("POST", "/_sandbox/requests/reset");
    auto r = setup.sync({"--json"});
    CHECK(r.exit_code == 0);
    // k3 reopens with its labels written (the 'suppressed' label off): an update that moves the state.
    CHECK(r.out.find(R"("created":0,"updated":1,"closed":1,"reopened":0)") != std::string::npos);
    CHECK(state_of(sandbox, "k1") == "closed");
    CHECK(state_of(sandbox, "k2") == "open");
    CHECK(state_of(sandbox, "k3") == "open");
    CHECK_FALSE(suppressed_label(sandbox, "k3"));
    CHECK(jira_target().state_changes(sandbox) == 2);

    // Still lacking k1: nothing more to do, not even the download.
    sandbox.admin("POST", "/_sandbox/requests/reset");
    CHECK(setup.sync().exit_code == 0);
    CHECK(jira_target().requests(sandbox) == 0);

    // A new analysis still without k1 closes nothing again; k1 back reopens the same ticket, never a new one.
    change(sandbox, "k2", R"({"state":"open"})");
    sandbox.admin("POST", "/_sandbox/requests/reset");
    CHECK(setup.sync().exit_code == 0);
    CHECK(jira_target().writes(sandbox) == 0);
    change(sandbox, "k1", R"({"state":"open"})");
    sandbox.admin("POST", "/_sandbox/requests/reset");
    r = setup.sync({"--json"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find(R"("created":0,"updated":0,"closed":0,"reopened":1)") != std::string::npos);
    CHECK(state_of(sandbox, "k1") == "open");
    CHECK(jira_target().creates(sandbox) == 0);
    CHECK(jira_target().items(sandbox).size() == 3);
}

TEST_CASE("an unchanged latest analysis costs one request at the source and none at the target") {
    Sandbox sandbox;
    seed(sandbox);
    PairSync setup(sandbox, k_pair, k_container, jira_target().immediate());
    REQUIRE(setup.sync().exit_code == 0);
    sandbox.admin("POST", "/_sandbox/requests/reset");
    CHECK(setup.sync().exit_code == 0);
    CHECK(sandbox.requests("lgtm", "GET /api/v1.0/analyses/{project}/commits/{commit}") == 1);
    CHECK(sandbox.total("lgtm") == 1);
    CHECK(jira_target().requests(sandbox) == 0);
}

TEST_CASE("a listing cut off by faults closes nothing; the next whole one closes what the analysis lacks") {
    Sandbox sandbox;
    seed(sandbox);
    PairSync setup(sandbox, k_pair, k_container, jira_target().immediate());
    REQUIRE(setup.sync().exit_code == 0);
    change(sandbox, "k1", R"({"state":"fixed"})");
    sandbox.admin("POST", "/_sandbox/faults", R"({"rate":1,"seed":3,"kinds":["truncated"]})");
    auto r = setup.sync();
    CHECK(r.exit_code == 1);
    sandbox.admin("POST", "/_sandbox/faults", R"({"rate":0})");
    CHECK(state_of(sandbox, "k1") == "open");
    r = setup.sync();
    CHECK(r.exit_code == 0);
    CHECK(state_of(sandbox, "k1") == "closed");
}

TEST_SUITE_END();
