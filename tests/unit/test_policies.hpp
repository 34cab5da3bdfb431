#pragma once
// Vendor-like host policies for the HTTP layer's tests. http knows no vendor: the real numbers live in the adapter
// rows (sources/github/row.cpp, targets/jira/row.cpp), checked by test_registry.cpp.

#include "issuebridge/http/policy.hpp"

namespace issuebridge::testing {

// GitHub's secondary limits: 900/min, 80 writes/min, >= 1 s between writes, >= 60 s after an unexplained 429.
inline http::HostPolicy github_like_policy() {
    http::HostPolicy p;
    p.rate = http::RateLimit{900, std::chrono::seconds{60}};
    p.write_rate = http::RateLimit{80, std::chrono::seconds{60}};
    p.write_interval = std::chrono::seconds{1};
    p.rate_limit_floor = std::chrono::seconds{60};
    p.rate_limit_words = {"secondary rate limit", "abuse"};
    return p;
}

// Trello's: 100 per 10 s per token, back off 10 s on a 429.
inline http::HostPolicy trello_like_policy() {
    http::HostPolicy p;
    p.rate = http::RateLimit{100, std::chrono::seconds{10}};
    p.rate_limit_floor = std::chrono::seconds{10};
    return p;
}

} // namespace issuebridge::testing
