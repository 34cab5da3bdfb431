#include "limits.hpp"

#include <algorithm>

namespace issuebridge::sandbox {

RateLimits::RateLimits(std::map<std::string, LimitConfig, std::less<>> initial)
    : m_initial(std::move(initial)) {
    reset();
}

RateLimits::Bucket& RateLimits::bucket(std::string_view api) {
    auto it = m_buckets.find(api);
    if (it == m_buckets.end()) {
        it = m_buckets.emplace(std::string(api), Bucket{}).first;
    }
    return it->second;
}

void RateLimits::roll(Bucket& b, std::int64_t now_ms) {
    if (b.started && now_ms >= b.window_start_ms + b.config.window_s * 1000) {
        b.started = false;
        b.used = 0;
    }
}

LimitStatus RateLimits::status_of(const Bucket& b, std::int64_t now_ms) {
    LimitStatus s;
    s.limited = b.config.limit > 0;
    s.limit = b.config.limit;
    s.used = b.used;
    s.remaining = std::max<std::int64_t>(0, b.config.limit - b.used);
    s.reset_ms = (b.started ? b.window_start_ms : now_ms) + b.config.window_s * 1000;
    s.window_s = b.config.window_s;
    return s;
}

Admission RateLimits::admit(std::string_view api, std::int64_t now_ms) {
    std::lock_guard lock(m_mutex);
    Bucket& b = bucket(api);
    if (b.burst > 0) {
        --b.burst;
        return Admission::burst;
    }
    if (b.config.limit <= 0) {
        return Admission::allowed;
    }
    roll(b, now_ms);
    if (b.used >= b.config.limit) {
        return Admission::spent;
    }
    if (!b.started) {
        b.started = true;
        b.window_start_ms = now_ms;
    }
    ++b.used;
    return Admission::allowed;
}

void RateLimits::refund(std::string_view api, std::int64_t now_ms) {
    std::lock_guard lock(m_mutex);
    Bucket& b = bucket(api);
    roll(b, now_ms);
    if (b.used > 0) {
        --b.used;
    }
}

LimitStatus RateLimits::status(std::string_view api, std::int64_t now_ms) {
    std::lock_guard lock(m_mutex);
    Bucket& b = bucket(api);
    roll(b, now_ms);
    return status_of(b, now_ms);
}

void RateLimits::configure(const std::string& api, LimitConfig config) {
    std::lock_guard lock(m_mutex);
    Bucket& b = bucket(api);
    const std::int64_t burst = b.burst;
    b = Bucket{};
    b.config = config;
    b.burst = burst;
}

void RateLimits::burst(const std::string& api, std::int64_t count) {
    std::lock_guard lock(m_mutex);
    bucket(api).burst = std::max<std::int64_t>(0, count);
}

void RateLimits::reset() {
    std::lock_guard lock(m_mutex);
    m_buckets.clear();
    for (const auto& [api, config] : m_initial) {
        m_buckets[api].config = config;
    }
}

} // namespace issuebridge::sandbox
