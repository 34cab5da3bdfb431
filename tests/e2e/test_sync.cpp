// issuebridge sync end to end: the real binary against the sandbox's GitHub and Jira. The scenarios every
// (source, target) pair runs (first import, incremental, no-op, dry run, --max-writes, two routes, --full, a refused
// token) are in test_scenarios.cpp; these are GitHub's and Jira's particulars.

#include "widgets.hpp"

#include <csignal>
#include <ctime>
#include <random>
#include <set>
#include <thread>

using namespace issuebridge::testing;

TEST_SUITE_BEGIN("e2e.sync");

TEST_CASE("unknown --repo and --route are usage errors before anything is sent") {
    Sandbox sandbox;
    seed(sandbox, 3);
    SyncSetup setup(sandbox, k_repo);
    const auto r = setup.sync({"--repo", "acme/widget"});
    CHECK(r.exit_code == 2);
    CHECK(r.err == "issuebridge: error: no route syncs repository 'acme/widget'\nissuebridge: hint: did you mean "
                   "'acme/widgets'?\n");
    CHECK(setup.sync({"--route", "mian"}).exit_code == 2);
    CHECK(sandbox.requests("github", "GET /repos/{owner}/{repo}/issues") == 0);
}

TEST_CASE("a change of labels at the source keeps the labels someone added in Jira") {
    Sandbox sandbox;
    seed(sandbox, 10);
    SyncSetup setup(sandbox, k_repo);
    REQUIRE(setup.sync().exit_code == 0);
    const auto items = source_items(sandbox);
    const auto labelled =
        std::find_if(items.begin(), items.end(), [](const SourceItem& s) { return !s.labels.empty(); });
    REQUIRE(labelled != items.end());
    const std::string id = external_id(sandbox, labelled->number);
    auto jira = jira_items(sandbox).at(id);
    std::string labels = "\"triaged\"";
    for (const auto& l : jira.labels) {
        labels += ",\"" + l + "\"";
    }
    sandbox.admin("PUT", "/_sandbox/jira/issues/" + jira.key, "{\"labels\":[" + labels + "]}");
    sandbox.admin("PATCH",
                  std::string("/_sandbox/github/repos/") + k_repo + "/issues/" + std::to_string(labelled->number),
                  R"({"labels":["regression"]})");
    REQUIRE(setup.sync().exit_code == 0);
    const auto after = jira_items(sandbox).at(id).labels;
    CHECK(std::find(after.begin(), after.end(), "triaged") != after.end());
    CHECK(std::find(after.begin(), after.end(), "regression") != after.end());
    for (const auto& old : labelled->labels) {
        CHECK(std::find(after.begin(), after.end(), old) == after.end());
    }
    CHECK(std::count_if(after.begin(), after.end(),
                        [](const std::string& l) { return l.starts_with("issuebridge-"); }) == 1);
}

