#include "pacer.hpp"

#include <algorithm>
#include <charconv>

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

void Pacer::slow_to(RateLimit rate) {
    // a/p slower than b/q: a·q < b·p.
    if (!m_all || rate.count * m_all->limit().period.count() < m_all->limit().count * rate.period.count()) {
        m_all.emplace(rate);
    }
}

std::optional<RateLimit> advertised_rate(const Response& response) {
    const auto positive = [&response](std::string_view name) -> long {
        const auto value = response.header(name);
        long n = 0;
        if (!value) {
            return 0;
        }
        const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), n);
        return ec == std::errc() && end == value->data() + value->size() && n > 0 ? n : 0;
    };
    const long fill = positive("X-RateLimit-FillRate");
    const long interval = positive("X-RateLimit-Interval-Seconds");
    if (fill == 0 || interval == 0) {
        return std::nullopt;
    }
    return RateLimit{fill, std::chrono::seconds{interval}};
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
