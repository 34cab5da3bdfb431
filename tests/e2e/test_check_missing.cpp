// issuebridge check-missing end to end: deleted, edited and orphaned target items found and repaired by the real
// binary against the sandbox.

#include "widgets.hpp"

#include <sqlite3.h>

#include <csignal>
#include <filesystem>
#include <random>
#include <thread>

using namespace issuebridge::testing;

namespace {

const std::string k_jira_issue = "/_sandbox/jira/issues/";

// The Jira key of source item `number`.
std::string key_of(Sandbox& sandbox, int number) {
    const auto jira = jira_items(sandbox);
    const auto it = jira.find(external_id(sandbox, number));
    REQUIRE(it != jira.end());
    return it->second.key;
}

// Requests that change something in Jira (searches and bulk reads are POSTs that do not).
int jira_writes(Sandbox& sandbox) {
    return sandbox.requests("jira", "POST /rest/api/3/issue") +
           sandbox.requests("jira", "PUT /rest/api/3/issue/{issueIdOrKey}") +
           sandbox.requests("jira", "POST /rest/api/3/issue/{issueIdOrKey}/transitions");
}

void lose_state(const SyncSetup& setup) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(setup.state_path() + suffix);
    }
}

// The numbers of the first `n` open source items without labels, and of one that has the label "bug".
std::vector<int> open_items(Sandbox& sandbox, std::size_t n) {
    std::vector<int> out;
    for (const auto& s : source_items(sandbox)) {
        if (!s.closed && s.labels.empty() && out.size() < n) {
            out.push_back(s.number);
        }
    }
    REQUIRE(out.size() == n);
    return out;
}

int labelled_item(Sandbox& sandbox) {
    for (const auto& s : source_items(sandbox)) {
        if (std::find(s.labels.begin(), s.labels.end(), "bug") != s.labels.end()) {
            return s.number;
        }
    }
    FAIL("no item with the label bug");
    return 0;
}

} // namespace

TEST_SUITE_BEGIN("e2e.check-missing");