TEST_CASE("a second run while one holds the lock exits 3 at once") {
    Sandbox sandbox({"--latency-ms", "200"});
    seed(sandbox, 20);
    SyncSetup setup(sandbox, k_repo);
    Child first(setup.command(), SyncSetup::environment());
    // The first run holds the lock from before its first request until it exits; wait for it to be listing.
    for (int i = 0; i < 200 && sandbox.requests("github", "GET /repos/{owner}/{repo}/issues") == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const auto second = setup.sync();
    CHECK(second.exit_code == 3);
    CHECK(second.err.find("another issuebridge run holds the lock") != std::string::npos);
    CHECK(first.wait() == 0);
}

TEST_CASE("status reads the state alone: runs, cursors, linked, pending and failed items with their errors") {
    Sandbox sandbox;
    seed(sandbox, 30);
    SyncSetup setup(sandbox, k_repo);
    RunOptions env; // no secrets: status needs none
    const auto status = [&](std::vector<std::string> extra) {
        extra.insert(extra.begin(), "status");
        return run(setup.argv(extra), env);
    };
    const auto empty = status({});
    CHECK(empty.exit_code == 0);
    CHECK(empty.out == "no state database at '" + setup.state_path() + "' yet: run 'issuebridge sync' first\n");
    // Items assigned to octocat fail: the map sends them to an account Jira does not know.
    setup.write_config("search_lag = 0\n", "[routes.map]\nassignees = { octocat = \"no-such-account\" }\n");
    const auto r = setup.sync();
    CHECK(r.exit_code == 1);
    const auto text = status({});
    CHECK(text.exit_code == 0);
    CHECK(text.out.starts_with("last run: sync at "));
    CHECK(text.out.find("(exit 1)") != std::string::npos);
    CHECK(text.out.find("main acme/widgets: ") != std::string::npos);
    CHECK(text.out.find("  failed github:127.0.0.1:") != std::string::npos);
    CHECK(text.out.find("jira answered 400") != std::string::npos);
    const auto json = status({"--json"});
    simdjson::dom::parser parser;
    const auto doc = parser.parse(json.out);
    REQUIRE(doc.error() == simdjson::SUCCESS);
    const auto repo = doc["repos"].at(0);
    const int linked = static_cast<int>(repo["linked"].get_int64().value());
    const int failed = static_cast<int>(repo["failed"].get_int64().value());
    CHECK(failed > 0);
    CHECK(linked + failed == 30);
    CHECK(linked == static_cast<int>(jira_items(sandbox).size()));
    CHECK(doc["last_run"]["exit_code"].get_int64().value() == 1);
    CHECK(doc["items"].get_array().size() == static_cast<std::size_t>(std::min(failed, 20)));
    // The cursor as its source describes it for people: GitHub's since, not the position it keeps.
    setup.write_config("search_lag = 0\n", "");
    setup.sync();
    const auto done = status({});
    CHECK(done.out.find("; cursor 20") != std::string::npos);
    const auto done_json = status({"--json"});
    const auto done_doc = parser.parse(done_json.out);
    REQUIRE(done_doc.error() == simdjson::SUCCESS);
    CHECK(std::string(done_doc["repos"].at(0)["cursor"].get_string().value()).starts_with("20"));
}

// "2026-12-09T10:00:00Z", `seconds` from now: an ISSUEBRIDGE_NOW.
std::string iso_from_now(std::time_t seconds) {
    const std::time_t t = std::time(nullptr) + seconds;
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

TEST_CASE("status shows since when a listing and an item fail; status --check fails once either is a day old") {
    Sandbox sandbox;
    seed(sandbox, 30);
    SyncSetup setup(sandbox, k_repo);
    // Items assigned to octocat fail (an account Jira does not know); acme/nothing does not exist.
    setup.write_config("search_lag = 0\n", "[routes.map]\nassignees = { octocat = \"no-such-account\" }\n");
    std::string text = read_file(setup.dir() / "config.toml");
    const std::string one = "repos = [\"acme/widgets\"]";
    REQUIRE(text.find(one) != std::string::npos);
    setup.dir().write("config.toml",
                      text.replace(text.find(one), one.size(), "repos = [\"acme/widgets\", \"acme/nothing\"]"));
    CHECK(setup.sync().exit_code == 2);
    const auto status = setup.ib({"status"});
    CAPTURE(status.out);
    CHECK(status.out.find("main acme/nothing: 0 linked, 0 pending, 0 failed; cursor none, last run never\n"
                          "  listing failing since ") != std::string::npos);
    CHECK(status.out.find(": repository 'acme/nothing' not found on 127.0.0.1:") != std::string::npos);
    CHECK(status.out.find(" attempt, since ") != std::string::npos);
    simdjson::dom::parser parser;
    const auto since = [&] {
        const auto json = setup.ib({"status", "--json"});
        const auto doc = parser.parse(json.out);
        REQUIRE(doc.error() == simdjson::SUCCESS);
        for (auto repo : doc["repos"].get_array()) {
            if (repo["repo"].get_string().value() == std::string_view("acme/nothing")) {
                return std::string(repo["error_since"].get_string().value());
            }
        }
        FAIL("no acme/nothing in status --json");
        return std::string();
    };
    const std::string first = since();
    CHECK_FALSE(first.empty());
    // Failing again later: it has failed since the first time.
    const auto later = iso_from_now(3600);
    CHECK(setup.sync({}, {{"ISSUEBRIDGE_NOW", later}}).exit_code == 2);
    CHECK(since() == first);
    // The last run failed either way; only a day on are the listing and the items old enough to name.
    const auto today = setup.ib({"status", "--check"});
    CHECK(today.exit_code == 1);
    CHECK(today.err.find("has failed since") == std::string::npos);
    const auto tomorrow = setup.ib({"status", "--check"}, {{"ISSUEBRIDGE_NOW", iso_from_now(2 * 86400)}});
    CHECK(tomorrow.exit_code == 1);
    CHECK(tomorrow.err.find("issuebridge: check: main acme/nothing: the listing has failed since " + first) !=
          std::string::npos);
    CHECK(tomorrow.err.find(" has failed since ") != std::string::npos);
    // A repository no route lists any more is no longer said to fail.
    setup.write_config("search_lag = 0\n", "[routes.map]\nassignees = { octocat = \"no-such-account\" }\n");
    setup.sync();
    CHECK(setup.ib({"status"}).out.find("acme/nothing") == std::string::npos);
}

TEST_CASE("state adopt: a lost state is rebuilt from the markers, and the next sync creates nothing") {
    Sandbox sandbox;
    seed(sandbox, 25);
    SyncSetup setup(sandbox, k_repo);
    REQUIRE(setup.sync().exit_code == 0);
    std::filesystem::remove(setup.state_path());
    std::filesystem::remove(setup.state_path() + "-wal");
    std::filesystem::remove(setup.state_path() + "-shm");
    // Someone made a second issue with the marker of item 3 by hand.
    httplib::Client jira("127.0.0.1", sandbox.port());
    jira.set_basic_auth("sandbox@example.com", "sandbox-jira-token");
    const std::string id3 = external_id(sandbox, 3);
    std::string label;
    for (auto i : sandbox.jira_issues()) {
        if (i["properties"]["issuebridge"]["externalId"].get_string().value() == id3) {
            for (auto l : i["fields"]["labels"].get_array()) {
                if (l.get_string().value().starts_with("issuebridge-")) {
                    label = std::string(l.get_string().value());
                }
            }
        }
    }
    REQUIRE_FALSE(label.empty());
    auto made =
        jira.Post("/rest/api/3/issue",
                  R"({"fields":{"project":{"key":"E2E"},"issuetype":{"name":"Task"},"summary":"copy","labels":[")" +
                      label + R"("]},"properties":[{"key":"issuebridge","value":{"externalId":")" + id3 + R"("}}]})",
                  "application/json");
    REQUIRE(made);
    REQUIRE(made->status == 201);
    const auto r = setup.ib({"state", "adopt"});
    CHECK(r.exit_code == 1); // the conflict is for a person to settle
    CHECK(r.out == "adopted 25, already linked 0, conflicts 1, markers of no route 0\n");
    CHECK(r.err.find("conflict: " + id3 + " is marked on ") != std::string::npos);
    CHECK(r.err.find(", the oldest; settle it on the target") != std::string::npos);
    sandbox.admin("POST", "/_sandbox/requests/reset");
    const auto sync = setup.sync();
    CHECK(sync.exit_code == 0);
    CHECK(sandbox.requests("jira", "POST /rest/api/3/issue") == 0);
    const auto again = setup.ib({"state", "adopt", "--json"});
    CHECK(again.out.find(R"("adopted":0,"already_linked":)") != std::string::npos);
}

TEST_SUITE_END();
