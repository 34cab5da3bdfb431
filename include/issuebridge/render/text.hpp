#pragma once
// What every body writer (render/ and each target's formats) shares: measuring and cutting UTF-8
// text, and fitting a rendered body into its target's limit.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace issuebridge::render::detail {

// The byte length of the sequence that starts with `lead` in valid UTF-8.
std::size_t sequence_length(unsigned char lead) noexcept;

// The byte length of the longest prefix of valid UTF-8 `s` whose text_length is at most
// `max_units`; it never ends inside a sequence.
std::size_t prefix_within(std::string_view s, std::size_t max_units) noexcept;

// Renders normalized markdown; `truncated` asks for the notice before the link back.
using Renderer = std::function<std::string(std::string_view markdown, bool truncated)>;

// render(markdown, false) if it fits `limit`, else render(prefix, true) for the longest prefix
// found that fits, cut at a line start and then refined to a character boundary within the next
// line. Rendered length is not strictly monotonic in the prefix, so the search is a binary search
// that keeps the best fit it has seen. When not even an empty body fits, render("", true) is
// returned as it is: a limit smaller than the notice and the link back is a misconfiguration, and a
// well-formed body over the limit beats a broken one under it.
std::string fit_to_limit(std::string_view markdown, std::size_t limit, const Renderer& render);

} // namespace issuebridge::render::detail
