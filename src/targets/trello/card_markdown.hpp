#pragma once
// Trello's card descriptions: markdown, passed through safely. A format only, until the Trello target lands here;
// the markdown reader and what every writer shares are render/'s (body.hpp, markdown.hpp).

#include "issuebridge/render/body.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace issuebridge::targets::trello {

// Trello's card description limit.
inline constexpr std::size_t k_trello_desc_limit = 16384;

// The markdown itself, byte for byte except that raw HTML is escaped so it shows as text and HTML comments are
// removed.
std::string to_trello_markdown(std::string_view markdown, const render::BackLink& link,
                               std::size_t limit = k_trello_desc_limit);

} // namespace issuebridge::targets::trello
