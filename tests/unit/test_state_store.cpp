#include "sources/github/github.hpp"

#include "issuebridge/state/lock.hpp"
#include "issuebridge/state/store.hpp"
#include "issuebridge/util/error.hpp"

#include "support/tempdir.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <csignal>
#include <fstream>
#include <functional>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace issuebridge;
using issuebridge::testing::TempDir;

namespace {

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const util::Error& e) {
        return e.what();
    }
    return "no error";
}

void sql(const std::filesystem::path& path, const std::string& statement) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, statement.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
}

} // namespace

TEST_SUITE_BEGIN("state.store");

// Takes a database of this build back to schema 4's tables (the caller sets user_version): links kept the labels
// written (schema 6 calls them the memo), cursors a since and an ETag (schema 5 made them one position), and
// neither failing_since nor repo_errors (schema 7), nor target_memory (schema 8).
constexpr std::string_view k_back_to_schema_4 = R"sql(
DROP TABLE target_memory;
ALTER TABLE links DROP COLUMN failing_since;
DROP TABLE repo_errors;
ALTER TABLE links RENAME COLUMN memo TO labels;
ALTER TABLE cursors RENAME COLUMN position TO since;
ALTER TABLE cursors ADD COLUMN etag TEXT NOT NULL DEFAULT '';
)sql";

TEST_CASE("a new database is created private, in WAL mode, at the current schema") {
    TempDir dir;
    const auto path = dir / "sub" / "state.db";
    {
        auto store = state::Store::open(path);
        CHECK(store.schema_version() == state::k_schema_version);
    }
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    REQUIRE(::stat(path.parent_path().c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(s) == SQLITE_ROW);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 0))) == "wal");
    sqlite3_finalize(s);
    sqlite3_close(db);
}

TEST_CASE("links, cursors and runs round-trip and survive reopening") {
    TempDir dir;
    const auto path = dir / "state.db";
    {
        auto store = state::Store::open(path);
        state::Link link;
        link.target = "jira";
        link.external_id = "github:github.com/o/r#1";
        link.route = "r1";
        link.repo = "o/r";
        store.transaction([&] { store.put_link(link); });
        link.status = state::LinkStatus::synced;
        link.target_id = "10001";
        link.target_key = "SUP-1";
        link.fingerprint = "abc";
        link.attempts = 2;
        store.put_link(link);
        store.put_cursor({"r1", "o/r", "opaque position", 42});
        const auto id = store.begin_run("sync");
        store.finish_run({id, "sync", 0, 0, 3, 1, 1, 0, 0});
    }
    auto store = state::Store::open(path);
    const auto link = store.find_link("jira", "github:github.com/o/r#1");
    REQUIRE(link);
    CHECK(link->status == state::LinkStatus::synced);
    CHECK(link->target_key == "SUP-1");
    CHECK(link->attempts == 2);
    CHECK(link->created_at > 0);
    CHECK_FALSE(store.find_link("asana", "github:github.com/o/r#1"));
    CHECK(store.links("r1").size() == 1);
    CHECK(store.links("other").empty());
    CHECK(store.find_cursor("r1", "o/r")->position == "opaque position");
    CHECK(store.find_cursor("r1", "o/r")->last_run_at == 42);
    const auto runs = store.recent_runs(5);
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].created == 3);
    CHECK(runs[0].exit_code == 0);
    CHECK(runs[0].finished_at > 0);
}

TEST_CASE("a repository's listing error keeps the time it began until a listing reads to its end") {
    auto store = state::Store::in_memory();
    store.put_repo_error("r", "o/a", "repository 'o/a' does not exist", 100);
    store.put_repo_error("r", "o/b", "refused", 150);
    store.put_repo_error("r", "o/a", "repository 'o/a' is gone", 200); // still failing: since stays
    auto errors = store.repo_errors();
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].repo == "o/a");
    CHECK(errors[0].error == "repository 'o/a' is gone");
    CHECK(errors[0].since == 100);
    store.put_repo_error("r", "o/a", "", 300); // read to its end
    store.put_repo_error("r", "o/a", "again", 400);
    errors = store.repo_errors();
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].since == 400);
    CHECK(errors[1].repo == "o/b");
}

