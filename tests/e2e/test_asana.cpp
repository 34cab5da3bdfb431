// Asana as a target, end to end (issue 16): what the pair scenarios (pairs.hpp) do not show — a task completed by
// hand while its issue is open is reported by check-missing and repaired, with either identity (the notes marker
// of a personal access token, the external id of an OAuth token); check-missing follows the project's Events API
// stream and reads back only the tasks someone else touched; the identity mode is kept from run to run and shown
// by status.

#include "pairs.hpp"

#include <sqlite3.h>

using namespace issuebridge::testing;

namespace {

const std::string k_repo = "acme/widgets";

void hand_completed(const Pair& pair) {
    Sandbox sandbox;
    pair.target.prepare(sandbox);
    pair.source.seed(sandbox, k_repo, 20, 4);
    PairSync setup(sandbox, pair, k_repo, pair.target.immediate());
    REQUIRE(setup.sync().exit_code == 0);
    PairItem completed;
    for (const auto& item : pair.target.items(sandbox)) {
        if (item.state == "open") {
            completed = item;
            break;
        }
    }
    REQUIRE_FALSE(completed.target_key.empty());
    sandbox.admin("PUT", "/_sandbox/asana/tasks/" + completed.target_key, R"({"completed":true})");

    sandbox.admin("POST", "/_sandbox/requests/reset");
    const auto report = setup.ib({"check-missing", "--days", "3650", "--report-only"});
    CHECK(report.exit_code == 1);
    CHECK(report.out.find("* " + completed.target_key) != std::string::npos);
    CHECK(report.out.find("  (state)\n") != std::string::npos);
    CHECK(report.out.find("1 differ") != std::string::npos);
    CHECK(pair.target.writes(sandbox) == 0);

    const auto repair = setup.ib({"check-missing", "--days", "3650"});
    CHECK(repair.exit_code == 0);
    CHECK(pair.target.state_changes(sandbox) == 1); // the one task, made open again
    CHECK(pair.target.creates(sandbox) == 0);
    check_converged(sandbox, pair, k_repo);
    sandbox.admin("POST", "/_sandbox/requests/reset");
    CHECK(setup.ib({"check-missing", "--days", "3650", "--report-only"}).exit_code == 0);
}

// Three new issues, made now: the next sync lists them.
void open_three(Sandbox& sandbox) {
    sandbox.admin("POST", "/_sandbox/github/repos/" + k_repo + "/issues",
                  R"([{"title":"new one"},{"title":"new two"},{"title":"new three"}])");
}

int scans(Sandbox& sandbox) { return sandbox.requests("asana", "GET /api/1.0/projects/{project_gid}/tasks"); }
int event_reads(Sandbox& sandbox, const std::string& status = "") {
    return sandbox.requests("asana", "GET /api/1.0/events", status);
}

} // namespace

TEST_SUITE_BEGIN("e2e.asana");

