#pragma once
// Item titles trimmed to a target's limit.

#include <cstddef>
#include <string>
#include <string_view>

namespace issuebridge::render {

// Jira's summary limit.
inline constexpr std::size_t k_jira_summary_limit = 255;
// Asana and Trello accept far longer names; 512 holds any GitHub (256) or GitLab (255) title with a
// prefix such as "[ ISSUE 123 ] " and stays well inside what either API takes.
inline constexpr std::size_t k_asana_name_limit = 512;
inline constexpr std::size_t k_trello_name_limit = 512;

// `title` on one line, at most `max_chars` long, counted as Java and JavaScript count (UTF-16 code
// units, so characters outside the Basic Multilingual Plane count two; that is how Jira checks its
// 255). Line breaks and other control characters become spaces, invalid UTF-8 becomes U+FFFD,
// surrounding spaces are trimmed, and a title that is cut ends with "…" (counted in `max_chars`). A
// cut never splits a UTF-8 sequence.
std::string trim_title(std::string_view title, std::size_t max_chars);

} // namespace issuebridge::render
