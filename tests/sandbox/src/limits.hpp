#pragma once
// Per-API request budgets (fixed windows on the sandbox clock) and admin-triggered bursts of 429s.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace issuebridge::sandbox {

struct LimitConfig {
    std::int64_t limit = 0; // requests per window; 0 means unlimited
    std::int64_t window_s = 0;
};

struct LimitStatus {
    bool limited = false;
    std::int64_t limit = 0;
    std::int64_t used = 0;
    std::int64_t remaining = 0;
    std::int64_t reset_ms = 0; // when the current window ends
    std::int64_t window_s = 0; // the window's length
};

enum class Admission { allowed, spent, burst };

class RateLimits {
public:
    // `initial` is what reset() returns to (the command line's budgets).
    explicit RateLimits(std::map<std::string, LimitConfig, std::less<>> initial);

    // Takes one request from the budget (or one from a pending burst). A request that turns out not
    // to count (GitHub's 304) is given back with refund().
    Admission admit(std::string_view api, std::int64_t now_ms);
    void refund(std::string_view api, std::int64_t now_ms);
    LimitStatus status(std::string_view api, std::int64_t now_ms);

    // Replaces an API's budget and starts a fresh window.
    void configure(const std::string& api, LimitConfig config);
    // The next `count` requests to `api` are refused as a burst (secondary) limit.
    void burst(const std::string& api, std::int64_t count);
    void reset();

private:
    struct Bucket {
        LimitConfig config;
        std::int64_t window_start_ms = 0;
        std::int64_t used = 0;
        bool started = false;
        std::int64_t burst = 0;
    };
    Bucket& bucket(std::string_view api);
    static void roll(Bucket& b, std::int64_t now_ms);
    static LimitStatus status_of(const Bucket& b, std::int64_t now_ms);

    std::mutex m_mutex;
    std::map<std::string, LimitConfig, std::less<>> m_initial;
    std::map<std::string, Bucket, std::less<>> m_buckets;
};

} // namespace issuebridge::sandbox