TEST_CASE("a link's failing_since round-trips, and a schema 6 database's links start with none") {
    TempDir dir;
    const auto path = dir / "state.db";
    {
        auto store = state::Store::open(path);
        state::Link l;
        l.target = "jira";
        l.route = "r";
        l.external_id = "github:github.com/o/r#1";
        l.status = state::LinkStatus::failed;
        l.failing_since = 1234;
        store.put_link(l);
        CHECK(store.find_link("jira", l.external_id)->failing_since == 1234);
    }
    // Back to schema 6: neither the column nor the table.
    sql(path, "DROP TABLE target_memory; ALTER TABLE links DROP COLUMN failing_since; DROP TABLE repo_errors; "
              "PRAGMA user_version = 6;");
    auto store = state::Store::open(path);
    CHECK(store.schema_version() == state::k_schema_version);
    CHECK(store.find_link("jira", "github:github.com/o/r#1")->failing_since == 0);
    CHECK(store.find_link("jira", "github:github.com/o/r#1")->status == state::LinkStatus::failed);
    CHECK(store.repo_errors().empty());
}

TEST_CASE("what a target learnt round-trips per target, and a schema 7 database starts with none") {
    TempDir dir;
    const auto path = dir / "state.db";
    {
        auto store = state::Store::open(path);
        CHECK_FALSE(store.find_target_memory("asana"));
        store.put_target_memory({"asana", R"({"identity":"notes"})", "identity: notes marker", 0});
        store.put_target_memory({"board", "x", "", 0});
        store.put_target_memory({"asana", R"({"identity":"external"})", "identity: external id", 0});
        const auto kept = store.find_target_memory("asana");
        REQUIRE(kept);
        CHECK(kept->data == R"({"identity":"external"})");
        CHECK(kept->shown == "identity: external id");
        CHECK(kept->updated_at > 0);
        const auto all = store.target_memories();
        REQUIRE(all.size() == 2);
        CHECK(all[0].target == "asana");
        CHECK(all[1].target == "board");
    }
    sql(path, "DROP TABLE target_memory; PRAGMA user_version = 7;");
    auto store = state::Store::open(path);
    CHECK(store.schema_version() == state::k_schema_version);
    CHECK(store.target_memories().empty());
}

TEST_CASE("a transaction that throws leaves nothing behind") {
    auto store = state::Store::in_memory();
    state::Link link;
    link.target = "jira";
    link.external_id = "x";
    CHECK_THROWS_AS(store.transaction([&] {
        store.put_link(link);
        throw std::runtime_error("crash mid-page");
    }),
                    std::runtime_error);
    CHECK_FALSE(store.find_link("jira", "x"));
}

TEST_CASE("a file that is not SQLite is refused and left untouched") {
    TempDir dir;
    const auto path = dir.write("state.db", "this is my shopping list, not a database\n");
    const auto message = error_of([&] { (void)state::Store::open(path); });
    CHECK(message == "'" + path.string() + "' is not an issuebridge state database");
    CHECK(testing::read_file(path) == "this is my shopping list, not a database\n");
}

TEST_CASE("a corrupt database is refused and left untouched") {
    TempDir dir;
    const auto path = dir / "state.db";
    { auto store = state::Store::open(path); }
    std::string bytes = testing::read_file(path);
    REQUIRE(bytes.size() > 200);
    for (std::size_t i = 100; i < bytes.size(); ++i) {
        bytes[i] = static_cast<char>(0xA5);
    }
    std::ofstream(path, std::ios::binary) << bytes;
    std::filesystem::remove(path.string() + "-wal");
    const auto message = error_of([&] { (void)state::Store::open(path); });
    CHECK(message.starts_with("'" + path.string() + "' is corrupt or not a database ("));
    CHECK(testing::read_file(path) == bytes);
    try {
        (void)state::Store::open(path);
    } catch (const util::Error& e) {
        // A fresh state would re-create what the target holds, unless the links are adopted again first.
        CHECK(e.hint().find("move it aside, then run 'issuebridge state adopt'") != std::string::npos);
    }
}

TEST_CASE("the target's memo round-trips as it was given, empty being unknown") {
    auto store = state::Store::in_memory();
    state::Link link;
    link.target = "jira";
    link.route = "r";
    link.repo = "o/r";
    const std::vector<std::string> cases{"", "[]", R"(["bug","good first issue","\"q\""])", "not json, opaque"};
    for (std::size_t i = 0; i < cases.size(); ++i) {
        link.external_id = "github:github.com/o/r#" + std::to_string(i);
        link.memo = cases[i];
        store.put_link(link);
        CHECK(store.find_link("jira", link.external_id)->memo == cases[i]);
    }
}

