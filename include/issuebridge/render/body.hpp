#pragma once
// Markdown bodies into each target's format. Source bodies are GitHub- or GitLab-flavoured
// markdown; they are parsed once with cmark-gfm and walked once per format. Pure code: no I/O, no
// global state.
//
// What every format shares:
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

// Jira's default limit for a text field (jira.text.field.character.limit), applied to the
// description as sent: the whole ADF JSON for Cloud, the wiki markup for Data Center.
inline constexpr std::size_t k_jira_text_limit = 32767;
// Asana documents no limit for notes that we know of; Jira's is a conservative stand-in.
inline constexpr std::size_t k_asana_notes_limit = 32767;
// Trello's card description limit.
inline constexpr std::size_t k_trello_desc_limit = 16384;

// Shown where a body was cut to fit its target.
inline constexpr std::string_view k_truncation_notice = "\xE2\x80\xA6 (truncated, see source)";

// Jira Cloud: an Atlassian Document Format document (version 1) as JSON, valid against Atlassian's
// published schema. Task lists become taskList/taskItem; images become links; structures ADF
// forbids in a place (a heading or table in a list item, a quote in a quote) are flattened to what
// it allows there.
std::string to_adf(std::string_view markdown, const BackLink& link,
                   std::size_t limit = k_jira_text_limit);

// Jira Data Center (REST v2): wiki markup. Every character that wiki markup gives a meaning is
// escaped in text, so a body cannot open a macro ({html}), a mention ([~user]), an image (!x.png!)
// or any other markup.
std::string to_jira_wiki(std::string_view markdown, const BackLink& link,
                         std::size_t limit = k_jira_text_limit);

// Asana: html_notes in the subset Asana accepts, as well-formed XML under a <body> root. Headings 1
// and 2-3 map to <h1> and <h2>, smaller ones to a bold line; tables become one line per row.
std::string to_asana_html(std::string_view markdown, const BackLink& link,
                          std::size_t limit = k_asana_notes_limit);

// Trello: the markdown itself, byte for byte except that raw HTML is escaped so it shows as text
// and HTML comments are removed.
std::string to_trello_markdown(std::string_view markdown, const BackLink& link,
                               std::size_t limit = k_trello_desc_limit);

// The length of UTF-8 text in the unit of every limit above (UTF-16 code units).
std::size_t text_length(std::string_view utf8) noexcept;

} // namespace issuebridge::render
