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
#include <sys/stat.h>
#include <memory>
#include <unistd.h>
#include <utility>

namespace issuebridge::state {

namespace {

// "IBSG": marks the file as ours, so we never migrate someone else's database.
constexpr int k_application_id = 0x49425347;

// Ordered migrations: k_migrations[i] takes the schema from version i to i + 1 (the later ones are functions: see
// migrate()). Never edit a released one.
constexpr std::array<std::string_view, 4> k_migrations = {
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
    // 4, canonical external ids: GitHub ids as sources/github now spells them (host, owner and repository in
    // lowercase, loopback names as 127.0.0.1, no default port), so that an upgrade re-creates nothing. Only the
    // host has a ':'. A row whose canonical id is taken (a spelling change already made a second item) is left
    // as it was: nothing will look it up again.
    R"sql(
UPDATE OR IGNORE links SET external_id = lower(external_id) WHERE external_id LIKE 'github:%';
UPDATE OR IGNORE links SET external_id = 'github:127.0.0.1' || substr(external_id, 17)
    WHERE substr(external_id, 1, 17) IN ('github:localhost:', 'github:localhost/');
UPDATE OR IGNORE links SET external_id = 'github:127.0.0.1' || substr(external_id, 13)
    WHERE substr(external_id, 1, 13) IN ('github:[::1]:', 'github:[::1]/');
UPDATE OR IGNORE links SET external_id = replace(replace(external_id, ':443/', '/'), ':80/', '/')
    WHERE external_id LIKE 'github:%:443/%' OR external_id LIKE 'github:%:80/%';
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

// 6, opaque link memos: the `labels` column becomes `memo`, which the target owns (state::Link::memo). The values
// stay as they are: the labels JSON array the target wrote, which is Jira's memo format, or ''.
void migrate_link_memo(sqlite3* db) { exec(db, "ALTER TABLE links RENAME COLUMN labels TO memo", "migrate"); }

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

Store Store::open(const std::filesystem::path& path, Mode mode) {
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
        refuse(path, "was written by a newer issuebridge (schema version " + std::to_string(version) +
                         "; this one understands up to " + std::to_string(k_schema_version) + ")",
               "it was left untouched; run the newer issuebridge, or point [state] path or --state at another file");
    }
    if (mode == Mode::read_write) {
        // FULL: a journaled `creating` row must survive power loss before its create call is sent.
        exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON", "configure");
        store.migrate();
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
    store.migrate();
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

void Store::migrate() {
    for (int version = schema_version(); version < k_schema_version;) {
        int to = version + 1;
        transaction([&] {
            if (static_cast<std::size_t>(version) < k_migrations.size()) {
                exec(m_db, std::string(k_migrations[static_cast<std::size_t>(version)]).c_str(), "migrate");
            } else {
                // TODO(merge): step 5 (cursors) lands from another branch; then this is 4 -> 5 (cursors) and
                // 5 -> 6 (migrate_link_memo). Until then this branch goes from 4 to 6 in one step.
                migrate_link_memo(m_db);
                to = 6;
            }
            exec(m_db, ("PRAGMA application_id=" + std::to_string(k_application_id)).c_str(), "migrate");
            exec(m_db, ("PRAGMA user_version=" + std::to_string(to)).c_str(), "migrate");
        });
        version = to;
    }
}

void Store::begin() { exec(m_db, "BEGIN IMMEDIATE", "begin"); }
void Store::commit() { exec(m_db, "COMMIT", "commit"); }
void Store::rollback() { sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr); }

} // namespace issuebridge::state