TEST_CASE("a schema 1 database is migrated in place; its links' memos are unknown") {
    TempDir dir;
    const auto path = dir / "state.db";
    sql(path, R"sql(
CREATE TABLE links (
    target            TEXT NOT NULL,
    external_id       TEXT NOT NULL,
    route             TEXT NOT NULL,
    repo              TEXT NOT NULL,
    target_id         TEXT NOT NULL DEFAULT '',
    target_key        TEXT NOT NULL DEFAULT '',
    target_url        TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL CHECK (status IN ('creating', 'synced', 'failed')),
    fingerprint       TEXT NOT NULL DEFAULT '',
    source_updated_at TEXT NOT NULL DEFAULT '',
    target_state      TEXT NOT NULL DEFAULT '',
    attempts          INTEGER NOT NULL DEFAULT 0,
    last_error        TEXT NOT NULL DEFAULT '',
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    PRIMARY KEY (target, external_id)
);
CREATE INDEX links_by_route ON links (route, repo, status);
CREATE TABLE cursors (
    route       TEXT NOT NULL,
    repo        TEXT NOT NULL,
    since       TEXT NOT NULL DEFAULT '',
    etag        TEXT NOT NULL DEFAULT '',
    last_run_at INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (route, repo)
) WITHOUT ROWID;
CREATE TABLE runs (
    id           INTEGER PRIMARY KEY,
    command      TEXT NOT NULL,
    pid          INTEGER NOT NULL,
    started_at   INTEGER NOT NULL,
    finished_at  INTEGER NOT NULL DEFAULT 0,
    created      INTEGER NOT NULL DEFAULT 0,
    updated      INTEGER NOT NULL DEFAULT 0,
    transitioned INTEGER NOT NULL DEFAULT 0,
    failed       INTEGER NOT NULL DEFAULT 0,
    exit_code    INTEGER NOT NULL DEFAULT -1
);
PRAGMA application_id = 1229083463;
PRAGMA user_version = 1;
INSERT INTO links (target, external_id, route, repo, target_id, status, fingerprint, created_at, updated_at)
VALUES ('jira', 'github:github.com/o/r#1', 'r', 'o/r', '10001', 'synced', 'abc', 1, 1);
)sql");
    auto store = state::Store::open(path);
    CHECK(store.schema_version() == state::k_schema_version);
    const auto link = store.find_link("jira", "github:github.com/o/r#1");
    REQUIRE(link);
    CHECK(link->target_id == "10001");
    CHECK(link->fingerprint == "abc");
    CHECK(link->memo.empty());
    CHECK(link->next_attempt_at == 0); // (migration 3, retries) nothing was set aside
}

TEST_CASE("items set aside come back once their retry is due, the most overdue first") {
    auto store = state::Store::in_memory();
    const auto link = [](std::string id, state::LinkStatus status, std::int64_t next, std::string repo = "o/r") {
        state::Link l;
        l.target = "jira";
        l.external_id = "github:github.com/o/r#" + id;
        l.route = "main";
        l.repo = std::move(repo);
        l.status = status;
        l.next_attempt_at = next;
        l.last_error = "field 'title' must be a string";
        return l;
    };
    store.put_links({link("1", state::LinkStatus::failed, 2000), link("2", state::LinkStatus::failed, 1000),
                     link("3", state::LinkStatus::failed, 0), link("4", state::LinkStatus::synced, 0),
                     link("5", state::LinkStatus::failed, 900, "o/other"),
                     link("6", state::LinkStatus::creating, 1500)});
    const auto ids = [&](std::int64_t now, int limit) {
        std::vector<std::string> out;
        for (const auto& l : store.due_retries("main", "o/r", now, limit)) {
            out.push_back(l.external_id.substr(l.external_id.find('#') + 1));
        }
        return out;
    };
    CHECK(ids(999, 10).empty());
    CHECK(ids(1000, 10) == std::vector<std::string>{"2"});
    CHECK(ids(5000, 10) == std::vector<std::string>{"2", "6", "1"});
    CHECK(ids(5000, 1) == std::vector<std::string>{"2"});
    CHECK(store.find_link("jira", "github:github.com/o/r#1")->next_attempt_at == 2000);
}

TEST_CASE("a state path that cannot be made is a setting to fix (exit 2), naming the path") {
    TempDir dir;
    std::ofstream(dir / "afile") << "not a directory";
    const auto path = dir / "afile" / "state.db";
    try {
        state::RunLock lock(path);
        FAIL("no error");
    } catch (const util::Error& e) {
        CHECK(std::string(e.what()).starts_with("cannot create the state directory '" + (dir / "afile").string() +
                                                "': "));
        CHECK(e.exit_code() == util::ExitCode::usage);
        CHECK(e.hint() == "make it writable, or point [state] path or --state at a file in a writable directory");
    }
    try {
        state::Store::open(path);
        FAIL("no error");
    } catch (const util::Error& e) {
        CHECK(e.exit_code() == util::ExitCode::usage);
    }
}

