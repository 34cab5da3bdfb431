#pragma once
// Finding the next page the generic way: RFC 8288 Link headers. The next URL always comes from the server where it
// gives one; callers never build it by hand. Tracker-specific styles (body tokens, offsets) live with each adapter.

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

} // namespace issuebridge::http
