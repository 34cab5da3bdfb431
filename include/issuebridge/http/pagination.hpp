#pragma once
// Finding the next page, for each pagination style the trackers use. The next URL always comes from the server
// where it gives one; callers never build it by hand.

#include "issuebridge/http/message.hpp"
#include "issuebridge/util/result.hpp"

#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace issuebridge::http {

// The target of the RFC 8288 link with relation `rel` ("next") among all Link headers of `response`, or
// nullopt. Handles quoted and unquoted rel, several relations in one rel ("next last"), commas inside <…>,
// and other parameters. Relation names compare case-insensitively. (GitHub, GitLab)
std::optional<std::string> link_rel(const Response& response, std::string_view rel);

// Follows one listing's rel="next" links without leaking credentials or looping. A link whose origin (scheme,
// host and port after normalising case and default ports, see origin_of) differs from the first page's, such as
// another host or an https -> http downgrade, would carry the adapter's token elsewhere; a link to a URL already
// read would never end. Both end the listing with a Failure instead.
class NextLinks {
public:
    explicit NextLinks(std::string first_url);
    // The URL to read after `response` (the answer to the last URL returned): empty when there is no next link,
    // or Failure{other} naming `what` and the foreign origin (redacted) or the repeated URL (redacted).
    util::Result<std::string> after(const Response& response, std::string_view what);

private:
    std::string m_origin;
    std::set<std::string> m_read;
};

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
