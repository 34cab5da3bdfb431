#include "request_log.hpp"

#include "issuebridge/util/json_writer.hpp"

namespace issuebridge::sandbox {

void RequestLog::record(const std::string& api, const std::string& route,
                        const std::string& outcome) {
    std::lock_guard lock(m_mutex);
    Counts& c = m_counts[api][route];
    ++c.count;
    ++c.by_status[outcome];
}

std::string RequestLog::to_json() const {
    std::lock_guard lock(m_mutex);
    util::JsonWriter w;
    w.begin_object();
    for (const auto& [api, routes] : m_counts) {
        w.key(api).begin_object();
        for (const auto& [route, counts] : routes) {
            w.key(route)
                .begin_object()
                .field("count", counts.count)
                .key("by_status")
                .begin_object();
            for (const auto& [status, n] : counts.by_status) {
                w.field(status, n);
            }
            w.end_object().end_object();
        }
        w.end_object();
    }
    w.end_object();
    return w.take();
}

void RequestLog::reset() {
    std::lock_guard lock(m_mutex);
    m_counts.clear();
}

} // namespace issuebridge::sandbox
