#include "clock.hpp"

#include <chrono>
#include <cstdio>

namespace issuebridge::sandbox {

namespace {

std::int64_t real_now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

struct Civil {
    std::int64_t year;
    unsigned month;
    unsigned day;
};

Civil civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = floor_div(z, 146097);
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
    return {y, m, d};
}

struct Parts {
    Civil date;
    int hour;
    int minute;
    int second;
    int milli;
};

Parts split_ms(std::int64_t ms) {
    const std::int64_t days = floor_div(ms, 86400000);
    const std::int64_t in_day = ms - days * 86400000;
    return {civil_from_days(days), static_cast<int>(in_day / 3600000),
            static_cast<int>(in_day / 60000 % 60), static_cast<int>(in_day / 1000 % 60),
            static_cast<int>(in_day % 1000)};
}

// Reads exactly `n` digits at `pos`; advances pos.
std::optional<int> digits(std::string_view s, std::size_t& pos, std::size_t n) {
    if (pos + n > s.size()) {
        return std::nullopt;
    }
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const char c = s[pos + i];
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        v = v * 10 + (c - '0');
    }
    pos += n;
    return v;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
    if (pos < s.size() && s[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

// yyyy<sep>MM<sep>dd; milliseconds of that day's midnight UTC.
std::optional<std::int64_t> parse_date(std::string_view s, std::size_t& pos, char sep) {
    const auto y = digits(s, pos, 4);
    if (!y || !expect(s, pos, sep)) {
        return std::nullopt;
    }
    const auto m = digits(s, pos, 2);
    if (!m || !expect(s, pos, sep)) {
        return std::nullopt;
    }
    const auto d = digits(s, pos, 2);
    if (!d || *m < 1 || *m > 12 || *d < 1 || *d > 31) {
        return std::nullopt;
    }
    return days_from_civil(*y, static_cast<unsigned>(*m), static_cast<unsigned>(*d)) * 86400000;
}

// HH:mm[:ss[.fff]] as milliseconds into the day.
std::optional<std::int64_t> parse_time(std::string_view s, std::size_t& pos,
                                       bool seconds_required) {
    const auto h = digits(s, pos, 2);
    if (!h || !expect(s, pos, ':')) {
        return std::nullopt;
    }
    const auto mi = digits(s, pos, 2);
    if (!mi || *h > 23 || *mi > 59) {
        return std::nullopt;
    }
    std::int64_t ms = (*h * 60 + *mi) * 60000;
    if (!expect(s, pos, ':')) {
        return seconds_required ? std::nullopt : std::optional<std::int64_t>(ms);
    }
    const auto sec = digits(s, pos, 2);
    if (!sec || *sec > 60) {
        return std::nullopt;
    }
    ms += *sec * 1000;
    if (expect(s, pos, '.')) {
        std::int64_t frac = 0;
        std::size_t n = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            if (n < 3) {
                frac = frac * 10 + (s[pos] - '0');
            }
            ++n;
            ++pos;
        }
        if (n == 0) {
            return std::nullopt;
        }
        for (; n < 3; ++n) {
            frac *= 10;
        }
        ms += frac;
    }
    return ms;
}

} // namespace

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    const std::int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = floor_div(y, 400);
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::int64_t Clock::now_ms() const {
    std::lock_guard lock(m_mutex);
    return m_frozen ? m_frozen_ms : real_now_ms() + m_offset_ms;
}

std::int64_t Clock::now_s() const { return floor_div(now_ms(), 1000); }

void Clock::set(std::int64_t ms) {
    std::lock_guard lock(m_mutex);
    if (m_frozen) {
        m_frozen_ms = ms;
    } else {
        m_offset_ms = ms - real_now_ms();
    }
}

void Clock::advance(std::int64_t ms) {
    std::lock_guard lock(m_mutex);
    if (m_frozen) {
        m_frozen_ms += ms;
    } else {
        m_offset_ms += ms;
    }
}

void Clock::freeze(bool on) {
    std::lock_guard lock(m_mutex);
    if (on && !m_frozen) {
        m_frozen_ms = real_now_ms() + m_offset_ms;
    } else if (!on && m_frozen) {
        m_offset_ms = m_frozen_ms - real_now_ms();
    }
    m_frozen = on;
}

bool Clock::frozen() const {
    std::lock_guard lock(m_mutex);
    return m_frozen;
}

void Clock::reset() {
    std::lock_guard lock(m_mutex);
    m_frozen = false;
    m_offset_ms = 0;
}

std::string format_github_time(std::int64_t seconds) {
    const Parts p = split_ms(seconds * 1000);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ",
                  static_cast<long long>(p.date.year), p.date.month, p.date.day, p.hour, p.minute,
                  p.second);
    return buf;
}

std::string format_jira_time(std::int64_t ms) {
    const Parts p = split_ms(ms);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03d+0000",
                  static_cast<long long>(p.date.year), p.date.month, p.date.day, p.hour, p.minute,
                  p.second, p.milli);
    return buf;
}

std::string format_minute_utc(std::int64_t ms) {
    const Parts p = split_ms(ms);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02dZ",
                  static_cast<long long>(p.date.year), p.date.month, p.date.day, p.hour, p.minute);
    return buf;
}

std::optional<std::int64_t> parse_iso8601_ms(std::string_view s) {
    std::size_t pos = 0;
    auto day = parse_date(s, pos, '-');
    if (!day) {
        return std::nullopt;
    }
    if (pos == s.size()) {
        return day;
    }
    if (!expect(s, pos, 'T') && !expect(s, pos, 't')) {
        return std::nullopt;
    }
    const auto time = parse_time(s, pos, true);
    if (!time) {
        return std::nullopt;
    }
    std::int64_t ms = *day + *time;
    if (pos == s.size() || expect(s, pos, 'Z') || expect(s, pos, 'z')) {
        return pos == s.size() ? std::optional<std::int64_t>(ms) : std::nullopt;
    }
    const char sign = s[pos++];
    if (sign != '+' && sign != '-') {
        return std::nullopt;
    }
    const auto oh = digits(s, pos, 2);
    expect(s, pos, ':');
    const auto om = digits(s, pos, 2);
    if (!oh || !om || pos != s.size()) {
        return std::nullopt;
    }
    const std::int64_t offset = (*oh * 60 + *om) * 60000;
    return sign == '+' ? ms - offset : ms + offset;
}

std::optional<std::int64_t> parse_jql_date_ms(std::string_view s) {
    for (const char sep : {'-', '/'}) {
        std::size_t pos = 0;
        auto day = parse_date(s, pos, sep);
        if (!day) {
            continue;
        }
        if (pos == s.size()) {
            return day;
        }
        if (!expect(s, pos, ' ')) {
            return std::nullopt;
        }
        const auto time = parse_time(s, pos, false);
        if (!time || pos != s.size()) {
            return std::nullopt;
        }
        return *day + *time;
    }
    return std::nullopt;
}

} // namespace issuebridge::sandbox
