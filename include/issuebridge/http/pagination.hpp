#pragma once
// Finding the next page, for each pagination style the trackers use. The next URL always comes from the server
// where it gives one; callers never build it by hand.

#include "issuebridge/http/message.hpp"
#include "issuebridge/util/result.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace issuebridge::http {

// The target of the RFC 8288 link with relation `rel` ("next") among all Link headers of `response`, or
// nullopt. Handles quoted and unquoted rel, several relations in one rel ("next last"), commas inside <…>,
// and other parameters. Relation names compare case-insensitively. (GitHub, GitLab)
std::optional<std::string> link_rel(const Response& response, std::string_view rel);

// GitLab offset pagination: the x-next-page header's page number, or nullopt when absent or empty (last page).
// Prefer link_rel(response, "next") when present; it carries the whole URL.
std::optional<std::string> gitlab_next_page(const Response& response);

// The body-token styles, parsed with simdjson's DOM API (the whole body is validated first). Each returns the next
// token/URL, nullopt on the last page, or Failure{parse} naming the field when the body is not valid JSON, not a
// JSON object, or the field has the wrong type.

// Jira /search/jql: "nextPageToken", absent (or "isLast": true) on the last page.
util::Result<std::optional<std::string>> jira_next_page_token(std::string_view body);
// Asana: "next_page": {"offset": …}, null on the last page.
util::Result<std::optional<std::string>> asana_next_offset(std::string_view body);
// LGTM: "nextPageUrl", absent on the last page.
util::Result<std::optional<std::string>> lgtm_next_page_url(std::string_view body);

} // namespace issuebridge::http
