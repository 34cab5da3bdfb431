// Reads and writes of the links, cursors and runs tables.

#include "issuebridge/state/store.hpp"

#include "statement.hpp"

#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/secrets.hpp"
#include "issuebridge/util/time.hpp"

#include <algorithm>
#include <unistd.h>

namespace issuebridge::state {

namespace {

#define LINK_COLUMNS                                                                                                   \
    "target, external_id, route, repo, target_id, target_key, target_url, status, fingerprint, source_updated_at, "    \
    "target_state, attempts, last_error, memo, next_attempt_at, failing_since, created_at, updated_at"

// Statements on the per-item path; cached by their address, so each must be one constant.
constexpr std::string_view k_find_link = "SELECT " LINK_COLUMNS " FROM links WHERE target = ?1 AND external_id = ?2";
constexpr std::string_view k_find_links = "SELECT " LINK_COLUMNS " FROM links WHERE target = ?1 AND external_id IN "
                                          "(SELECT value FROM json_each(?2))";
LinkStatus parse_status(const std::string& s) {
    return s == "synced" ? LinkStatus::synced : s == "creating" ? LinkStatus::creating : LinkStatus::failed;
}

Link read_link(const Statement& s) {
    Link l;
    l.target = s.text(0);
    l.external_id = s.text(1);
    l.route = s.text(2);
    l.repo = s.text(3);
    l.target_id = s.text(4);
    l.target_key = s.text(5);
    l.target_url = s.text(6);
    l.status = parse_status(s.text(7));
    l.fingerprint = s.text(8);
    l.source_updated_at = s.text(9);
    l.target_state = s.text(10);
    l.attempts = static_cast<int>(s.integer(11));
    l.last_error = s.text(12);
    l.memo = s.text(13);
    l.next_attempt_at = s.integer(14);
    l.failing_since = s.integer(15);
    l.created_at = s.integer(16);
    l.updated_at = s.integer(17);
    return l;
}

Run read_run(const Statement& s) {
    Run r;
    r.id = s.integer(0);
    r.command = s.text(1);
    r.started_at = s.integer(2);
    r.finished_at = s.integer(3);
    r.created = static_cast<int>(s.integer(4));
    r.updated = static_cast<int>(s.integer(5));
    r.transitioned = static_cast<int>(s.integer(6));
    r.failed = static_cast<int>(s.integer(7));
    r.exit_code = static_cast<int>(s.integer(8));
    return r;
}

} // namespace

std::optional<Link> Store::find_link(const std::string& target, const std::string& external_id) const {
    Statement& s = cached(k_find_link);
    s.bind(1, target).bind(2, external_id);
    if (!s.step()) {
        return std::nullopt;
    }
    return read_link(s);
}

std::map<std::string, Link> Store::find_links(const std::string& target,
                                              const std::vector<std::string>& external_ids) const {
    util::JsonWriter ids;
    ids.begin_array();
    for (const auto& id : external_ids) {
        ids.value(id);
    }
    ids.end_array();
    Statement& s = cached(k_find_links);
    s.bind(1, target).bind(2, ids.str());
    std::map<std::string, Link> out;
    while (s.step()) {
        Link link = read_link(s);
        out.emplace(link.external_id, std::move(link));
    }
    return out;
}

void Store::put_links(const std::vector<Link>& links) {
    constexpr std::size_t k_columns = 17;
    constexpr std::size_t k_max_rows = 100; // 1,700 parameters, far below SQLite's limit
    const std::int64_t now = util::unix_now();
    for (std::size_t start = 0; start < links.size(); start += k_max_rows) {
        const std::size_t n = std::min(k_max_rows, links.size() - start);
        if (m_put_many.size() < n) {
            m_put_many.resize(n);
        }
        auto& statement = m_put_many[n - 1];
        if (!statement) {
            std::string sql = "INSERT INTO links (" LINK_COLUMNS ") VALUES ";
            for (std::size_t r = 0; r < n; ++r) {
                sql += r ? ", (" : "(";
                for (std::size_t c = 1; c <= k_columns; ++c) {
                    sql += "?" + std::to_string(r * k_columns + c) + ", ";
                }
                sql += "?" + std::to_string(r * k_columns + k_columns) + ")"; // created_at = updated_at
            }
            sql +=
                " ON CONFLICT (target, external_id) DO UPDATE SET route = excluded.route, repo = excluded.repo, "
                "target_id = excluded.target_id, target_key = excluded.target_key, target_url = excluded.target_url, "
                "status = excluded.status, fingerprint = excluded.fingerprint, "
                "source_updated_at = excluded.source_updated_at, target_state = excluded.target_state, "
                "attempts = excluded.attempts, last_error = excluded.last_error, memo = excluded.memo, "
                "next_attempt_at = excluded.next_attempt_at, failing_since = excluded.failing_since, "
                "updated_at = excluded.updated_at";
            statement = std::make_unique<Statement>(m_db, sql);
        } else {
            statement->reset();
        }
        Statement& s = *statement;
        for (std::size_t r = 0; r < n; ++r) {
            const Link& l = links[start + r];
            const int b = static_cast<int>(r * k_columns);
            s.bind(b + 1, l.target).bind(b + 2, l.external_id).bind(b + 3, l.route).bind(b + 4, l.repo);
            s.bind(b + 5, l.target_id).bind(b + 6, l.target_key).bind(b + 7, l.target_url);
            s.bind(b + 8, to_string(l.status)).bind(b + 9, l.fingerprint).bind(b + 10, l.source_updated_at);
            s.bind(b + 11, l.target_state).bind(b + 12, l.attempts).bind(b + 13, util::scrub(l.last_error));
            s.bind(b + 14, l.memo).bind(b + 15, l.next_attempt_at).bind(b + 16, l.failing_since).bind(b + 17, now);
        }
        s.run();
    }
}

void Store::put_link(Link link) { put_links({std::move(link)}); }

std::vector<Link> Store::links(const std::string& route) const {
    Statement s(m_db, "SELECT " LINK_COLUMNS " FROM links WHERE ?1 = '' OR route = ?1 ORDER BY external_id, target");
    s.bind(1, route);
    std::vector<Link> out;
    while (s.step()) {
        out.push_back(read_link(s));
    }
    return out;
}

std::vector<Link> Store::open_links(const std::string& route, const std::string& repo) const {
    Statement s(m_db, "SELECT " LINK_COLUMNS " FROM links WHERE route = ?1 AND repo = ?2 AND target_state = 'open' "
                      "ORDER BY external_id, target");
    s.bind(1, route).bind(2, repo);
    std::vector<Link> out;
    while (s.step()) {
        out.push_back(read_link(s));
    }
    return out;
}

int Store::count_links(const std::string& route, const std::string& repo, const std::string& since) const {
    // ISO 8601 UTC timestamps of one format order as text.
    Statement s(m_db, "SELECT count(*) FROM links WHERE route = ?1 AND repo = ?2 AND source_updated_at >= ?3");
    s.bind(1, route).bind(2, repo).bind(3, since);
    s.step();
    return static_cast<int>(s.integer(0));
}

std::vector<LinkCounts> Store::link_counts() const {
    Statement s(m_db, "SELECT route, repo, sum(status = 'synced'), sum(status = 'creating'), sum(status = 'failed') "
                      "FROM links GROUP BY route, repo ORDER BY route, repo");
    std::vector<LinkCounts> out;
    while (s.step()) {
        out.push_back({s.text(0), s.text(1), static_cast<int>(s.integer(2)), static_cast<int>(s.integer(3)),
                       static_cast<int>(s.integer(4))});
    }
    return out;
}

std::vector<Link> Store::links_in(LinkStatus status, int limit) const {
    Statement s(m_db,
                "SELECT " LINK_COLUMNS " FROM links WHERE status = ?1 ORDER BY route, repo, external_id LIMIT ?2");
    s.bind(1, to_string(status)).bind(2, limit);
    std::vector<Link> out;
    while (s.step()) {
        out.push_back(read_link(s));
    }
    return out;
}

std::vector<Link> Store::due_retries(const std::string& route, const std::string& repo, std::int64_t now,
                                     int limit) const {
    Statement s(m_db, "SELECT " LINK_COLUMNS " FROM links WHERE route = ?1 AND repo = ?2 AND status != 'synced' "
                      "AND next_attempt_at > 0 AND next_attempt_at <= ?3 ORDER BY next_attempt_at, external_id "
                      "LIMIT ?4");
    s.bind(1, route).bind(2, repo).bind(3, now).bind(4, limit);
    std::vector<Link> out;
    while (s.step()) {
        out.push_back(read_link(s));
    }
    return out;
}

std::optional<Cursor> Store::find_cursor(const std::string& route, const std::string& repo) const {
    Statement s(m_db, "SELECT route, repo, position, last_run_at FROM cursors WHERE route = ?1 AND repo = ?2");
    s.bind(1, route).bind(2, repo);
    if (!s.step()) {
        return std::nullopt;
    }
    return Cursor{s.text(0), s.text(1), s.text(2), s.integer(3)};
}

void Store::put_cursor(const Cursor& c) {
    Statement s(m_db, "INSERT INTO cursors (route, repo, position, last_run_at) VALUES (?1, ?2, ?3, ?4) "
                      "ON CONFLICT (route, repo) DO UPDATE SET position = ?3, last_run_at = ?4");
    s.bind(1, c.route).bind(2, c.repo).bind(3, c.position).bind(4, c.last_run_at);
    s.run();
}

void Store::put_repo_error(const std::string& route, const std::string& repo, const std::string& error,
                           std::int64_t now) {
    if (error.empty()) {
        Statement s(m_db, "DELETE FROM repo_errors WHERE route = ?1 AND repo = ?2");
        s.bind(1, route).bind(2, repo);
        s.run();
        return;
    }
    Statement s(m_db, "INSERT INTO repo_errors (route, repo, error, since) VALUES (?1, ?2, ?3, ?4) "
                      "ON CONFLICT (route, repo) DO UPDATE SET error = ?3");
    s.bind(1, route).bind(2, repo).bind(3, util::scrub(error)).bind(4, now);
    s.run();
}

std::vector<RepoError> Store::repo_errors() const {
    Statement s(m_db, "SELECT route, repo, error, since FROM repo_errors ORDER BY route, repo");
    std::vector<RepoError> out;
    while (s.step()) {
        out.push_back(RepoError{s.text(0), s.text(1), s.text(2), s.integer(3)});
    }
    return out;
}

std::optional<TargetMemory> Store::find_target_memory(const std::string& target) const {
    Statement s(m_db, "SELECT target, data, shown, updated_at FROM target_memory WHERE target = ?1");
    s.bind(1, target);
    if (!s.step()) {
        return std::nullopt;
    }
    return TargetMemory{s.text(0), s.text(1), s.text(2), s.integer(3)};
}

void Store::put_target_memory(TargetMemory memory) {
    Statement s(m_db, "INSERT INTO target_memory (target, data, shown, updated_at) VALUES (?1, ?2, ?3, ?4) "
                      "ON CONFLICT (target) DO UPDATE SET data = ?2, shown = ?3, updated_at = ?4");
    s.bind(1, memory.target).bind(2, memory.data).bind(3, memory.shown).bind(4, util::unix_now());
    s.run();
}

std::vector<TargetMemory> Store::target_memories() const {
    Statement s(m_db, "SELECT target, data, shown, updated_at FROM target_memory ORDER BY target");
    std::vector<TargetMemory> out;
    while (s.step()) {
        out.push_back(TargetMemory{s.text(0), s.text(1), s.text(2), s.integer(3)});
    }
    return out;
}

std::vector<Cursor> Store::cursors() const {
    Statement s(m_db, "SELECT route, repo, position, last_run_at FROM cursors ORDER BY route, repo");
    std::vector<Cursor> out;
    while (s.step()) {
        out.push_back(Cursor{s.text(0), s.text(1), s.text(2), s.integer(3)});
    }
    return out;
}

std::int64_t Store::begin_run(const std::string& command) {
    Statement s(m_db, "INSERT INTO runs (command, pid, started_at) VALUES (?1, ?2, ?3)");
    s.bind(1, command).bind(2, static_cast<std::int64_t>(::getpid())).bind(3, util::unix_now());
    s.run();
    return sqlite3_last_insert_rowid(m_db);
}

void Store::finish_run(const Run& run) {
    Statement s(m_db, "UPDATE runs SET finished_at = ?2, created = ?3, updated = ?4, transitioned = ?5, failed = ?6, "
                      "exit_code = ?7 WHERE id = ?1");
    s.bind(1, run.id).bind(2, run.finished_at ? run.finished_at : util::unix_now()).bind(3, run.created);
    s.bind(4, run.updated).bind(5, run.transitioned).bind(6, run.failed).bind(7, run.exit_code);
    s.run();
}

std::vector<Run> Store::recent_runs(int limit) const {
    Statement s(m_db, "SELECT id, command, started_at, finished_at, created, updated, transitioned, failed, "
                      "exit_code FROM runs ORDER BY id DESC LIMIT ?1");
    s.bind(1, limit);
    std::vector<Run> out;
    while (s.step()) {
        out.push_back(read_run(s));
    }
    return out;
}

} // namespace issuebridge::state
