// A lost, empty or differently spelled state must never duplicate what the target holds (issue 11): the state
// deleted, emptied, its WAL gone, HOME unset under cron, a repository or base URL spelled another way, and
// check-missing when the bulk read leaves a linked item out. A deleted or truncated state runs for every
// (source, target) pair in test_scenarios.cpp.

#include "widgets.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace issuebridge::testing;

namespace {

const std::string k_notice = "issuebridge: notice: main acme/widgets: 20 items found on the target by their markers "
                             "and adopted, not created again\n";

int creates(Sandbox& sandbox) { return sandbox.requests("jira", "POST /rest/api/3/issue"); }

// A first sync of 20 items, then the request counts cleared.
void first_sync(Sandbox& sandbox, SyncSetup& setup) {
    seed(sandbox, 20);
    REQUIRE(setup.sync().exit_code == 0);
    REQUIRE(jira_items(sandbox).size() == 20);
    sandbox.admin("POST", "/_sandbox/requests/reset");
}

// The next sync finds every item by its marker: it creates none, links all again, says so, and the sync after
// it has nothing left to write.
void check_adopted(Sandbox& sandbox, SyncSetup& setup) {
    const auto r = setup.sync();
    CHECK(r.exit_code == 0);
    CHECK(r.err == k_notice);
    CHECK(creates(sandbox) == 0);
    CHECK(sandbox.requests("jira", "POST /rest/api/3/search/jql") == 1); // one search holds 50 markers
    check_converged(sandbox);                                            // and fails on a duplicate
    CHECK(setup.ib({"status", "--json"}).out.find(R"("linked":20)") != std::string::npos);
    sandbox.admin("POST", "/_sandbox/requests/reset");
    const auto again = setup.sync({"--full"});
    CHECK(again.exit_code == 0);
    CHECK(again.err == "");
    CHECK(sandbox.jira_writes() == 0);
}

void set_config_line(const SyncSetup& setup, const std::string& from, const std::string& to) {
    std::string text = read_file(setup.dir() / "config.toml");
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    setup.dir().write("config.toml", text);
}

} // namespace

TEST_SUITE_BEGIN("e2e.lost_state");

TEST_CASE("a WAL lost after a kill: the database file alone is adopted from, not re-created from") {
    Sandbox sandbox;
    seed(sandbox, 20);
    SyncSetup setup(sandbox, k_repo);
    // While another connection holds the database, the last commits stay in the WAL when issuebridge exits, as
    // they do when it is killed: the main file alone is what a lost WAL leaves.
    sqlite3* holder = nullptr;
    REQUIRE(sqlite3_open(setup.state_path().c_str(), &holder) == SQLITE_OK);
    REQUIRE(sqlite3_exec(holder, "PRAGMA journal_mode=WAL; SELECT count(*) FROM sqlite_schema", nullptr, nullptr,
                         nullptr) == SQLITE_OK);
    REQUIRE(setup.sync().exit_code == 0);
    REQUIRE(std::filesystem::file_size(setup.state_path() + "-wal") > 0);
    SyncSetup lost(sandbox, k_repo); // the same sandbox and repository, a state of its own
    std::filesystem::copy_file(setup.state_path(), lost.state_path());
    sqlite3_close(holder);
    sandbox.admin("POST", "/_sandbox/requests/reset");
    check_adopted(sandbox, lost);
}

TEST_CASE("a lost state and a first sync stopped halfway by --max-writes: the rest is still looked up") {
    Sandbox sandbox;
    SyncSetup setup(sandbox, k_repo);
    first_sync(sandbox, setup);
    std::filesystem::remove(setup.state_path());
    for (int number : {2, 5, 9}) {
        sandbox.admin("PUT", "/_sandbox/jira/issues/" + jira_items(sandbox).at(external_id(sandbox, number)).key,
                      R"({"summary":"renamed by hand"})");
    }
    // Adopted items that differ need a write; the run stops after one, and the next one, which now has links,
    // must not take the items left for new ones.
    const auto halfway = setup.sync({"--max-writes", "1"});
    CHECK(halfway.exit_code == 1);
    const auto rest = setup.sync();
    CHECK(rest.exit_code == 0);
    CHECK(creates(sandbox) == 0);
    check_converged(sandbox);
}

TEST_CASE("neither HOME nor XDG_STATE_HOME nor [state] path: exit 2, and no state in the working directory") {
    Sandbox sandbox;
    seed(sandbox, 3);
    SyncSetup setup(sandbox, k_repo);
    RunOptions options = SyncSetup::environment();
    options.env["HOME"] = std::nullopt;
    options.env["XDG_STATE_HOME"] = std::nullopt;
    options.env["XDG_CONFIG_HOME"] = std::nullopt;
    options.env["ISSUEBRIDGE_CONFIG"] = std::nullopt;
    options.cwd = setup.dir().path().string();
    const auto r = run({ISSUEBRIDGE_BINARY, "--config", (setup.dir() / "config.toml").string(), "sync"}, options);
    CHECK(r.exit_code == 2);
    CHECK(r.err == "issuebridge: error: cannot place the state database: neither XDG_STATE_HOME nor HOME is set\n"
                   "issuebridge: hint: set HOME in the environment that runs issuebridge (cron may not), or set "
                   "[state] path in the config\n");
    CHECK_FALSE(std::filesystem::exists(setup.dir() / ".local"));
    CHECK(sandbox.jira_requests() == 0);
    const auto config = run({ISSUEBRIDGE_BINARY, "sync"}, options);
    CHECK(config.exit_code == 2);
    CHECK(config.err == "issuebridge: error: cannot place the config file: neither XDG_CONFIG_HOME nor HOME is set\n"
                        "issuebridge: hint: set HOME, or pass --config PATH\n");
}

