#include "statement.hpp"

#include "issuebridge/util/error.hpp"

#include <cerrno>
#include <cstring>

namespace issuebridge::state {

void throw_sqlite(sqlite3* db, std::string_view what) {
    throw util::Error("state database: " + std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

void throw_unusable(const std::string& what, const std::filesystem::path& path, int err) {
    const bool setting = err == EACCES || err == EPERM || err == EROFS || err == ENOTDIR || err == EISDIR ||
                         err == EEXIST || err == ELOOP || err == ENAMETOOLONG;
    throw util::Error("cannot " + what + " '" + path.string() + "': " + std::strerror(err),
                      setting ? "make it writable, or point [state] path or --state at a file in a writable directory"
                              : std::string(),
                      setting ? util::ExitCode::usage : util::ExitCode::items_failed);
}

Statement::Statement(sqlite3* db, std::string_view sql) : m_db(db) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr) != SQLITE_OK) {
        throw_sqlite(db, "prepare");
    }
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement& Statement::bind(int index, std::string_view text) {
    if (sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK) {
        throw_sqlite(m_db, "bind");
    }
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(m_stmt, index, value) != SQLITE_OK) {
        throw_sqlite(m_db, "bind");
    }
    return *this;
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    throw_sqlite(m_db, "step");
}

void Statement::run() {
    while (step()) {
    }
}

std::string Statement::text(int column) const {
    const auto* p = sqlite3_column_text(m_stmt, column);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)))
             : std::string();
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(m_stmt, column); }

} // namespace issuebridge::state
