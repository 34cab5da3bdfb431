#include "time_parse.hpp"

#include <array>
#include <cctype>

namespace issuebridge::http {

namespace {

// Reads fixed-width fields left to right; any mismatch makes ok() false for good.
class Cursor {
public:
    explicit Cursor(std::string_view s) : m_s(s) {}

    int digits(std::size_t n) {
        int v = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (m_pos >= m_s.size() || std::isdigit(static_cast<unsigned char>(m_s[m_pos])) == 0) {
                m_ok = false;
                return 0;
            }
            v = v * 10 + (m_s[m_pos++] - '0');
        }
        return v;
    }
    void expect(char c) {
        if (m_pos < m_s.size() && m_s[m_pos] == c) {
            ++m_pos;
        } else {
            m_ok = false;
        }
    }
    bool accept(char c) {
        if (m_pos < m_s.size() && m_s[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }
    std::string_view take(std::size_t n) {
        if (m_pos + n > m_s.size()) {
            m_ok = false;
            return {};
        }
        m_pos += n;
        return m_s.substr(m_pos - n, n);
    }
    char peek() const { return m_pos < m_s.size() ? m_s[m_pos] : '\0'; }
    bool at_end() const { return m_pos == m_s.size(); }
    bool ok() const { return m_ok; }

private:
    std::string_view m_s;
    std::size_t m_pos = 0;
    bool m_ok = true;
};

std::optional<WallTime> make_time(int y, int mo, int d, int h, int mi, int s) {
    using namespace std::chrono;
    const year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    // WallTime counts nanoseconds, which reach only the years 1678 to 2261: a date far outside (year 4050 in a
    // rate-limit header) is no time a server means, and converting it would overflow.
    if (!date.ok() || y < 1900 || y > 2200 || h > 23 || mi > 59 || s > 60) {
        return std::nullopt;
    }
    return time_point_cast<system_clock::duration>(sys_days{date} + hours{h} + minutes{mi} + seconds{s});
}

int month_number(std::string_view name) {
    static constexpr std::array<std::string_view, 12> k_months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (std::size_t i = 0; i < k_months.size(); ++i) {
        if (k_months[i] == name) {
            return static_cast<int>(i) + 1;
        }
    }
    return 0;
}

} // namespace

std::optional<WallTime> parse_http_date(std::string_view text) {
    Cursor c(text);
    c.take(3); // day name
    c.expect(',');
    c.expect(' ');
    const int d = c.digits(2);
    c.expect(' ');
    const int mo = month_number(c.take(3));
    c.expect(' ');
    const int y = c.digits(4);
    c.expect(' ');
    const int h = c.digits(2);
    c.expect(':');
    const int mi = c.digits(2);
    c.expect(':');
    const int s = c.digits(2);
    c.expect(' ');
    const bool gmt = c.take(3) == "GMT";
    if (!c.ok() || !c.at_end() || !gmt || mo == 0) {
        return std::nullopt;
    }
    return make_time(y, mo, d, h, mi, s);
}

std::optional<WallTime> parse_iso8601(std::string_view text) {
    Cursor c(text);
    const int y = c.digits(4);
    c.expect('-');
    const int mo = c.digits(2);
    c.expect('-');
    const int d = c.digits(2);
    if (!c.accept('T')) {
        c.expect(' ');
    }
    const int h = c.digits(2);
    c.expect(':');
    const int mi = c.digits(2);
    int s = 0;
    if (c.accept(':')) {
        s = c.digits(2);
        if (c.accept('.')) {
            while (std::isdigit(static_cast<unsigned char>(c.peek())) != 0) {
                c.take(1);
            }
        }
    }
    int offset_minutes = 0;
    if (const char sign = c.peek(); sign == '+' || sign == '-') {
        c.take(1);
        const int oh = c.digits(2);
        c.accept(':');
        offset_minutes = (oh * 60 + c.digits(2)) * (sign == '-' ? -1 : 1);
    } else if (!c.at_end()) {
        c.expect('Z');
    }
    if (!c.ok() || !c.at_end()) {
        return std::nullopt;
    }
    const auto t = make_time(y, mo, d, h, mi, s);
    if (!t) {
        return std::nullopt;
    }
    return *t - std::chrono::minutes{offset_minutes};
}

} // namespace issuebridge::http
