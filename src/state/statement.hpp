#pragma once
// A prepared SQLite statement with RAII and typed binds. Private to state/.

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace issuebridge::state {

// Throws util::Error "state database: <what>: <sqlite message>".
[[noreturn]] void throw_sqlite(sqlite3* db, std::string_view what);

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
