#pragma once
// The diagnostic logger (-v, -vv, --log-file). Logging is not reporting: results and progress go through the
// cli Reporter. Callers pass URLs and headers through http::redact_* first; every line is also scrubbed of the
// secret values this run read (util/secrets.hpp).

#include <cstdio>
#include <mutex>
#include <string_view>

namespace issuebridge::util {

enum class LogLevel : int { off = -1, error = 0, warn = 1, info = 2, debug = 3 };

class Logger {
public:
    // Writes to `sink` (not owned; stderr when null) every message at or below `level`.
    explicit Logger(LogLevel level = LogLevel::warn, std::FILE* sink = nullptr);

    bool enabled(LogLevel level) const noexcept { return static_cast<int>(level) <= static_cast<int>(m_level); }
    // One line, prefixed "issuebridge: <level>: "; thread-safe; never throws.
    void log(LogLevel level, std::string_view message) noexcept;
    void error(std::string_view m) noexcept { log(LogLevel::error, m); }
    void warn(std::string_view m) noexcept { log(LogLevel::warn, m); }
    void info(std::string_view m) noexcept { log(LogLevel::info, m); }
    void debug(std::string_view m) noexcept { log(LogLevel::debug, m); }

    // A logger that drops everything (tests, --quiet library use).
    static Logger& null();

private:
    LogLevel m_level;
    std::FILE* m_sink;
    std::mutex m_mutex;
};

} // namespace issuebridge::util
