#include "pacer.hpp"

#include <algorithm>

namespace issuebridge::http {

RateWindow::RateWindow(RateLimit limit) : m_limit(limit) {
    m_starts.reserve(static_cast<std::size_t>(std::max(1L, limit.count)));
}

SteadyTime RateWindow::next_allowed(SteadyTime now) const {
    if (m_starts.size() < static_cast<std::size_t>(std::max(1L, m_limit.count))) {
        return now;
    }
    // The oldest of the last `count` starts must leave the window before one more may start.
    return std::max(now, m_starts[m_next] + m_limit.period);
}

void RateWindow::record(SteadyTime t) {
    const auto capacity = static_cast<std::size_t>(std::max(1L, m_limit.count));
    if (m_starts.size() < capacity) {
        m_starts.push_back(t);
        m_next = m_starts.size() % capacity;
        return;
    }
    m_starts[m_next] = t;
    m_next = (m_next + 1) % capacity;
}

Pacer::Pacer(const HostPolicy& policy) : m_write_interval(policy.write_interval) {
    if (policy.rate) {
        m_all.emplace(*policy.rate);
    }
    if (policy.write_rate) {
        m_writes.emplace(*policy.write_rate);
    }
}

SteadyTime Pacer::next_allowed(SteadyTime now, bool write) const {
    SteadyTime t = now;
    if (m_all) {
        t = std::max(t, m_all->next_allowed(now));
    }
    if (write) {
        if (m_writes) {
            t = std::max(t, m_writes->next_allowed(now));
        }
        if (m_last_write) {
            t = std::max(t, *m_last_write + m_write_interval);
        }
    }
    return t;
}

void Pacer::record(SteadyTime t, bool write) {
    if (m_all) {
        m_all->record(t);
    }
    if (write) {
        if (m_writes) {
            m_writes->record(t);
        }
        m_last_write = t;
    }
}

} // namespace issuebridge::http
