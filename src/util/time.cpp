#include "issuebridge/util/time.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace issuebridge::util {

std::optional<std::int64_t> parse_iso8601(std::string_view text) {
    if (text.size() < 20 || text.back() != 'Z') {
        return std::nullopt;
    }
    std::tm tm{};
    char t = 0;
    int consumed = 0;
    const std::string s(text);
    if (std::sscanf(s.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &t, &tm.tm_hour,
                    &tm.tm_min, &tm.tm_sec, &consumed) != 7 ||
        t != 'T' || consumed != 19) {
        return std::nullopt;
    }
    if (text[19] != 'Z' && text[19] != '.') {
        return std::nullopt;
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return static_cast<std::int64_t>(timegm(&tm));
}

std::string format_iso8601(std::int64_t seconds) {
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace issuebridge::util
