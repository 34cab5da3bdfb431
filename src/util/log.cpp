#include "issuebridge/util/log.hpp"

#include "issuebridge/util/secrets.hpp"

#include <string>

namespace issuebridge::util {

namespace {
const char* level_name(LogLevel level) {
    switch (level) {
    case LogLevel::error:
        return "error";
    case LogLevel::warn:
        return "warning";
    case LogLevel::info:
        return "info";
    case LogLevel::debug:
        return "debug";
    case LogLevel::off:
        break;
    }
    return "?";
}
} // namespace

Logger::Logger(LogLevel level, std::FILE* sink) : m_level(level), m_sink(sink) {}

void Logger::log(LogLevel level, std::string_view message) noexcept {
    if (!enabled(level)) {
        return;
    }
    std::FILE* out = m_sink ? m_sink : stderr;
    std::string line;
    try {
        line = scrub(message);
    } catch (...) {
        return; // out of memory: better no line than one that may hold a secret
    }
    std::lock_guard lock(m_mutex);
    std::fprintf(out, "issuebridge: %s: %.*s\n", level_name(level), static_cast<int>(line.size()), line.data());
    std::fflush(out);
}

Logger& Logger::null() {
    static Logger silent(LogLevel::off, nullptr);
    return silent;
}

} // namespace issuebridge::util
