#pragma once
// Parsing the two date formats servers put in rate-limit headers (internal to the HTTP layer).

#include "issuebridge/http/clock.hpp"

#include <optional>
#include <string_view>

namespace issuebridge::http {

// IMF-fixdate (RFC 9110 §5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT"; nullopt otherwise.
std::optional<WallTime> parse_http_date(std::string_view text);

// ISO 8601 date-time: "2026-11-22T10:15Z", "2026-11-22T10:15:30.5+01:00", "…+0100"; nullopt otherwise.
// A missing zone is taken as UTC.
std::optional<WallTime> parse_iso8601(std::string_view text);

} // namespace issuebridge::http
