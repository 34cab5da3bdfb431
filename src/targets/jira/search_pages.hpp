#pragma once
// Jira Data Center's search, POST /rest/api/2/search, one query's pages (API-FACTS §6.1): `startAt` pages of at most
// k_page, well below the instance's maxResults cap (1000 by default, read back from each answer, since a larger
// request is cut silently); the end is the first short page, never `total`, which the spec calls optional and
// which may change while paging. So that no query reaches the 10,000-result window, it starts a new key range
// ("AND key > <last key>", startAt 0) every k_range results, in ORDER BY key ASC. An instance whose window is
// smaller (an admin's max_result_window) refuses a deeper page with a 400, or answers it empty while `total` says
// more follow (API-FACTS §6.1: "an error or empty results"); either way the query goes on from the last key read,
// in ranges no longer than the one that reached the window. Private to targets/jira.

#include "jira.hpp"

#include <simdjson.h>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace issuebridge::targets::jira {

class SearchPages {
public:
    static constexpr std::size_t k_page = 100;
    static constexpr std::size_t k_range = 5000;

    // The request of the next page of `jql` (AND clauses, no ORDER BY), asking for `fields`. Without validation
    // (`key in (…)` of a deleted item), unknown values are warnings, not a 400 for the whole query.
    http::Request request(const Context& c, const std::string& jql, std::initializer_list<std::string_view> fields,
                          bool validate = true) const;
    // Takes a page's paging fields (the answer's `issues`, and `maxResults` if it says) and moves on; a Failure
    // names the malformed field.
    std::optional<util::Failure> read(simdjson::dom::element root, simdjson::dom::array issues);
    // A 400 for this query's next page. True when it is the result window's (a page after a range's first: the
    // query itself was accepted at startAt 0) and paging goes on in a new key range; false: a failure.
    bool refused_past_window(const http::Response& response);
    bool done() const { return m_done; }
    std::size_t start_at() const { return m_start_at; }
    const std::string& after() const { return m_after; }

private:
    // Starts a new key range after the last key read, and keeps later ranges below where this one ended.
    bool restart_range();

    std::size_t m_start_at = 0;
    std::size_t m_range = k_range; // results read in one key range before the next starts
    std::string m_after;           // the key range: items after this key ("" from the first)
    std::string m_last;            // the key of the last item read
    bool m_done = false;
};

} // namespace issuebridge::targets::jira