TEST_CASE("a schema 3 database gets canonical external ids, so a spelling of the past re-creates nothing") {
    TempDir dir;
    const auto path = dir / "state.db";
    {
        auto store = state::Store::open(path);
        state::Link l;
        l.target = "jira";
        l.route = "r";
        l.status = state::LinkStatus::synced;
        for (const char* id : {"github:github.com/Octo-Org/Demo#1", "github:GHE.example.com:443/A/B#2",
                               "github:localhost:8080/o/r#3", "github:[::1]:80/o/r#4", "github:127.0.0.1:8080/o/r#5",
                               "github:github.com/Twice/Made#6", "github:github.com/twice/made#6"}) {
            l.external_id = id;
            l.target_id = id;
            store.put_link(l);
        }
    }
    sql(path, std::string(k_back_to_schema_4) + "PRAGMA user_version = 3;");
    auto store = state::Store::open(path, state::Store::Mode::read_write, sources::github::canonical_id);
    CHECK(store.schema_version() == state::k_schema_version);
    std::vector<std::string> ids;
    for (const auto& l : store.links()) {
        ids.push_back(l.external_id + " " + l.target_id);
    }
    CHECK(ids == std::vector<std::string>{
                     "github:127.0.0.1/o/r#4 github:[::1]:80/o/r#4",
                     "github:127.0.0.1:8080/o/r#3 github:localhost:8080/o/r#3",
                     "github:127.0.0.1:8080/o/r#5 github:127.0.0.1:8080/o/r#5",
                     "github:ghe.example.com/a/b#2 github:GHE.example.com:443/A/B#2",
                     // Made twice by an earlier spelling change: the canonical one stays, the other is left alone.
                     "github:github.com/Twice/Made#6 github:github.com/Twice/Made#6",
                     "github:github.com/octo-org/demo#1 github:github.com/Octo-Org/Demo#1",
                     "github:github.com/twice/made#6 github:github.com/twice/made#6",
                 });
}

TEST_CASE("without the source types' spellings, migration 4 leaves ids as they are") {
    TempDir dir;
    const auto path = dir / "state.db";
    {
        auto store = state::Store::open(path);
        state::Link l;
        l.target = "jira";
        l.route = "r";
        l.external_id = "github:github.com/Octo-Org/Demo#1";
        store.put_link(l);
    }
    sql(path, std::string(k_back_to_schema_4) + "PRAGMA user_version = 3;");
    auto store = state::Store::open(path);
    CHECK(store.schema_version() == state::k_schema_version);
    REQUIRE(store.links().size() == 1);
    CHECK(store.links()[0].external_id == "github:github.com/Octo-Org/Demo#1");
}

TEST_CASE("a schema 4 database keeps the labels its links' targets wrote, as their memo") {
    TempDir dir;
    const auto path = dir / "state.db";
    {
        auto store = state::Store::open(path);
        state::Link l;
        l.target = "jira";
        l.route = "r";
        l.status = state::LinkStatus::synced;
        l.external_id = "github:github.com/o/r#1";
        store.put_link(l);
        l.external_id = "github:github.com/o/r#2";
        store.put_link(l);
    }
    // Back to how schema 4 stored them: a `labels` column holding a JSON array of the labels written, or ''.
    sql(path, std::string(k_back_to_schema_4) + R"sql(
UPDATE links SET labels = '["bug","good first issue"]' WHERE external_id = 'github:github.com/o/r#1';
PRAGMA user_version = 4;
)sql");
    auto store = state::Store::open(path);
    CHECK(store.schema_version() == state::k_schema_version);
    CHECK(store.find_link("jira", "github:github.com/o/r#1")->memo == R"(["bug","good first issue"])");
    CHECK(store.find_link("jira", "github:github.com/o/r#2")->memo.empty());
}

