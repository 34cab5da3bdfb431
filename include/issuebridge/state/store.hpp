#pragma once
// The state cache: one SQLite file (WAL) holding links (source item -> target item), cursors (where polling
// resumes) and runs (what each invocation did). It is what makes creates exactly-once: see DESIGN.md.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct sqlite3;

namespace issuebridge::state {
class Statement;
}

namespace issuebridge::state {

// The schema version this build writes; a database with a higher PRAGMA user_version is refused.
inline constexpr int k_schema_version = 8;

enum class LinkStatus {
    creating, // journaled before the create call; the target may or may not hold the item
    synced,   // the target holds the item as of `fingerprint`
    failed,   // the last attempt failed (see last_error); retried next run, or at next_attempt_at when set
};
const char* to_string(LinkStatus status) noexcept;

struct Link {
    std::string target;      // target name from the config
    std::string external_id; // e.g. "github:github.com/Unidata/MetPy#123"
    std::string route;
    std::string repo;
    std::string target_id;  // the target's id (Jira issue id), empty until created
    std::string target_key; // the human key (SUP-12), if the target has one
    std::string target_url;
    LinkStatus status = LinkStatus::creating;
    std::string fingerprint;       // hash of the Draft last applied
    std::string source_updated_at; // ISO 8601 updated_at of the source item last applied
    std::string target_state;      // "open" or "closed" as last applied
    int attempts = 0;
    std::string last_error;
    // What the target kept about the item when it last wrote it (targets::OperationResult::memo), handed back on
    // the next write; opaque here. Empty: unknown (an adopted item, or one written before schema 2). Rows from
    // before schema 6 hold the labels JSON array the target wrote, or nothing.
    std::string memo;
    std::int64_t created_at = 0; // unix seconds; the journal's age for `creating` rows
    std::int64_t updated_at = 0;
    // For a `failed` row whose failure re-reading the listing cannot fix (an unreadable item, a write the target
    // refused for this item): when to try it again (unix seconds), fetching it alone, since the cursor passed it.
    // 0: not set aside; a failed row without it holds the cursor and is retried by the next listing.
    std::int64_t next_attempt_at = 0;
    // When the item's current run of failures began (unix seconds; 0: it is not failing). Rows failed before schema 7
    // have 0 until they fail again.
    std::int64_t failing_since = 0;
};

// Where the listing of (route, repo) resumes. The position is the source's own (opaque here, see
// sources::Source::advance). Cursors written before schema 5 held a since and an ETag; migration 5 turned each
// into the position {"since":"<since>","etag":"<etag>"} (a JSON object of two strings), which is the form
// GitHub's cursors take.
struct Cursor {
    std::string route;
    std::string repo;
    std::string position;
    std::int64_t last_run_at = 0;
};

// A (route, repo) whose listing failed on its last run (a repository the source does not know, a refused token),
// and since when it has been failing.
struct RepoError {
    std::string route;
    std::string repo;
    std::string error;
    std::int64_t since = 0;
};

// What a target learnt that later runs start from (targets::Memory): `data` is the target's own, `shown` says it
// for people ('status'), `updated_at` is when it last changed (unix seconds).
struct TargetMemory {
    std::string target;
    std::string data;
    std::string shown;
    std::int64_t updated_at = 0;
};

// An external id as the source type that made it spells ids now (sources::canonical_id); see Store::open.
using IdSpelling = std::function<std::string(std::string_view external_id)>;

// How many links of one (route, repo) are in each status.
struct LinkCounts {
    std::string route;
    std::string repo;
    int synced = 0;
    int creating = 0;
    int failed = 0;
};

struct Run {
    std::int64_t id = 0;
    std::string command;
    std::int64_t started_at = 0;
    std::int64_t finished_at = 0; // 0 while running (or if the run was killed)
    int created = 0;
    int updated = 0;
    int transitioned = 0;
    int failed = 0;
    int exit_code = -1;
};

class Store {
public:
    enum class Mode { read_write, read_only };

