// Code scanning particulars end to end (the shared scenarios run for it through AllPairs): the alert lifecycle
// (fix, dismiss, reopen) on the target with the 'suppressed' label and a mapped severity, a repository without
// Advanced Security failing alone, and GHES under /api/v3 with cursor paging.

#include "pairs.hpp"

#include <string>

using namespace issuebridge::testing;

namespace {

const std::string k_repo = "acme/widgets";

const Pair k_pair{codescanning_source(), jira_target()};

PairItem target_item(Sandbox& sandbox, const std::string& local_id) {
    const std::string suffix = "/" + k_repo + "#" + local_id;
    for (auto& item : jira_target().items(sandbox)) {
        if (item.external_id.ends_with(suffix)) {
            return item;
        }
    }
    FAIL("no target item for alert " << local_id);
    return {};
}

bool has(const PairItem& item, const std::string& label) {
    return std::find(item.labels.begin(), item.labels.end(), label) != item.labels.end();
}

void patch(Sandbox& sandbox, int number, const std::string& body) {
    sandbox.admin("PATCH", "/_sandbox/codescanning/repos/" + k_repo + "/alerts/" + std::to_string(number), body);
}

} // namespace

TEST_SUITE_BEGIN("e2e.codescanning");

TEST_CASE("fix closes, dismiss closes with 'suppressed', reopen and unsuppress reopen; severity maps to a priority") {
    Sandbox sandbox;
    jira_target().prepare(sandbox);
    sandbox.admin("POST", "/_sandbox/codescanning/repos/" + k_repo + "/alerts",
                  R"([{"rule_description":"SQL injection","severity":"error"},
                      {"rule_description":"Unused import","severity":"note"},
                      {"rule_description":"Path injection","severity":"error","state":"dismissed"}])");
    PairSync setup(sandbox, k_pair, k_repo, jira_target().immediate());
    setup.write_config(jira_target().immediate(), "[routes.map]\nlabels = { error = \"P1\" }\n");
    REQUIRE(setup.sync().exit_code == 0);
    CHECK(target_item(sandbox, "1").state == "open");
    CHECK(has(target_item(sandbox, "1"), "P1"));
    CHECK_FALSE(has(target_item(sandbox, "1"), "error"));
    CHECK(has(target_item(sandbox, "2"), "note"));
    CHECK(target_item(sandbox, "3").state == "closed"); // created dismissed: closed, and says why
    CHECK(has(target_item(sandbox, "3"), "suppressed"));

    patch(sandbox, 1, R"({"state":"dismissed","dismissed_reason":"false positive"})");
    patch(sandbox, 2, R"({"state":"fixed"})");
    patch(sandbox, 3, R"({"state":"open"})");
    sandbox.admin("POST", "/_sandbox/requests/reset");
    auto r = setup.sync();
    CHECK(r.exit_code == 0);
    CHECK(target_item(sandbox, "1").state == "closed");
    CHECK(has(target_item(sandbox, "1"), "suppressed"));
    CHECK(target_item(sandbox, "2").state == "closed");
    CHECK_FALSE(has(target_item(sandbox, "2"), "suppressed"));
    CHECK(target_item(sandbox, "3").state == "open");
    CHECK_FALSE(has(target_item(sandbox, "3"), "suppressed"));
    CHECK(jira_target().creates(sandbox) == 0);
    CHECK(jira_target().state_changes(sandbox) == 3);

    patch(sandbox, 1, R"({"state":"open"})"); // unsuppressed
    patch(sandbox, 2, R"({"state":"open"})"); // found again
    r = setup.sync();
    CHECK(r.exit_code == 0);
    CHECK(target_item(sandbox, "1").state == "open");
    CHECK_FALSE(has(target_item(sandbox, "1"), "suppressed"));
    CHECK(target_item(sandbox, "2").state == "open");
    CHECK(target_by_id(sandbox, k_pair).size() == 3); // no duplicate (labels differ by the map: no check_converged)
    CHECK(target_item(sandbox, "1").title == "SQL injection (acme/widgets)");
}

TEST_CASE("a repository without Advanced Security fails alone, naming the cause; the others sync") {
    Sandbox sandbox;
    jira_target().prepare(sandbox);
    codescanning_source().seed(sandbox, k_repo, 5, 1);
    sandbox.admin("PUT", "/_sandbox/codescanning/repos/acme/locked", R"({"enabled":false})");
    // Two repositories in the route: the one without code scanning first.
    PairSync setup(sandbox, k_pair, "acme/locked\", \"" + k_repo, jira_target().immediate());
    const auto r = setup.sync();
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("code scanning alerts of 'acme/locked' on 127.0.0.1:" + std::to_string(sandbox.port()) +
                     " cannot be read: GitHub answered 403 ('Advanced Security must be enabled for this repository "
                     "to use code scanning.'); code scanning or GitHub Advanced Security is not enabled") !=
          std::string::npos);
    CHECK(r.err.find("sandbox-codescanning-token") == std::string::npos);
    CHECK(jira_target().items(sandbox).size() == 5);
}

TEST_CASE("GitHub Enterprise Server: base_url under /api/v3, and Link cursors instead of page numbers") {
    Sandbox sandbox;
    jira_target().prepare(sandbox);
    codescanning_source().seed(sandbox, k_repo, 250, 3);
    sandbox.admin("PUT", "/_sandbox/codescanning/repos/" + k_repo, R"({"paging":"cursor"})");
    TempDir dir;
    dir.write("config.toml", "[sources.cs]\ntype = \"codescanning\"\nbase_url = \"" + sandbox.url() +
                                 "/api/v3\"\ntoken_env = \"IB_E2E_CODESCANNING\"\n" +
                                 jira_target().config(sandbox, jira_target().immediate()) +
                                 "[[routes]]\nname = \"ghes\"\nsource = \"cs\"\ntarget = \"jira\"\nrepos = [\"" +
                                 k_repo + "\"]\n");
    RunOptions options;
    for (const Env& env : {codescanning_source().env(), jira_target().env()}) {
        options.env.insert(env.begin(), env.end());
    }
    const std::vector<std::string> argv{
        ISSUEBRIDGE_BINARY, "--config", (dir / "config.toml").string(), "--state", (dir / "state.db").string(), "sync"};
    const auto r = run(argv, options);
    CHECK(r.exit_code == 0);
    CHECK(r.err == "");
    CHECK(sandbox.requests("codescanning", "GET /api/v3/repos/{owner}/{repo}/code-scanning/alerts") == 3);
    CHECK(jira_target().items(sandbox).size() == 250);
    for (const auto& item : jira_target().items(sandbox)) {
        CHECK(item.external_id.starts_with("codescanning:127.0.0.1:" + std::to_string(sandbox.port()) + "/" + k_repo +
                                           "#"));
    }
    sandbox.admin("POST", "/_sandbox/requests/reset");
    CHECK(run(argv, options).exit_code == 0);
    CHECK(sandbox.requests("codescanning", "GET /api/v3/repos/{owner}/{repo}/code-scanning/alerts", "304") == 1);
    CHECK(jira_target().writes(sandbox) == 0);
}

TEST_SUITE_END();