TEST_CASE("a schema 4 database's cursors become positions: {\"since\":...,\"etag\":...}") {
    TempDir dir;
    const auto path = dir / "state.db";
    { auto store = state::Store::open(path); }
    sql(path, std::string(k_back_to_schema_4) + R"sql(
DELETE FROM cursors;
INSERT INTO cursors (route, repo, since, etag, last_run_at) VALUES ('main', 'o/r', '2026-01-01T00:00:00Z', 'W/"abc"', 42);
INSERT INTO cursors (route, repo, since, etag, last_run_at) VALUES ('main', 'o/s', '2026-02-01T00:00:00Z', '', 43);
PRAGMA user_version = 4;
)sql");
    auto store = state::Store::open(path);
    CHECK(store.schema_version() == state::k_schema_version);
    const auto cursors = store.cursors();
    REQUIRE(cursors.size() == 2);
    CHECK(cursors[0].position == R"({"since":"2026-01-01T00:00:00Z","etag":"W/\"abc\""})");
    CHECK(cursors[0].last_run_at == 42);
    CHECK(cursors[1].position == R"({"since":"2026-02-01T00:00:00Z","etag":""})");
    // GitHub reads them as the since and ETag they were.
    CHECK(sources::github::read_cursor(cursors[0].position).since == "2026-01-01T00:00:00Z");
    CHECK(sources::github::read_cursor(cursors[0].position).etag == "W/\"abc\"");
}

TEST_CASE("someone else's SQLite database is refused") {
    TempDir dir;
    const auto path = dir / "other.db";
    sql(path, "CREATE TABLE notes (x TEXT)");
    CHECK(error_of([&] { (void)state::Store::open(path); }) ==
          "'" + path.string() + "' is an SQLite database, but not an issuebridge state database");
}

TEST_CASE("a database from a newer issuebridge is refused") {
    TempDir dir;
    const auto path = dir / "state.db";
    { auto store = state::Store::open(path); }
    sql(path, "PRAGMA user_version = 99");
    CHECK(error_of([&] { (void)state::Store::open(path); }) ==
          "'" + path.string() + "' was written by a newer issuebridge (schema version 99; this one understands up to " +
              std::to_string(state::k_schema_version) + ")");
}

TEST_CASE("read-only opening needs an existing database") {
    TempDir dir;
    CHECK(error_of([&] { (void)state::Store::open(dir / "none.db", state::Store::Mode::read_only); }) ==
          "no state database at '" + (dir / "none.db").string() + "'");
    CHECK_FALSE(std::filesystem::exists(dir / "none.db"));
}

TEST_CASE("links are read and written a page at a time") {
    auto store = state::Store::in_memory();
    std::vector<state::Link> links;
    for (int i = 0; i < 250; ++i) {
        state::Link l;
        l.target = i % 2 ? "jira" : "asana";
        l.external_id = "github:github.com/o/r#" + std::to_string(i);
        l.route = "r";
        l.status = state::LinkStatus::synced;
        l.target_key = "K-" + std::to_string(i);
        links.push_back(l);
    }
    store.transaction([&] { store.put_links(links); });
    CHECK(store.links().size() == 250);
    links[1].target_key = "changed";
    store.put_links({links[1]}); // an upsert keeps the row, changes it
    CHECK(store.find_link("jira", links[1].external_id)->target_key == "changed");
    const auto found =
        store.find_links("jira", {links[1].external_id, links[2].external_id, links[3].external_id, "nope"});
    REQUIRE(found.size() == 2); // #2 belongs to asana
    CHECK(found.at(links[1].external_id).target_key == "changed");
    CHECK(found.count(links[3].external_id) == 1);
    CHECK(store.find_link("jira", links[3].external_id)->created_at > 0);
    CHECK(store.find_links("jira", {}).empty());
}

TEST_SUITE_END();

TEST_SUITE_BEGIN("state.lock");

TEST_CASE("a second process cannot take the lock and learns the holder's pid") {
    TempDir dir;
    const auto db = dir / "state.db";
    int ready[2];
    int release[2];
    REQUIRE(pipe(ready) == 0);
    REQUIRE(pipe(release) == 0);
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        state::RunLock lock(db);
        char c = 1;
        (void)!write(ready[1], &c, 1);
        (void)!read(release[0], &c, 1);
        _exit(0);
    }
    char c = 0;
    REQUIRE(read(ready[0], &c, 1) == 1);
    try {
        state::RunLock second(db);
        FAIL("the lock was taken twice");
    } catch (const util::LockError& e) {
        CHECK(e.exit_code() == util::ExitCode::locked);
        CHECK(std::string(e.what()) ==
              "another issuebridge run holds the lock '" + db.string() + ".lock' (pid " + std::to_string(child) + ")");
    }
    // Killed without cleanup, the holder still releases the lock.
    ::kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    CHECK_NOTHROW(state::RunLock third(db));
}

TEST_SUITE_END();
