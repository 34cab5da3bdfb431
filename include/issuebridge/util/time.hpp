#pragma once
// ISO 8601 UTC timestamps as the trackers write them: "2026-01-02T03:04:05Z".

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace issuebridge::util {

// Seconds since the epoch; nullopt unless `text` is "YYYY-MM-DDTHH:MM:SS" followed by "Z" (fractions allowed).
std::optional<std::int64_t> parse_iso8601(std::string_view text);
// "YYYY-MM-DDTHH:MM:SSZ".
std::string format_iso8601(std::int64_t seconds);
// Now, in seconds since the epoch.
std::int64_t unix_now();

} // namespace issuebridge::util
