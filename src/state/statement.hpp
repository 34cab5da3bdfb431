#pragma once
// A prepared SQLite statement with RAII and typed binds. Private to state/.

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace issuebridge::state {

// Throws util::Error "state database: <what>: <sqlite message>".
[[noreturn]] void throw_sqlite(sqlite3* db, std::string_view what);

// Throws util::Error "cannot <what> '<path>': <errno text>". A path that cannot be made or written (a missing
// permission, a read-only file system, a file where a directory should be) is a setting to fix: exit 2, with a
// hint; anything else (a full disk, an I/O error) may pass, and exits 1.
[[noreturn]] void throw_unusable(const std::string& what, const std::filesystem::path& path, int err);

class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Binds by 1-based index; chainable.
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }

    // Makes a used statement ready to bind and run again.
    void reset();

    // Advances; true while a row is available. Throws on error.
    bool step();
    // Steps to completion (INSERT/UPDATE/DELETE).
    void run();

    std::string text(int column) const;
    std::int64_t integer(int column) const;

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

} // namespace issuebridge::state
