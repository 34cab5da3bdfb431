#pragma once
// How the client treats one host (scheme://host:port): concurrency, pacing, timeouts, retries, limits.
// The caller registers a policy per base URL (Client::set_policy), starting from the adapter row's vendor limits
// (sources/registry.hpp, targets/registry.hpp); HostPolicy{} is the default for a host no row knows.

#include "issuebridge/util/rate.hpp"
#include "issuebridge/util/result.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace issuebridge::http {

// At most `count` request starts in any window of `period` (parsed from the config by util::parse_rate).
using RateLimit = util::Rate;

struct HostPolicy {
    int concurrency = 4;                         // requests in flight to this host at once
    std::optional<RateLimit> rate;               // pacing of every request start
    std::optional<RateLimit> write_rate;         // extra pacing of writes (not GET/HEAD/OPTIONS)
    std::chrono::milliseconds write_interval{0}; // least time between two write starts
    std::chrono::milliseconds connect_timeout{15'000};
    std::chrono::milliseconds total_timeout{300'000}; // one attempt, connect to last byte
    long low_speed_limit = 1;                         // bytes/s; slower than this for low_speed_time is a stall
    std::chrono::seconds low_speed_time{60};
    int max_retries = 5;                             // retries after the first attempt
    std::chrono::milliseconds max_wait{300'000};     // longest single wait we accept; longer → Failure rate_limit
    std::chrono::milliseconds retry_budget{600'000}; // no retry starts later than this after the first attempt
    std::chrono::milliseconds backoff_base{500};     // exponential backoff: full jitter in [0, base·2^retry]
    std::chrono::milliseconds backoff_cap{30'000};
    std::chrono::milliseconds rate_limit_floor{1'000}; // least wait after a 429 that does not say how long
    std::size_t max_body = std::size_t{32} << 20;      // response bytes (after decompression)
    std::string ca_file;                               // CA bundle instead of the system's; TLS is always verified
    std::string vendor; // how people call the service, for messages ("paced: <vendor> 10/s"); set by its row
    // Phrases (any case) that, in a 403's body, mean a rate limit (with no wait given: rate_limit_floor), beside the
    // generic "rate limit"; the vendor's own words, e.g. GitHub's "secondary rate limit" and "abuse".
    std::vector<std::string> rate_limit_words;
};

// "scheme://host:port" for `url`, lowercased, with the scheme's default port filled in and userinfo dropped;
// the key under which policies and pacing are kept. Empty when `url` has no "scheme://".
std::string origin_of(std::string_view url);

} // namespace issuebridge::http
