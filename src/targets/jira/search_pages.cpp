#include "search_pages.hpp"

#include "issuebridge/util/json_writer.hpp"

#include <algorithm>

namespace issuebridge::targets::jira {

http::Request SearchPages::request(const Context& c, const std::string& jql,
                                   std::initializer_list<std::string_view> fields, bool validate) const {
    std::string query = jql;
    if (!m_after.empty()) {
        query += " AND key > \"" + m_after + "\"";
    }
    util::JsonWriter body;
    body.begin_object().field("jql", query + " ORDER BY key ASC");
    body.field("startAt", static_cast<std::int64_t>(m_start_at)).field("maxResults", static_cast<int>(k_page));
    body.key("fields").begin_array();
    for (const auto field : fields) {
        body.value(field);
    }
    body.end_array().field("validateQuery", validate).end_object();
    http::Request r = jira::request(c, "POST", "/search", body.take());
    r.idempotent = true; // a search changes nothing
    return r;
}

std::optional<util::Failure> SearchPages::read(simdjson::dom::element root, simdjson::dom::array issues) {
    std::size_t page = k_page;
    std::int64_t cap = 0;
    if (!root["maxResults"].get_int64().get(cap) && cap > 0) {
        page = std::min(page, static_cast<std::size_t>(cap)); // the instance's cap, when below ours
    }
    const std::size_t count = issues.size();
    if (count > 0) {
        std::string_view last;
        if (issues.at(count - 1)["key"].get_string().get(last)) {
            return util::Failure{util::Failure::Kind::parse, "jira search answer: field 'issues[].key' is malformed",
                                 0};
        }
        m_last = last;
    }
    m_start_at += count;
    if (count < page) {
        // A short page is the last, unless `total` says more follow: then the window ended this range early.
        std::int64_t total = 0;
        const bool more = !root["total"].get_int64().get(total) && total > static_cast<std::int64_t>(m_start_at);
        m_done = !(more && restart_range());
        return std::nullopt;
    }
    if (m_start_at + page > m_range) {
        m_after = m_last;
        m_start_at = 0;
    }
    return std::nullopt;
}

bool SearchPages::refused_past_window(const http::Response& response) {
    return response.status == 400 && restart_range();
}

bool SearchPages::restart_range() {
    if (m_start_at == 0) {
        return false; // nothing read in this range: going on from the same key would ask the same again
    }
    m_range = std::min(m_range, m_start_at);
    m_after = m_last;
    m_start_at = 0;
    return true;
}

} // namespace issuebridge::targets::jira