    // Opens (creating it, mode 0600, in a 0700 directory, when absent and read_write) and migrates the database.
    // Throws util::Error when the file is not an issuebridge database, is corrupt, or comes from a newer
    // issuebridge; such a file is never modified. read_only on a missing file throws too. Migration 4 (canonical
    // external ids) respells every link's id with `canonical` when given (a row whose new id is taken stays as
    // it was), and leaves ids as they are without it.
    static Store open(const std::filesystem::path& path, Mode mode = Mode::read_write,
                      const IdSpelling& canonical = {});
    // A private in-memory database (tests, --dry-run).
    static Store in_memory();

    Store(Store&&) noexcept;
    Store& operator=(Store&&) noexcept;
    ~Store();

    int schema_version() const;
    const std::filesystem::path& path() const noexcept { return m_path; }

    // Runs `work` in one transaction: committed when it returns, rolled back when it throws.
    template <typename F> void transaction(F&& work) {
        begin();
        try {
            work();
        } catch (...) {
            rollback();
            throw;
        }
        commit();
    }

    std::optional<Link> find_link(const std::string& target, const std::string& external_id) const;
    // The links of `target` among `external_ids`, by external id, in one query (a page's worth at a time).
    std::map<std::string, Link> find_links(const std::string& target,
                                           const std::vector<std::string>& external_ids) const;
    // Inserts or replaces the link with the same (target, external_id); stamps updated_at (and created_at on insert).
    void put_link(Link link);
    // put_link for many, in one statement per 100.
    void put_links(const std::vector<Link>& links);
    // Every link of a route (all routes when empty), ordered by external id.
    std::vector<Link> links(const std::string& route = {}) const;

    // The links of (route, repo) whose target item was last left open (target_state 'open'), by external id.
    std::vector<Link> open_links(const std::string& route, const std::string& repo) const;
    // How many links of (route, repo) record a source item updated at or after `since` (ISO 8601; empty: all).
    int count_links(const std::string& route, const std::string& repo, const std::string& since = {}) const;
    // Link counts per (route, repo), ordered by route and repo.
    std::vector<LinkCounts> link_counts() const;
    // The links in `status` (with their last_error), ordered by route, repo and external id; at most `limit`.
    std::vector<Link> links_in(LinkStatus status, int limit) const;
    // The links of (route, repo) set aside for a retry that is due at `now`: not synced, 0 < next_attempt_at <= now
    // (a `creating` one is a retry whose create had no answer), the most overdue first; at most `limit`.
    std::vector<Link> due_retries(const std::string& route, const std::string& repo, std::int64_t now, int limit) const;

    std::optional<Cursor> find_cursor(const std::string& route, const std::string& repo) const;
    void put_cursor(const Cursor& cursor);
    std::vector<Cursor> cursors() const;

    // Records how the listing of (route, repo) ended on this run: `error`, or "" when it read to its end (which
    // clears it). A repeated error keeps the time it began; a new one begins at `now`.
    void put_repo_error(const std::string& route, const std::string& repo, const std::string& error, std::int64_t now);
    // The (route, repo) pairs whose last listing failed, ordered by route and repo.
    std::vector<RepoError> repo_errors() const;

    // What `target` learnt on earlier runs; nullopt when it never kept anything.
    std::optional<TargetMemory> find_target_memory(const std::string& target) const;
    // Inserts or replaces the memory of memory.target; stamps updated_at.
    void put_target_memory(TargetMemory memory);
    // Every target's, ordered by name.
    std::vector<TargetMemory> target_memories() const;

    // Records the start of a run and returns its id.
    std::int64_t begin_run(const std::string& command);
    void finish_run(const Run& run);
    // The most recent runs, newest first.
    std::vector<Run> recent_runs(int limit) const;

private:
    explicit Store(sqlite3* db, std::filesystem::path path);
    void migrate(const IdSpelling& canonical);
    void begin();
    void commit();
    void rollback();

    // The statement for `sql`, prepared once per store and reset for reuse (the hot path runs them per item).
    Statement& cached(std::string_view sql) const;

    sqlite3* m_db = nullptr;
    std::filesystem::path m_path;
    mutable std::vector<std::pair<std::string_view, std::unique_ptr<Statement>>> m_statements;
    std::vector<std::unique_ptr<Statement>> m_put_many; // [n]: the upsert of n + 1 rows, prepared when first used
};

} // namespace issuebridge::state