TEST_CASE("deleted target items are restored and hand edits repaired; a hand-added label is kept") {
    Sandbox sandbox;
    seed(sandbox, 30);
    SyncSetup setup(sandbox, k_repo);
    REQUIRE(setup.sync().exit_code == 0);
    const auto items = open_items(sandbox, 5);
    const int labelled = labelled_item(sandbox);
    const std::string deleted = key_of(sandbox, items[0]);
    sandbox.admin("DELETE", k_jira_issue + deleted);
    sandbox.admin("PUT", k_jira_issue + key_of(sandbox, items[1]), R"({"summary":"renamed by hand"})");
    sandbox.admin("PUT", k_jira_issue + key_of(sandbox, items[2]), R"({"status":"Done"})");
    sandbox.admin("PUT", k_jira_issue + key_of(sandbox, items[3]), R"({"description":"rewritten by hand"})");
    const std::string labelled_key = key_of(sandbox, labelled);
    std::vector<std::string> labels = jira_items(sandbox).at(external_id(sandbox, labelled)).labels;
    labels.erase(std::find(labels.begin(), labels.end(), "bug"));
    std::string json_labels;
    for (const auto& l : labels) {
        json_labels += (json_labels.empty() ? "\"" : ",\"") + l + "\"";
    }
    sandbox.admin("PUT", k_jira_issue + labelled_key, R"({"labels":[)" + json_labels + "]}");
    // A label someone added is theirs: not a difference.
    const std::string kept_key = key_of(sandbox, items[4]);
    auto kept_labels = jira_items(sandbox).at(external_id(sandbox, items[4])).labels;
    sandbox.admin("PUT", k_jira_issue + kept_key, R"({"labels":[")" + kept_labels.at(0) + R"(","triaged"]})");
    const std::string status_before = setup.ib({"status", "--json"}).out;
    sandbox.admin("POST", "/_sandbox/requests/reset");

    const auto report = setup.ib({"check-missing", "--days", "60", "--report-only"});
    CHECK(report.exit_code == 1); // like diff: something is not in sync
    CHECK(report.err == "");
    CHECK(report.out.find("+ " + deleted) != std::string::npos);
    CHECK(report.out.find("(" + deleted + " was deleted)\n") != std::string::npos);
    CHECK(report.out.find("* " + key_of(sandbox, items[1])) != std::string::npos);
    CHECK(report.out.find("  (title)\n") != std::string::npos);
    CHECK(report.out.find("  (state)\n") != std::string::npos);
    CHECK(report.out.find("  (body)\n") != std::string::npos);
    CHECK(report.out.find("  (labels)\n") != std::string::npos);
    CHECK(report.out.find(kept_key) == std::string::npos);
    CHECK(report.out.find("30 checked: 25 in sync, 1 missing, 4 differ, 0 orphans, 0 errors (0 filtered); report only, "
                          "nothing changed\n") != std::string::npos);
    // Report only: nothing written anywhere. Reads are batched: one bulk read of the 30 linked items.
    CHECK(jira_writes(sandbox) == 0);
    CHECK(sandbox.requests("jira", "POST /rest/api/3/issue/bulkfetch") == 1);
    CHECK(sandbox.requests("jira", "GET /rest/api/3/issue/{issueIdOrKey}") == 0);
    CHECK(setup.ib({"status", "--json"}).out == status_before);

    const auto repair = setup.ib({"check-missing", "--days", "60"});
    CHECK(repair.exit_code == 0);
    CHECK(repair.out.find("was deleted; created)\n") != std::string::npos);
    CHECK(repair.out.find("4 differ, 0 orphans, 0 errors (0 filtered); 5 repaired, 0 repairs failed\n") !=
          std::string::npos);
    check_converged(sandbox);
    CHECK(jira_items(sandbox).at(external_id(sandbox, items[1])).summary != "renamed by hand");
    const auto kept = jira_items(sandbox).at(external_id(sandbox, items[4])).labels;
    CHECK(std::find(kept.begin(), kept.end(), "triaged") != kept.end());

    // Everything in sync: under cron (no terminal) it says nothing and exits 0; the next sync writes nothing.
    const auto again = setup.ib({"check-missing", "--days", "60", "--report-only"});
    CHECK(again.exit_code == 0);
    CHECK(again.out == "");
    sandbox.admin("POST", "/_sandbox/requests/reset");
    CHECK(setup.sync({"--full"}).exit_code == 0);
    CHECK(jira_writes(sandbox) == 0);
}

