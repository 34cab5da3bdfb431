#pragma once
// Time and waiting for the HTTP layer, injectable so tests can check the waits chosen without sleeping.

#include <atomic>
#include <chrono>
#include <functional>
#include <vector>

namespace issuebridge::http {

using SteadyTime = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;

// Abstracts reading the time and sleeping; real: SystemClock, fake: ManualClock.
class Clock {
public:
    virtual ~Clock() = default;
    // Monotonic time, for scheduling and elapsed times. Never fails.
    virtual SteadyTime now() = 0;
    // Calendar time, for Retry-After dates and reset epochs. Never fails.
    virtual WallTime wall_now() = 0;
    // Returns true at `until`, or false as soon as `*cancel` is set (cancel may be null). Never throws.
    virtual bool sleep_until(SteadyTime until, const std::atomic<bool>* cancel) = 0;
};

// The real clock; sleep_until wakes every few milliseconds to look at the cancel flag, which a signal handler
// may set (a condition variable cannot be notified from one).
class SystemClock final : public Clock {
public:
    SteadyTime now() override { return std::chrono::steady_clock::now(); }
    WallTime wall_now() override { return std::chrono::system_clock::now(); }
    bool sleep_until(SteadyTime until, const std::atomic<bool>* cancel) override;
};

// A clock for tests: time moves only when someone sleeps (it jumps to the deadline) or calls advance().
// Records every sleep; an optional hook runs at the start of each sleep (e.g. to set the cancel flag).
class ManualClock final : public Clock {
public:
    explicit ManualClock(WallTime wall_start = WallTime{std::chrono::seconds{1'700'000'000}});

    SteadyTime now() override { return m_now; }
    WallTime wall_now() override { return m_wall_start + (m_now - m_start); }
    bool sleep_until(SteadyTime until, const std::atomic<bool>* cancel) override;

    void advance(std::chrono::milliseconds d) { m_now += d; }
    // Time since construction.
    std::chrono::milliseconds elapsed() const {
        return std::chrono::duration_cast<std::chrono::milliseconds>(m_now - m_start);
    }
    // The length of each sleep, in order.
    const std::vector<std::chrono::milliseconds>& sleeps() const noexcept { return m_sleeps; }
    void on_sleep(std::function<void(std::chrono::milliseconds)> hook) { m_hook = std::move(hook); }

private:
    SteadyTime m_start{std::chrono::hours{1}};
    SteadyTime m_now{m_start};
    WallTime m_wall_start;
    std::vector<std::chrono::milliseconds> m_sleeps;
    std::function<void(std::chrono::milliseconds)> m_hook;
};

} // namespace issuebridge::http
