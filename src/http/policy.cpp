#include "issuebridge/http/policy.hpp"

#include "issuebridge/util/strings.hpp"

#include <array>
#include <charconv>
#include <cctype>

namespace issuebridge::http {

namespace {

using std::chrono::milliseconds;

constexpr long k_max_count = 1'000'000;

struct Unit {
    std::string_view name;
    milliseconds length;
};

constexpr std::array<Unit, 11> k_units{{
    {"ms", milliseconds{1}},
    {"s", milliseconds{1'000}},
    {"sec", milliseconds{1'000}},
    {"second", milliseconds{1'000}},
    {"m", milliseconds{60'000}},
    {"min", milliseconds{60'000}},
    {"minute", milliseconds{60'000}},
    {"h", milliseconds{3'600'000}},
    {"hr", milliseconds{3'600'000}},
    {"hour", milliseconds{3'600'000}},
    {"d", milliseconds{86'400'000}},
}};

// A positive decimal number at the start of `s` (consumed), or nullopt.
std::optional<long> take_number(std::string_view& s) {
    long n = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc{} || n <= 0 || n > k_max_count) {
        return std::nullopt;
    }
    s.remove_prefix(static_cast<std::size_t>(end - s.data()));
    return n;
}

util::Failure bad_rate(std::string_view text) {
    return util::Failure{util::Failure::Kind::other,
                         "expected a rate like '10/s', '100/10s' or '150/min', got '" + std::string(text) + "'"};
}

} // namespace

util::Result<RateLimit> parse_rate_limit(std::string_view text) {
    std::string_view rest = util::trim(text);
    const auto count = take_number(rest);
    rest = util::trim(rest);
    if (!count || rest.empty() || rest.front() != '/') {
        return bad_rate(text);
    }
    rest = util::trim(rest.substr(1));
    long multiple = 1;
    if (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest.front())) != 0) {
        const auto n = take_number(rest);
        if (!n) {
            return bad_rate(text);
        }
        multiple = *n;
        rest = util::trim(rest);
    }
    std::string unit = util::to_lower(rest);
    if (unit.size() > 2 && unit.ends_with('s')) {
        unit.pop_back(); // "mins", "hours", "seconds"
    }
    for (const auto& u : k_units) {
        if (unit == u.name) {
            return RateLimit{*count, u.length * multiple};
        }
    }
    return bad_rate(text);
}

std::string to_string(const RateLimit& limit) {
    const long long ms = limit.period.count();
    std::string period;
    if (ms % 3'600'000 == 0) {
        period = ms == 3'600'000 ? "h" : std::to_string(ms / 3'600'000) + "h";
    } else if (ms % 60'000 == 0) {
        period = ms == 60'000 ? "min" : std::to_string(ms / 60'000) + "min";
    } else if (ms % 1'000 == 0) {
        period = ms == 1'000 ? "s" : std::to_string(ms / 1'000) + "s";
    } else {
        period = std::to_string(ms) + "ms";
    }
    return std::to_string(limit.count) + "/" + period;
}

HostPolicy default_policy(std::string_view tracker_type) {
    using std::chrono::seconds;
    HostPolicy p;
    const auto per = [](long count, milliseconds period) { return RateLimit{count, period}; };
    if (tracker_type == "github" || tracker_type == "codescanning") {
        // Secondary limits: 900 points/min (a read costs 1), ~80 content-creating requests/min, ≥ 1 s between
        // writes; an unexplained 429/403 rate limit means waiting at least a minute.
        p.rate = per(900, seconds{60});
        p.write_rate = per(80, seconds{60});
        p.write_interval = seconds{1};
        p.rate_limit_floor = seconds{60};
    } else if (tracker_type == "gitlab") {
        p.rate = per(10, seconds{1});
    } else if (tracker_type == "jira") {
        p.rate = per(10, seconds{1});
    } else if (tracker_type == "asana") {
        p.rate = per(150, seconds{60});
    } else if (tracker_type == "trello") {
        p.rate = per(100, seconds{10});
        p.rate_limit_floor = seconds{10};
    } else if (tracker_type == "lgtm") {
        p.rate = per(10, seconds{1});
    }
    return p;
}

std::string origin_of(std::string_view url) {
    const std::size_t sep = url.find("://");
    if (sep == std::string_view::npos || sep == 0) {
        return {};
    }
    const std::string scheme = util::to_lower(url.substr(0, sep));
    std::string_view authority = url.substr(sep + 3);
    authority = authority.substr(0, authority.find_first_of("/?#"));
    if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
        authority.remove_prefix(at + 1);
    }
    const std::size_t bracket = authority.rfind(']');
    const std::size_t colon = authority.rfind(':');
    const bool has_port = colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket);
    std::string origin = scheme + "://" + util::to_lower(has_port ? authority.substr(0, colon) : authority) + ":";
    if (has_port && colon + 1 < authority.size()) {
        origin += authority.substr(colon + 1);
    } else {
        origin += scheme == "https" ? "443" : "80";
    }
    return origin;
}

} // namespace issuebridge::http
