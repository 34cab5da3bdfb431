#pragma once
// The sandbox's clock and the timestamp formats of the emulated APIs.
//
// Every timestamp the sandbox produces (GitHub updated_at, Jira updated, rate-limit windows, search
// lag) comes from Clock, so tests can set, advance or freeze time through the admin API instead of
// sleeping.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace issuebridge::sandbox {

class Clock {
public:
    // Milliseconds since the Unix epoch, as the sandbox sees it.
    std::int64_t now_ms() const;
    std::int64_t now_s() const;
    // Makes now() return `ms` (frozen or still running, as before).
    void set(std::int64_t ms);
    void advance(std::int64_t ms);
    // A frozen clock stands still until advanced, set or unfrozen; unfreezing resumes from the
    // frozen instant.
    void freeze(bool on);
    bool frozen() const;
    // Back to real time.
    void reset();

private:
    mutable std::mutex m_mutex;
    bool m_frozen = false;
    std::int64_t m_frozen_ms = 0;
    std::int64_t m_offset_ms = 0;
};

// Floor division, so that instants before 1970 still round down.
std::int64_t floor_div(std::int64_t a, std::int64_t b);

// 2024-01-02T03:04:05Z (GitHub: whole seconds, UTC).
std::string format_github_time(std::int64_t seconds);
// 2024-01-02T03:04:05.678+0000 (Jira Cloud's REST format).
std::string format_jira_time(std::int64_t ms);
// 2024-01-02T03:04Z (Jira's X-RateLimit-Reset).
std::string format_minute_utc(std::int64_t ms);

// ISO 8601 date-time: YYYY-MM-DDTHH:MM:SS with optional fraction and Z or +hh:mm / -hh:mm (or no
// zone, read as UTC), or a date alone. Milliseconds since the epoch; nullopt when malformed.
std::optional<std::int64_t> parse_iso8601_ms(std::string_view text);

// Jira JQL dates: "yyyy-MM-dd HH:mm", "yyyy/MM/dd HH:mm", "yyyy-MM-dd", "yyyy/MM/dd" (the sandbox's
// users are all in UTC).
std::optional<std::int64_t> parse_jql_date_ms(std::string_view text);

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);

} // namespace issuebridge::sandbox
