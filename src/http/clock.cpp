#include "issuebridge/http/clock.hpp"

#include <algorithm>
#include <thread>

namespace issuebridge::http {

namespace {
// How often a real sleep looks at the cancel flag: "at once" for a person pressing Ctrl-C.
constexpr std::chrono::milliseconds k_cancel_poll{20};

bool cancelled(const std::atomic<bool>* cancel) noexcept { return cancel && cancel->load(); }
} // namespace

bool SystemClock::sleep_until(SteadyTime until, const std::atomic<bool>* cancel) {
    while (!cancelled(cancel)) {
        const SteadyTime now = std::chrono::steady_clock::now();
        if (now >= until) {
            return true;
        }
        std::this_thread::sleep_until(std::min<SteadyTime>(until, now + k_cancel_poll));
    }
    return false;
}

ManualClock::ManualClock(WallTime wall_start) : m_wall_start(wall_start) {}

bool ManualClock::sleep_until(SteadyTime until, const std::atomic<bool>* cancel) {
    const auto length = std::chrono::duration_cast<std::chrono::milliseconds>(until - m_now);
    if (m_hook) {
        m_hook(length);
    }
    if (cancelled(cancel)) {
        return false;
    }
    if (length.count() > 0) {
        m_sleeps.push_back(length);
        m_now = until;
    }
    return true;
}

} // namespace issuebridge::http
