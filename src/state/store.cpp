#include "issuebridge/state/store.hpp"

#include "statement.hpp"

#include "issuebridge/util/error.hpp"

#include <sqlite3.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace issuebridge::state {

namespace {

// "IBSG": marks the file as ours, so we never migrate someone else's database.
constexpr int k_application_id = 0x49425347;

// Ordered migrations: k_migrations[i] takes the schema from version i to i + 1. Never edit a released one.
constexpr std::array<std::string_view, k_schema_version> k_migrations = {
    R"sql(
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
)sql",
    // 2: the labels last written, so that an update removes only ours ('' = unknown, else a JSON array).
    R"sql(
ALTER TABLE links ADD COLUMN labels TEXT NOT NULL DEFAULT '';
)sql",
    // 3, retries: when a failed item the cursor passed is tried again (0 = not set aside).
    R"sql(
ALTER TABLE links ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
)sql",
    // 4, canonical external ids: ids as their source type now spells them, so that an upgrade re-creates
    // nothing. The source types know the spellings: see respell(), run with this step when Store::open is given
    // them. (Written as SQL for GitHub ids before 5; the hook does the same, for every type.)
    R"sql(
SELECT 1;
)sql",
    // 5, opaque cursors: the position is the source's; a since and an ETag become {"since":"...","etag":"..."}.
    R"sql(
CREATE TABLE cursors_5 (
    route       TEXT NOT NULL,
    repo        TEXT NOT NULL,
    position    TEXT NOT NULL DEFAULT '',
    last_run_at INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (route, repo)
) WITHOUT ROWID;
INSERT INTO cursors_5 (route, repo, position, last_run_at)
    SELECT route, repo, json_object('since', since, 'etag', etag), last_run_at FROM cursors;
DROP TABLE cursors;
ALTER TABLE cursors_5 RENAME TO cursors;
)sql",
    // 6, opaque link memos: `labels` becomes `memo`, which the target owns (state::Link::memo). The values stay as
    // they are: the labels JSON array the target wrote, or ''.
    R"sql(
ALTER TABLE links RENAME COLUMN labels TO memo;
)sql",
    // 7, failures people should hear of: when an item's current run of failures began, and the repositories whose
    // listing failed, since when ('status', 'status --check').
    R"sql(
ALTER TABLE links ADD COLUMN failing_since INTEGER NOT NULL DEFAULT 0;
CREATE TABLE repo_errors (
    route TEXT NOT NULL,
    repo  TEXT NOT NULL,
    error TEXT NOT NULL,
    since INTEGER NOT NULL,
    PRIMARY KEY (route, repo)
) WITHOUT ROWID;
)sql",
    // 8, what targets learn for later runs (targets::Memory): Asana's identity mode and Events sync token.
    R"sql(
CREATE TABLE target_memory (
    target     TEXT NOT NULL PRIMARY KEY,
    data       TEXT NOT NULL,
    shown      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
};

// A fresh state must not re-create what the targets hold: 'state adopt' links it again from the markers.
constexpr const char* k_move_aside = "it was left untouched; move it aside, then run 'issuebridge state adopt' to "
                                     "rebuild the links from the markers on the targets (or point [state] path or "
                                     "--state at another file)";

[[noreturn]] void refuse(const std::filesystem::path& path, const std::string& why,
                         const std::string& hint = k_move_aside) {
    throw util::Error("'" + path.string() + "' " + why, hint, util::ExitCode::usage);
}

// A non-empty file that does not start with SQLite's header is not ours to open, let alone to overwrite.
void check_header(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    char header[16] = {};
    in.read(header, sizeof header);
    if (in.gcount() > 0 && (in.gcount() < 16 || std::memcmp(header, "SQLite format 3", 16) != 0)) {
        refuse(path, "is not an issuebridge state database");
    }
}

// Creates the file with mode 0600 (and its directory with 0700) so the WAL and SHM files SQLite adds inherit it.
void create_private(const std::filesystem::path& path) {
    const auto dir = path.parent_path();
    if (!dir.empty() && !std::filesystem::exists(dir)) {
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec) {
            throw_unusable("create the state directory", dir, ec.value());
        }
        std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
    }
    const int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0) {
        throw_unusable("create state database", path, errno);
    }
    ::close(fd);
}

void exec(sqlite3* db, const char* sql, std::string_view what) {
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
        throw_sqlite(db, what);
    }
}

int pragma_int(sqlite3* db, const char* name) {
    Statement s(db, std::string("PRAGMA ") + name);
    return s.step() ? static_cast<int>(s.integer(0)) : 0;
}