TEST_CASE("asana: check-missing follows the project's events and reads back only what someone else touched") {
    Sandbox sandbox;
    const Pair pair = GitHubToAsana::pair();
    pair.target.prepare(sandbox);
    pair.source.seed(sandbox, k_repo, 150, 5); // two pages of the project's tasks
    PairSync sync(sandbox, pair, k_repo, pair.target.immediate());
    REQUIRE(sync.sync().exit_code == 0);
    const auto check = [&](const std::vector<std::string>& extra = {}) {
        sandbox.admin("POST", "/_sandbox/requests/reset");
        std::vector<std::string> args{"check-missing", "--days", "3650"};
        args.insert(args.end(), extra.begin(), extra.end());
        return sync.ib(args);
    };

    // The first check starts the stream (412) and reads every task back.
    auto r = check();
    REQUIRE_MESSAGE(r.exit_code == 0, r.out << r.err);
    CHECK(event_reads(sandbox, "412") == 1);
    CHECK(scans(sandbox) == 2);
    const auto status = sync.ib({"status"});
    CHECK(status.out.find("target asana: identity: notes marker; project events followed, 150 tasks known in sync") !=
          std::string::npos);

    // Nobody touched anything, and the syncs in between write nothing: one request, no task read.
    REQUIRE(sync.sync().exit_code == 0);
    r = check();
    REQUIRE_MESSAGE(r.exit_code == 0, r.out << r.err);
    CHECK(event_reads(sandbox, "200") == 1);
    CHECK(scans(sandbox) == 0);
    CHECK(sandbox.total("asana") == 1);

    // Our own writes (an issue retitled, synced) are not someone else's: still nothing to read.
    pair.source.change(sandbox, k_repo, pair.source.items(sandbox, k_repo).at(3),
                       SourceChange::retitle("Retitled at the source"));
    REQUIRE(sync.sync().exit_code == 0);
    r = check();
    CHECK(r.exit_code == 0);
    CHECK(scans(sandbox) == 0);

    // Dana completes an open task by hand: the check reads the project, finds it and repairs it.
    std::string completed;
    for (const auto& item : pair.target.items(sandbox)) {
        if (item.state == "open") {
            completed = item.target_key;
            break;
        }
    }
    REQUIRE_FALSE(completed.empty());
    sandbox.admin("PUT", "/_sandbox/asana/tasks/" + completed, R"({"completed":true})");
    r = check({"--report-only"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("* " + completed) != std::string::npos);
    CHECK(scans(sandbox) == 2);
    CHECK(pair.target.writes(sandbox) == 0);
    r = check(); // a report only kept nothing: the same events again, then the repair
    CHECK(r.exit_code == 0);
    CHECK(pair.target.state_changes(sandbox) == 1);
    r = check(); // the repair was ours: the repaired task alone is read back, found in sync
    CHECK(r.exit_code == 0);
    CHECK(scans(sandbox) == 2);
    r = check();
    CHECK(r.exit_code == 0);
    CHECK(scans(sandbox) == 0);

    // The stream went stale (Asana's tokens last 24 hours at most): a full check again, then trust anew.
    sandbox.admin("POST", "/_sandbox/asana/expire-sync-tokens");
    r = check();
    CHECK(r.exit_code == 0);
    CHECK(event_reads(sandbox, "412") == 1);
    CHECK(scans(sandbox) == 2);
    r = check();
    CHECK(scans(sandbox) == 0);
    check_converged(sandbox, pair, k_repo);
}

TEST_CASE("asana: the identity a run proved is where the next run starts, and status says which") {
    SUBCASE("external id (OAuth token): lookups by external id from the first request of the next run") {
        Sandbox sandbox;
        const Pair pair = GitHubToAsanaOAuth::pair();
        pair.target.prepare(sandbox);
        pair.source.seed(sandbox, k_repo, 5, 1);
        PairSync sync(sandbox, pair, k_repo, pair.target.immediate());
        REQUIRE(sync.sync().exit_code == 0);
        CHECK(sync.ib({"status"}).out.find("target asana: identity: external id (learnt ") != std::string::npos);
        // Every create in doubt, as a run killed before reading the answers leaves the journal: the next run looks
        // each up by its external id (not by a scan of the project's notes) and creates none again.
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(sync.state_path().c_str(), &db) == SQLITE_OK);
        CHECK(sqlite3_exec(db, "UPDATE links SET status = 'creating', target_id = '', target_key = '', target_url = ''",
                           nullptr, nullptr, nullptr) == SQLITE_OK);
        CHECK(sqlite3_changes(db) == 5);
        sqlite3_close(db);
        sandbox.admin("POST", "/_sandbox/requests/reset");
        REQUIRE(sync.sync({"--full"}).exit_code == 0);
        CHECK(sandbox.requests("asana", "GET /api/1.0/tasks/{task_gid+}") == 5);
        CHECK(pair.target.creates(sandbox) == 0);
        check_exactly_once(sandbox, pair, k_repo, 5);
    }
    SUBCASE("notes marker (personal access token): never sends external ids again") {
        Sandbox sandbox;
        const Pair pair = GitHubToAsana::pair();
        pair.target.prepare(sandbox);
        pair.source.seed(sandbox, k_repo, 5, 1);
        PairSync sync(sandbox, pair, k_repo, pair.target.immediate());
        REQUIRE(sync.sync().exit_code == 0);
        CHECK(sandbox.requests("asana", "POST /api/1.0/tasks", "400") == 1); // the one refused external id
        CHECK(sync.ib({"status"}).out.find("target asana: identity: notes marker (learnt ") != std::string::npos);
        const auto json = sync.ib({"status", "--json"});
        CHECK(json.out.find(R"("targets":[{"target":"asana","learnt":"identity: notes marker","learnt_at":")") !=
              std::string::npos);
        open_three(sandbox); // created without trying external ids first
        sandbox.admin("POST", "/_sandbox/requests/reset");
        REQUIRE(sync.sync().exit_code == 0);
        CHECK(sandbox.requests("asana", "POST /api/1.0/tasks", "400") == 0);
        CHECK(pair.target.creates(sandbox) == 3);
    }
}

TEST_CASE("asana: a task completed by hand while its issue is open is reported by check-missing and repaired") {
    SUBCASE("notes marker (personal access token)") { hand_completed(GitHubToAsana::pair()); }
    SUBCASE("external id (OAuth token)") { hand_completed(GitHubToAsanaOAuth::pair()); }
}

TEST_SUITE_END();