TEST_CASE("'~/' in [state] path is the home directory") {
    Sandbox sandbox;
    seed(sandbox, 3);
    SyncSetup setup(sandbox, k_repo);
    set_config_line(setup, "[sources.gh]", "[state]\npath = \"~/kept/state.db\"\n\n[sources.gh]");
    RunOptions options = SyncSetup::environment();
    options.env["HOME"] = setup.dir().path().string();
    options.cwd = setup.dir().path().string();
    const auto r = run({ISSUEBRIDGE_BINARY, "--config", (setup.dir() / "config.toml").string(), "sync"}, options);
    CHECK(r.exit_code == 0);
    CHECK(std::filesystem::exists(setup.dir() / "kept/state.db"));
    CHECK_FALSE(std::filesystem::exists(setup.dir() / "~"));
}

TEST_CASE("another spelling of the repository and the base URL creates nothing") {
    Sandbox sandbox;
    SyncSetup setup(sandbox, k_repo);
    first_sync(sandbox, setup);
    // GitHub ignores the case of owners and repositories.
    set_config_line(setup, "repos = [\"acme/widgets\"]", "repos = [\"ACME/Widgets\"]");
    const auto r = setup.sync({"--json"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find(R"("created":0,"updated":0,"closed":0,"reopened":0,"adopted":0,"unchanged":20)") !=
          std::string::npos);
    CHECK(sandbox.jira_writes() == 0);
    // 'localhost' in any case for 127.0.0.1, with a trailing slash, names the same server. (The sandbox builds
    // html_url from the host it is asked by, so the back links change: updates, but no create.)
    set_config_line(setup, "base_url = \"" + sandbox.url() + "\"\ntoken_env = \"IB_E2E_GITHUB\"",
                    "base_url = \"http://LocalHost:" + std::to_string(sandbox.port()) +
                        "/\"\ntoken_env = \"IB_E2E_GITHUB\"");
    const auto host = setup.sync({"--json"});
    CHECK(host.exit_code == 0);
    CHECK(host.out.find(R"("created":0,"updated":)") != std::string::npos);
    CHECK(host.out.find(R"("adopted":0,)") != std::string::npos);
    CHECK(creates(sandbox) == 0);
    check_converged(sandbox);
}

TEST_CASE("state adopt links items marked before ids were canonical, under the repository's old spelling") {
    Sandbox sandbox;
    seed(sandbox, 3);
    SyncSetup setup(sandbox, k_repo);
    set_config_line(setup, "repos = [\"acme/widgets\"]", "repos = [\"ACME/Widgets\"]");
    // What an older issuebridge made for item 1: the label and the property of the id as the config spelled it.
    const std::string legacy = "github:127.0.0.1:" + std::to_string(sandbox.port()) + "/ACME/Widgets#1";
    std::uint64_t hash = 0xcbf29ce484222325ULL; // model::stable_hash (FNV-1a), as the marker label uses it
    for (const char c : legacy) {
        hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    }
    char label[40];
    std::snprintf(label, sizeof label, "issuebridge-%016llx", static_cast<unsigned long long>(hash));
    httplib::Client jira("127.0.0.1", sandbox.port());
    jira.set_basic_auth("sandbox@example.com", "sandbox-jira-token");
    const auto made = jira.Post("/rest/api/3/issue",
                                R"({"fields":{"project":{"key":"E2E"},"issuetype":{"name":"Task"},"summary":"old",)"
                                R"("labels":[")" +
                                    std::string(label) +
                                    R"("]},"properties":[{"key":"issuebridge",)"
                                    R"("value":{"externalId":")" +
                                    legacy + R"("}}]})",
                                "application/json");
    REQUIRE(made);
    REQUIRE(made->status == 201);
    const auto adopt = setup.ib({"state", "adopt"});
    CHECK(adopt.exit_code == 0);
    CHECK(adopt.out == "adopted 1, already linked 0, conflicts 0, markers of no route 0\n");
    sandbox.admin("POST", "/_sandbox/requests/reset");
    CHECK(setup.sync().exit_code == 0);
    CHECK(creates(sandbox) == 2); // items 2 and 3; item 1 is the old one, updated
    CHECK(sandbox.jira_issues().size() == 3);
}

TEST_CASE("check-missing: a linked item the bulk read leaves out is looked up by its marker, never re-created") {
    Sandbox sandbox;
    SyncSetup setup(sandbox, k_repo);
    first_sync(sandbox, setup);
    const std::string hidden = jira_items(sandbox).at(external_id(sandbox, 3)).key;
    sandbox.admin("POST", "/_sandbox/jira/bulkfetch-hidden", R"({"keys":[")" + hidden + R"("]})");
    const auto r = setup.ib({"check-missing", "--days", "60"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("! " + hidden) != std::string::npos);
    CHECK(r.out.find("(marked on " + hidden + ", which cannot be read)") != std::string::npos);
    CHECK(r.out.find("20 checked: 19 in sync, 0 missing, 0 differ, 0 orphans, 1 error") != std::string::npos);
    CHECK(creates(sandbox) == 0);
    CHECK(sandbox.requests("jira", "POST /rest/api/3/search/jql") == 1);
    check_converged(sandbox);
    // Deleted for real, it is missing and created again.
    sandbox.admin("DELETE", "/_sandbox/jira/issues/" + hidden);
    const auto deleted = setup.ib({"check-missing", "--days", "60"});
    CHECK(deleted.exit_code == 0);
    CHECK(deleted.out.find("(" + hidden + " was deleted; created)") != std::string::npos);
    CHECK(creates(sandbox) == 1);
    check_converged(sandbox);
}

TEST_SUITE_END();
