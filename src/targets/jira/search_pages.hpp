#pragma once
// Jira Data Center's search, POST /rest/api/2/search, one query's pages (API-FACTS §6.1): `startAt` pages of at most
// k_page, well below the instance's maxResults cap (1000 by default, read back from each answer, since a larger
// request is cut silently); the end is the first short page, never `total`, which the spec calls optional and
// which may change while paging. So that no query reaches the 10,000-result window, it starts a new key range
// ("AND key > <last key>", startAt 0) every k_range results, in ORDER BY key ASC. Private to targets/jira.

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
    bool done() const { return m_done; }
    std::size_t start_at() const { return m_start_at; }
    const std::string& after() const { return m_after; }

private:
    std::size_t m_start_at = 0;
    std::string m_after; // the key range: items after this key ("" from the first)
    bool m_done = false;
};

} // namespace issuebridge::targets::jira
