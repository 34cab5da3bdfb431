#pragma once
// Client-side pacing of request starts for one host.

#include "issuebridge/http/clock.hpp"
#include "issuebridge/http/message.hpp"
#include "issuebridge/http/policy.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <vector>

namespace issuebridge::http {

// At most limit.count starts in any window of limit.period: a sliding-window log of the last `count` starts.
// Unlike a token bucket refilled at count/period with a burst of count, it never lets 2·count through across a
// window edge, so it holds against a server that counts in fixed windows (Trello) or sliding ones.
class RateWindow {
public:
    explicit RateWindow(RateLimit limit);
    // The earliest time ≥ now at which one more start keeps the limit.
    SteadyTime next_allowed(SteadyTime now) const;
    // Records a start at `t` (non-decreasing across calls).
    void record(SteadyTime t);
    const RateLimit& limit() const noexcept { return m_limit; }

private:
    RateLimit m_limit;
    std::vector<SteadyTime> m_starts; // ring buffer of the last count starts
    std::size_t m_next = 0;           // where the next start goes; once full, also the oldest
};

// A host's pacing: the overall rate, the write rate and the least interval between writes (HostPolicy).
class Pacer {
public:
    explicit Pacer(const HostPolicy& policy);
    // The earliest time ≥ now at which a start (a write when `write`) keeps every limit.
    SteadyTime next_allowed(SteadyTime now, bool write) const;
    // Records a start at `t`.
    void record(SteadyTime t, bool write);
    // Paces every start at `rate` from now on when it is slower than the overall rate (or there is none): what a
    // server advertises of its own limit (advertised_rate) outranks a configured guess.
    void slow_to(RateLimit rate);

private:
    std::optional<RateWindow> m_all;
    std::optional<RateWindow> m_writes;
    std::chrono::milliseconds m_write_interval;
    std::optional<SteadyTime> m_last_write;
};

// The refill a response advertises for the server's token bucket: X-RateLimit-FillRate tokens every
// X-RateLimit-Interval-Seconds (Jira Data Center's admin-enabled rate limiting, sent on every answer while it is
// on); nullopt unless both are positive integers.
std::optional<RateLimit> advertised_rate(const Response& response);

} // namespace issuebridge::http
