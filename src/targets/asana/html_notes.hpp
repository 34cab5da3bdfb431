#pragma once
// Asana's rich text: a markdown body as html_notes. A format only, until the Asana target lands here; the markdown
// reader and what every writer shares are render/'s (body.hpp, markdown.hpp).

#include "issuebridge/render/body.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace issuebridge::targets::asana {

// Asana documents no limit for notes that we know of; Jira's is a conservative stand-in.
inline constexpr std::size_t k_asana_notes_limit = 32767;

// html_notes in the subset Asana accepts, as well-formed XML under a <body> root. Headings 1 and 2-3 map to <h1>
// and <h2>, smaller ones to a bold line; tables become one line per row.
std::string to_asana_html(std::string_view markdown, const render::BackLink& link,
                          std::size_t limit = k_asana_notes_limit);

} // namespace issuebridge::targets::asana