// Migration 4's work: every link's external id as `canonical` spells it. A row whose canonical id is taken (a
// spelling change already made a second item) is left as it was: nothing will look it up again.
void respell(sqlite3* db, const IdSpelling& canonical) {
    std::vector<std::pair<std::string, std::string>> keys; // (target, external_id)
    {
        Statement s(db, "SELECT target, external_id FROM links ORDER BY target, external_id");
        while (s.step()) {
            keys.emplace_back(s.text(0), s.text(1));
        }
    }
    for (const auto& [target, id] : keys) {
        const std::string spelled = canonical(id);
        if (spelled != id) {
            Statement u(db, "UPDATE OR IGNORE links SET external_id = ?1 WHERE target = ?2 AND external_id = ?3");
            u.bind(1, spelled).bind(2, target).bind(3, id);
            u.run();
        }
    }
}

} // namespace

const char* to_string(LinkStatus status) noexcept {
    switch (status) {
    case LinkStatus::creating:
        return "creating";
    case LinkStatus::synced:
        return "synced";
    case LinkStatus::failed:
        return "failed";
    }
    return "failed";
}

Store Store::open(const std::filesystem::path& path, Mode mode, const IdSpelling& canonical) {
    const bool exists = std::filesystem::exists(path);
    if (!exists && mode == Mode::read_only) {
        throw util::Error("no state database at '" + path.string() + "'", "run 'issuebridge sync' first");
    }
    if (exists && std::filesystem::is_directory(path)) {
        throw_unusable("use state database", path, EISDIR);
    }
    if (exists) {
        check_header(path);
    } else {
        create_private(path);
    }
    sqlite3* db = nullptr;
    const int flags = mode == Mode::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        const std::string message = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        throw util::Error("cannot open state database '" + path.string() + "': " + message);
    }
    Store store(db, path);
    sqlite3_busy_timeout(db, 5000);
    // Reading the schema makes SQLite look at the whole header and schema pages: garbage fails here.
    if (sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr) != SQLITE_OK) {
        refuse(path, std::string("is corrupt or not a database (") + sqlite3_errmsg(db) + ")");
    }
    const int app_id = pragma_int(db, "application_id");
    const int version = pragma_int(db, "user_version");
    const bool empty = pragma_int(db, "page_count") <= 1 && version == 0;
    if (!empty && app_id != k_application_id) {
        refuse(path, "is an SQLite database, but not an issuebridge state database");
    }
    if (version > k_schema_version) {
        refuse(path,
               "was written by a newer issuebridge (schema version " + std::to_string(version) +
                   "; this one understands up to " + std::to_string(k_schema_version) + ")",
               "it was left untouched; run the newer issuebridge, or point [state] path or --state at another file");
    }
    if (mode == Mode::read_write) {
        // FULL: a journaled `creating` row must survive power loss before its create call is sent.
        exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON", "configure");
        store.migrate(canonical);
    } else if (version < k_schema_version) {
        refuse(path, "needs an upgrade that a read-only command cannot make");
    }
    return store;
}

Store Store::in_memory() {
    sqlite3* db = nullptr;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
        sqlite3_close(db);
        throw util::Error("cannot open an in-memory state database");
    }
    Store store(db, ":memory:");
    store.migrate({});
    return store;
}

Store::Store(sqlite3* db, std::filesystem::path path) : m_db(db), m_path(std::move(path)) {}

Store::Store(Store&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_path(std::move(other.m_path)),
      m_statements(std::move(other.m_statements)), m_put_many(std::move(other.m_put_many)) {}

Store& Store::operator=(Store&& other) noexcept {
    if (this != &other) {
        m_statements.clear();
        m_put_many.clear();
        sqlite3_close(m_db);
        m_db = std::exchange(other.m_db, nullptr);
        m_path = std::move(other.m_path);
        m_statements = std::move(other.m_statements);
        m_put_many = std::move(other.m_put_many);
    }
    return *this;
}

Store::~Store() {
    m_statements.clear(); // finalized before the database closes
    m_put_many.clear();
    sqlite3_close(m_db);
}

Statement& Store::cached(std::string_view sql) const {
    for (auto& [text, statement] : m_statements) {
        if (text.data() == sql.data()) {
            statement->reset();
            return *statement;
        }
    }
    return *m_statements.emplace_back(sql, std::make_unique<Statement>(m_db, sql)).second;
}

int Store::schema_version() const { return pragma_int(m_db, "user_version"); }

void Store::migrate(const IdSpelling& canonical) {
    for (int version = schema_version(); version < k_schema_version; ++version) {
        transaction([&] {
            exec(m_db, std::string(k_migrations[static_cast<std::size_t>(version)]).c_str(), "migrate");
            if (version + 1 == 4 && canonical) {
                respell(m_db, canonical);
            }
            exec(m_db, ("PRAGMA application_id=" + std::to_string(k_application_id)).c_str(), "migrate");
            exec(m_db, ("PRAGMA user_version=" + std::to_string(version + 1)).c_str(), "migrate");
        });
    }
}

void Store::begin() { exec(m_db, "BEGIN IMMEDIATE", "begin"); }
void Store::commit() { exec(m_db, "COMMIT", "commit"); }
void Store::rollback() { sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr); }

} // namespace issuebridge::state
