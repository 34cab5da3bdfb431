#pragma once
// The retry policy, as pure functions: what the server's answer says about waiting, and whether (and how long
// after) an attempt is tried again. CurlClient applies it; tests check it without a network.

#include "issuebridge/http/clock.hpp"
#include "issuebridge/http/message.hpp"
#include "issuebridge/http/policy.hpp"

#include <chrono>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>

namespace issuebridge::http {

// Retry-After as delay-seconds or an HTTP-date (IMF-fixdate), relative to `now`; a date in the past gives 0.
// nullopt when the value is neither.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value, WallTime now);

// A reset time as Unix epoch seconds (GitHub x-ratelimit-reset, GitLab RateLimit-Reset) or ISO 8601
// (Jira X-RateLimit-Reset, "2026-11-22T10:15Z", seconds and offsets optional); nullopt when neither.
std::optional<WallTime> parse_reset(std::string_view value);

// What a response says about rate limiting.
struct RateSignal {
    bool limited = false;                          // 429, or a 403 with rate signals (GitHub)
    std::optional<std::chrono::milliseconds> wait; // how long the server asked us to wait, if it said
    std::chrono::milliseconds floor{0};            // least wait when it did not say (none so far: the host policy's
                                                   // rate_limit_floor applies)
    std::string why; // "retry-after", "x-ratelimit-reset", one of the host's rate_limit_words, …
};

// Reads Retry-After, x-ratelimit-remaining/-reset, RateLimit-Reset and X-RateLimit-Reset, and for 403 the body's
// "rate limit" wording or one of the host's `limit_words` (HostPolicy::rate_limit_words, e.g. GitHub's "abuse").
// A 403 without any of these is not limited (it is a permission error).
// A 503 with Retry-After has `wait` set but is not `limited`.
RateSignal rate_signal(const Response& response, WallTime now, std::span<const std::string> limit_words = {});

// When a response (of any status) says the quota is spent (x-ratelimit-remaining: 0 with a reset time), the
// time it resets; the client then holds further requests to that host until then.
std::optional<WallTime> quota_exhausted_until(const Response& response);

// How far an attempt got, for deciding whether it may be sent again.
enum class Delivery {
    answered,  // the server sent a status (the outcome is a Response)
    not_sent,  // provably never reached the server: DNS failure, connection refused, connect timeout
    transient, // may have reached it: reset, timeout, truncated body, HTTP/2 stream error
    permanent, // retrying cannot help: TLS verification, bad URL, body over the cap, interrupted
};

struct Attempt {
    const Request& request;
    const Outcome& outcome;
    Delivery delivery = Delivery::answered;
    int attempts = 1;                   // attempts made so far, this one included
    std::chrono::milliseconds spent{0}; // since the first attempt started
    // Of those, the retries that followed a wait the server named (Decision::counted false): not counted against
    // policy.max_retries.
    int waited_retries = 0;
};

struct Decision {
    enum class Action { finish, retry, give_up };
    Action action = Action::finish; // finish: deliver the outcome; give_up: deliver `failure` instead
    std::chrono::milliseconds wait{0};
    bool host_wide = false; // a rate limit: hold every request to this host for `wait`
    // false for a retry after a rate limit whose wait the server named (Retry-After, a reset time) within
    // max_wait: waiting as asked is not a failure, so it does not use up one of max_retries (retry_budget still
    // bounds it).
    bool counted = true;
    std::string why;       // for the log line: "backoff", "retry-after", …
    util::Failure failure; // give_up only: kind rate_limit, message without the request (the caller adds it)
};

// Exponential backoff with full jitter: uniform in [0, min(cap, base · 2^retry)], `retry` counting from 0.
std::chrono::milliseconds backoff(int retry, const HostPolicy& policy, std::mt19937_64& rng);

// "the server asked to wait 57 min (rate limit reset), more than max_wait 5 min": why a request was given up.
std::string wait_refused_message(std::chrono::milliseconds wait, std::string_view why,
                                 std::chrono::milliseconds max_wait);

// Decides what follows an attempt. Retries only what is safe: a not_sent failure, a 429 or rate-limited 403, or
// a 503 with Retry-After for any method; a transient failure or 408/500/502/503/504 only for retry_safe requests.
// Stops after policy.max_retries counted retries (see Decision::counted) or when the wait would end past
// policy.retry_budget (finish: the last outcome stands). A wait over policy.max_wait gives up with Failure rate_limit
// saying how long was asked.
Decision decide(const Attempt& attempt, const HostPolicy& policy, WallTime now, std::mt19937_64& rng);

} // namespace issuebridge::http