TEST_CASE("the --days window is honoured") {
    Sandbox sandbox;
    sandbox.admin("POST", "/_sandbox/jira/projects", R"({"key":"E2E","name":"End to end","issue_types":["Task"]})");
    sandbox.admin("POST", std::string("/_sandbox/github/repos/") + k_repo + "/generate",
                  R"({"count":60,"seed":3,"days":30})");
    // What the source itself says was updated in the last 10 days.
    httplib::Client github("127.0.0.1", sandbox.port());
    const auto clock = sandbox.admin("GET", "/_sandbox/clock");
    simdjson::dom::parser parser;
    const std::int64_t now_ms = parser.parse(clock)["now_ms"].get_int64().value();
    int recent = 0;
    {
        auto r = github.Get(std::string("/repos/") + k_repo + "/issues?state=all&per_page=100",
                            httplib::Headers{{"Authorization", "Bearer sandbox-github-token"}});
        REQUIRE(r);
        simdjson::dom::parser p;
        for (auto i : p.parse(r->body).get_array()) {
            const std::string updated(i["updated_at"].get_string().value());
            std::tm tm{};
            strptime(updated.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
            recent += timegm(&tm) * 1000 >= now_ms - 10LL * 86400 * 1000 ? 1 : 0;
        }
    }
    REQUIRE(recent > 0);
    REQUIRE(recent < 60);
    SyncSetup setup(sandbox, k_repo);
    const auto r = setup.ib({"check-missing", "--days", "10", "--report-only", "--json"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find(R"("checked":)" + std::to_string(recent) + R"(,"in_sync":0,"missing":)" +
                     std::to_string(recent)) != std::string::npos);
    CHECK(sandbox.requests("jira", "POST /rest/api/3/issue") == 0);
    // Without --report-only exactly those are created.
    CHECK(setup.ib({"check-missing", "--days", "10"}).exit_code == 0);
    CHECK(sandbox.requests("jira", "POST /rest/api/3/issue") == recent);
    CHECK(jira_items(sandbox).size() == static_cast<std::size_t>(recent));
}

TEST_CASE("a lost state: items are reported as orphans, adopted as they stand, and nothing is written twice") {
    Sandbox sandbox;
    seed(sandbox, 20);
    SyncSetup setup(sandbox, k_repo);
    REQUIRE(setup.sync().exit_code == 0);
    lose_state(setup);
    const std::string edited = key_of(sandbox, open_items(sandbox, 1)[0]);
    sandbox.admin("PUT", k_jira_issue + edited, R"({"summary":"renamed by hand"})");
    sandbox.admin("POST", "/_sandbox/requests/reset");

    const auto report = setup.ib({"check-missing", "--days", "60", "--report-only"});
    CHECK(report.exit_code == 1);
    CHECK(report.out.find("20 checked: 0 in sync, 0 missing, 0 differ, 20 orphans") != std::string::npos);
    CHECK(report.out.find("(no link knows it; differs: title)\n") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(setup.state_path())); // report only creates no state either

    const auto repair = setup.ib({"check-missing", "--days", "60"});
    CHECK(repair.exit_code == 0);
    CHECK(repair.out.find("20 orphans, 0 errors (0 filtered); 20 repaired, 0 repairs failed\n") != std::string::npos);
    // One write: the title put back; the others were adopted as they stand.
    CHECK(sandbox.requests("jira", "PUT /rest/api/3/issue/{issueIdOrKey}") == 1);
    CHECK(sandbox.requests("jira", "POST /rest/api/3/issue") == 0);
    check_converged(sandbox);
    sandbox.admin("POST", "/_sandbox/requests/reset");
    CHECK(setup.sync({"--full"}).exit_code == 0);
    CHECK(jira_writes(sandbox) == 0);
}

TEST_CASE("the report and --json formats are pinned") {
    Sandbox sandbox;
    seed(sandbox, 3);
    SyncSetup setup(sandbox, k_repo);
    REQUIRE(setup.sync().exit_code == 0);
    const auto source = source_items(sandbox, "&sort=updated&direction=asc"); // as check-missing lists them
    REQUIRE(source.size() == 3);
    const auto jira = jira_items(sandbox);
    const auto& a = source[0];
    const auto& b = source[1];
    const std::string key_a = jira.at(external_id(sandbox, a.number)).key;
    const std::string key_b = jira.at(external_id(sandbox, b.number)).key;
    sandbox.admin("DELETE", k_jira_issue + key_a);
    sandbox.admin("PUT", k_jira_issue + key_b, R"({"summary":"renamed by hand"})");

    const auto text = setup.ib({"check-missing", "--days", "60", "--report-only", "-v"});
    const auto line = [&](char mark, const std::string& key, const SourceItem& s, const std::string& note) {
        char padded[16];
        std::snprintf(padded, sizeof padded, "%-10s", key.c_str());
        return std::string(1, mark) + " " + padded + " " + external_id(sandbox, s.number) + "  " + s.title +
               (note.empty() ? "" : "  (" + note + ")") + "\n";
    };
    CHECK(text.out == line('+', key_a, a, key_a + " was deleted") + line('*', key_b, b, "title") +
                          line('=', jira.at(external_id(sandbox, source[2].number)).key, source[2], "") +
                          "main acme/widgets: 3 checked: 1 in sync, 1 missing, 1 differs, 0 orphans, 0 errors (0 "
                          "filtered); report only, nothing changed\n");

    const auto json = setup.ib({"check-missing", "--days", "60", "--json"});
    CHECK(json.exit_code == 0);
    CHECK(json.err == "");
    const std::string expected_repo =
        R"({"route":"main","repo":"acme/widgets","checked":3,"in_sync":1,"missing":1,"differs":1,"orphans":0,)"
        R"("errors":0,"filtered":0,"repaired":2,"repair_failed":0,"error":"","warning":""})";
    CHECK(json.out.starts_with(
        R"({"command":"check-missing","json_version":1,"days":60,"report_only":false,"exit_code":0,)"
        R"("interrupted":false,"repos":[)" +
        expected_repo + R"(],"items":[)"));
    const std::string created = jira_items(sandbox).at(external_id(sandbox, a.number)).key;
    CHECK(created != key_a);
    CHECK(json.out.find(R"({"route":"main","repo":"acme/widgets","external_id":")" + external_id(sandbox, a.number) +
                        R"(","mark":"+","verdict":"missing","target_key":")" + created + R"(","title":")" + a.title +
                        R"(","detail":")" + key_a + R"( was deleted","repair":"created","repair_error":""})") !=
          std::string::npos);
    CHECK(json.out.find(R"("mark":"*","verdict":"differs","target_key":")" + key_b + R"(","title":")" + b.title +
                        R"(","detail":"title","repair":"updated","repair_error":""})") != std::string::npos);
    CHECK(json.out.find(R"("mark":"=","verdict":"in_sync")") != std::string::npos);
    CHECK(json.out.ends_with("]}\n"));
}

