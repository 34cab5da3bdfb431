#include "issuebridge/http/policy.hpp"

#include "issuebridge/util/strings.hpp"

#include <cctype>

namespace issuebridge::http {

HostPolicy default_policy(std::string_view tracker_type) {
    using std::chrono::milliseconds;
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
