#pragma once
// Item titles trimmed to a target's limit.

#include <cstddef>
#include <string>
#include <string_view>

namespace issuebridge::render {

// `title` on one line, at most `max_chars` long, counted as Java and JavaScript count (UTF-16 code
// units, so characters outside the Basic Multilingual Plane count two; that is how Jira checks its
// 255). Line breaks and other control characters become spaces, invalid UTF-8 becomes U+FFFD,
// surrounding spaces are trimmed, and a title that is cut ends with "…" (counted in `max_chars`). A
// cut never splits a UTF-8 sequence.
std::string trim_title(std::string_view title, std::size_t max_chars);

} // namespace issuebridge::render