TEST_CASE("progress shows on a terminal only, never with -q or --json") {
    Sandbox sandbox;
    seed(sandbox, 150);
    SyncSetup setup(sandbox, k_repo);
    RunOptions terminal = SyncSetup::environment();
    terminal.terminal = true;
    const auto shown = run(setup.argv({"check-missing", "--days", "60", "--report-only"}), terminal);
    CHECK(shown.exit_code == 1);
    CHECK(shown.out.find("\r\033[Kchecked 100/~200 items") != std::string::npos);
    CHECK(shown.out.find("main acme/widgets: 150 checked") != std::string::npos);
    const auto quiet = run(setup.argv({"-q", "check-missing", "--days", "60", "--report-only"}), terminal);
    CHECK(quiet.out.find('\033') == std::string::npos);
    const auto json = run(setup.argv({"--json", "check-missing", "--days", "60", "--report-only"}), terminal);
    CHECK(json.out.find('\033') == std::string::npos);
    CHECK(json.out.starts_with("{\"command\":\"check-missing\""));
    const auto piped = setup.ib({"check-missing", "--days", "60", "--report-only"});
    CHECK(piped.err.find('\033') == std::string::npos);
    CHECK(piped.out.find('\033') == std::string::npos);
}

TEST_CASE("a source that suddenly lists nothing for a repository with links changes nothing and warns") {
    Sandbox sandbox;
    seed(sandbox, 10);
    SyncSetup setup(sandbox, k_repo);
    REQUIRE(setup.sync().exit_code == 0);
    // The same sandbox (and port, so the same external ids), with the repository now empty.
    sandbox.admin("POST", "/_sandbox/reset", R"({"seed":false})");
    sandbox.admin("POST", "/_sandbox/jira/projects", R"({"key":"E2E","name":"End to end","issue_types":["Task"]})");
    sandbox.admin("PUT", std::string("/_sandbox/github/repos/") + k_repo);
    const auto full = setup.sync({"--full"});
    CHECK(full.exit_code == 0);
    CHECK(full.err == "issuebridge: warning: main acme/widgets: the source listed no item of acme/widgets, though 10 "
                      "are linked; nothing was changed\n");
    const auto check = setup.ib({"check-missing", "--days", "60"});
    CHECK(check.exit_code == 0);
    CHECK(check.err == "issuebridge: warning: main acme/widgets: the source listed no item of acme/widgets updated in "
                       "the last 60 days, though 10 linked items were; nothing was changed\n");
    CHECK(sandbox.jira_requests() == 0);
    CHECK(setup.ib({"status", "--json"}).out.find(R"("linked":10)") != std::string::npos);
}

