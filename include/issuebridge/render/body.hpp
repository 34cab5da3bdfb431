#pragma once
// What every target's body format shares. Source bodies are GitHub- or GitLab-flavoured markdown;
// they are parsed with cmark-gfm (markdown.hpp) and walked by each format's writer, which lives
// with its target (targets/jira: ADF and wiki markup; targets/asana; targets/trello). Pure code: no
// I/O, no global state.
//
// What every format does:
// - the output ends with a link back to the source item;
// - raw HTML in the source is shown as text and never passed on; HTML comments are dropped, because
//   the source shows them not at all (issue templates are full of them);
// - links keep their target only for http, https and mailto URLs, so a body cannot smuggle a
//   javascript: link;
// - soft line breaks become line breaks, as GitHub shows them in issues and comments;
// - invalid UTF-8 becomes U+FFFD, CRLF and CR become LF, other control characters are dropped;
// - an output longer than `limit` is cut at a line (else character) boundary of the source, and a
//   notice (k_truncation_notice) and the link back are kept within the limit.
// Lengths and limits are counted as Java and JavaScript count them (UTF-16 code units), because
// that is how Jira and Trello check them: a character outside the Basic Multilingual Plane (most
// emoji) counts two.

#include <cstddef>
#include <string>
#include <string_view>

namespace issuebridge::render {

struct BackLink {
    std::string url;   // the source item's web page; nothing is written for the link when empty
    std::string label; // e.g. "View on GitHub", "View alert"; the URL itself is shown when empty
};

// Shown where a body was cut to fit its target.
inline constexpr std::string_view k_truncation_notice = "\xE2\x80\xA6 (truncated, see source)";

// The length of UTF-8 text in the unit of every target's limit (UTF-16 code units).
std::size_t text_length(std::string_view utf8) noexcept;

} // namespace issuebridge::render
