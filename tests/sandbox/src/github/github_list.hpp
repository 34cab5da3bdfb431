#pragma once
// The semantics of GitHub's "List repository issues": parameters, filtering, ordering, pages, Link
// header.

#include "github_data.hpp"

#include <httplib.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace issuebridge::sandbox {

struct ListQuery {
    std::string state = "open";   // open | closed | all
    std::string sort = "created"; // created | updated | comments
    bool ascending = false;
    std::optional<std::int64_t> since_ms; // updated at or after
    int per_page = 30;                    // clamped to 100
    int page = 1;
    std::vector<std::string> labels; // all must match (case-insensitive)
    std::optional<std::string> milestone;
    std::optional<std::string> assignee;
    std::optional<std::string> creator;
};

// Reads the query; invalid values add the parameter's name to `invalid` (GitHub then answers 422).
ListQuery parse_list_query(const httplib::Request& req, std::vector<std::string>& invalid);

struct ListPage {
    std::vector<const GhIssue*> items;
    int last_page = 1;
};
ListPage select_page(const GhRepo& repo, const ListQuery& query);

// GitHub's Link header for page `page` of `last_page`: prev/first from page 2 on, next/last before
// the last page; "" when everything fits on one page. `target` is the request's path and query,
// whose parameters the links keep (with page replaced).
std::string link_header(const std::string& base, const std::string& target, int page,
                        int last_page);

// The 422 body: {"message":"Validation
// Failed","errors":[{"resource":"Issue","field":...,"code":"invalid"}],...}.
std::string validation_failed(const std::vector<std::string>& fields, std::string_view docs);

} // namespace issuebridge::sandbox