TEST_CASE("a create of a recent run whose answer never came is left alone until the search can show it") {
    Sandbox sandbox;
    seed(sandbox, 5);
    SyncSetup setup(sandbox, k_repo, "search_lag = 300\n");
    REQUIRE(setup.sync().exit_code == 0);
    // As a run killed between sending a create and reading its answer leaves the journal.
    const std::string id = external_id(sandbox, 2);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(setup.state_path().c_str(), &db) == SQLITE_OK);
    const std::string sql = "UPDATE links SET status = 'creating', target_id = '', target_key = '', target_url = '', "
                            "updated_at = strftime('%s','now') "
                            "WHERE external_id = '" +
                            id + "'";
    CHECK(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    CHECK(sqlite3_changes(db) == 1);
    sqlite3_close(db);
    sandbox.admin("POST", "/_sandbox/requests/reset");
    const auto r = setup.ib({"check-missing", "--days", "60"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("! -          " + id + "  ") != std::string::npos);
    CHECK(r.out.find("(a create of a recent run awaits the target's search; check again in ") != std::string::npos);
    CHECK(r.out.find("5 checked: 4 in sync, 0 missing, 0 differ, 0 orphans, 1 error") != std::string::npos);
    CHECK(jira_writes(sandbox) == 0);
    CHECK(sandbox.requests("jira", "POST /rest/api/3/search/jql") == 0);
}

TEST_CASE("check-missing killed at random instants while it repairs creates nothing twice, with a lagging search") {
    // Jira's index trails writes by 400 ms; issuebridge trusts a marker lookup of a create it lost after 1 s.
    Sandbox sandbox({"--latency-ms", "5", "--search-lag-ms", "400"});
    const std::string target = "search_lag = 1\nrate_limit = \"1000/s\"\n";
    seed(sandbox, 40);
    std::chrono::milliseconds full{};
    {
        SyncSetup timing(sandbox, k_repo, target);
        const auto start = std::chrono::steady_clock::now();
        REQUIRE(timing.ib({"check-missing", "--days", "60"}).exit_code == 0);
        full = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    }
    std::mt19937 rng(7);
    std::uniform_int_distribution<long> when(0, full.count());
    for (int point = 0; point < 6; ++point) {
        for (auto issue : sandbox.jira_issues()) { // every target item gone: all 40 are missing again
            sandbox.admin("DELETE", k_jira_issue + std::string(issue["key"].get_string().value()));
        }
        SyncSetup setup(sandbox, k_repo, target);
        const auto delay = std::chrono::milliseconds(when(rng));
        CAPTURE(point);
        CAPTURE(delay.count());
        {
            Child victim(setup.argv({"check-missing", "--days", "60"}), SyncSetup::environment());
            std::this_thread::sleep_for(delay); // the kill point itself, not a synchronisation
            victim.kill(SIGKILL);
            victim.wait();
        }
        int code = -1;
        for (int run = 0; run < 8 && code != 0; ++run) {
            std::this_thread::sleep_for(std::chrono::milliseconds(run == 0 ? 0 : 1100)); // pending creates wait 1 s
            code = setup.ib({"check-missing", "--days", "60"}).exit_code;
            REQUIRE((code == 0 || code == 1));
        }
        REQUIRE(code == 0);
        check_converged(sandbox); // every source item once on Jira: no duplicate
    }
}

TEST_CASE("unknown --repo and --route are usage errors; a refused token exits 4") {
    Sandbox sandbox;
    seed(sandbox, 3);
    SyncSetup setup(sandbox, k_repo);
    const auto repo = setup.ib({"check-missing", "--days", "1", "--repo", "acme/widget"});
    CHECK(repo.exit_code == 2);
    CHECK(repo.err == "issuebridge: error: no route syncs repository 'acme/widget'\n"
                      "issuebridge: hint: did you mean 'acme/widgets'?\n");
    const auto token = setup.ib({"check-missing", "--days", "60"}, {{"IB_E2E_JIRA", "wrong-token"}});
    CHECK(token.exit_code == 4);
    CHECK(token.err.find("target 'jira' refused our credentials (check IB_E2E_JIRA)") != std::string::npos);
    CHECK(token.err.find("wrong-token") == std::string::npos);
}

TEST_SUITE_END();
