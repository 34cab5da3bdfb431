#pragma once
// The one parse of GitHub-flavoured markdown, and the questions every format's walker asks of a
// node: for the body writers, in render/ and with each target's formats (targets/*/); nothing else.

#include "issuebridge/render/text.hpp"

#include "issuebridge/render/body.hpp"

#include <cmark-gfm.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace issuebridge::render::detail {

// Deeper blocks or inlines than this are rendered as their plain text: a hostile body of ten
// thousand nested quotes must not exhaust the stack, and no tracker shows such nesting anyway.
inline constexpr int k_max_depth = 32;

// Valid UTF-8 (invalid bytes become U+FFFD), LF line ends, no control characters but tab and LF, no
// U+FFFE or U+FFFF (XML rejects them). Every renderer parses this, never the raw input.
std::string normalize_input(std::string_view markdown);

// A parsed document; owns the cmark tree.
class Document {
public:
    // `sourcepos` records line and byte-column positions (the Trello renderer edits the source by
    // them).
    explicit Document(std::string_view normalized, bool sourcepos = false);
    ~Document();
    Document(const Document&) = delete;
    Document& operator=(const Document&) = delete;

    cmark_node* root() const noexcept { return m_root; }

private:
    cmark_node* m_root;
};

// A body in one of the formats written by walking the tree: Writer().render(root, link, truncated)
// of the normalized markdown, fitted into `limit` (see fit_to_limit).
template <typename Writer>
std::string render_fitted(std::string_view markdown, const BackLink& link, std::size_t limit) {
    const std::string md = normalize_input(markdown);
    return fit_to_limit(md, limit, [&link](std::string_view prefix, bool truncated) {
        const Document doc(prefix);
        return Writer().render(doc.root(), link, truncated);
    });
}

enum class Node {
    document,
    block_quote,
    list,
    item,
    code_block,
    html_block,
    paragraph,
    heading,
    thematic_break,
    table,
    table_row,
    table_cell,
    text,
    softbreak,
    linebreak,
    code,
    html_inline,
    emph,
    strong,
    strike,
    link,
    image,
    other, // footnotes and anything a later cmark adds: rendered as plain text
};
Node kind(cmark_node* n) noexcept;

enum class Align { none, left, center, right };

// The children of a node as a range: for (cmark_node* c : children(n)).
class ChildRange {
public:
    class Iterator {
    public:
        explicit Iterator(cmark_node* n) : m_n(n) {}
        cmark_node* operator*() const { return m_n; }
        Iterator& operator++() {
            m_n = cmark_node_next(m_n);
            return *this;
        }
        bool operator!=(const Iterator& o) const { return m_n != o.m_n; }

    private:
        cmark_node* m_n;
    };
    explicit ChildRange(cmark_node* parent) : m_first(cmark_node_first_child(parent)) {}
    Iterator begin() const { return Iterator(m_first); }
    Iterator end() const { return Iterator(nullptr); }

private:
    cmark_node* m_first;
};

inline ChildRange children(cmark_node* parent) { return ChildRange(parent); }

std::string_view literal(cmark_node* n) noexcept;
std::string_view url(cmark_node* n) noexcept;
// http, https and mailto only: anything else (javascript:, data:, relative paths) loses its link.
bool is_safe_url(std::string_view url) noexcept;
// A URL as a markdown link destination: spaces, parentheses and angle brackets percent-encoded.
std::string markdown_url(std::string_view url);
// The text of a node and its descendants, breaks as spaces (image alt text, over-deep nodes).
std::string plain_text(cmark_node* n);
// What an image shows where it becomes a link: its alt text, else its URL when safe, else nothing
// (a data: URI can be a whole base64 picture).
std::string image_text(cmark_node* image);
// `html` without its complete "<!-- … -->" comments (an unterminated one stays: it is shown as
// text).
std::string strip_html_comments(std::string_view html);
// Raw HTML as shown: comments removed, as the source hides them, and the rest as text without the
// final line break; "" when only comments and white space were there.
std::string html_as_text(cmark_node* n);

bool is_ordered(cmark_node* list) noexcept;
int list_start(cmark_node* list) noexcept;
bool is_task_item(cmark_node* item) noexcept;
bool is_checked(cmark_node* item) noexcept;
// "☐ " or "☑ ": how a task item shows where a format has no task lists.
std::string_view task_marker(bool checked) noexcept;

int heading_level(cmark_node* heading) noexcept;
// The first word of a fenced code block's info string, "" when none.
std::string code_language(cmark_node* code_block);
// The code without its final line break.
std::string_view code_text(cmark_node* code_block) noexcept;

bool is_header_row(cmark_node* row) noexcept;
std::vector<Align> column_alignments(cmark_node* table);

std::vector<std::string_view> split_lines(std::string_view text);

} // namespace issuebridge::render::detail
