// Markdown passed through to Trello. The source is kept byte for byte except where cmark found raw
// HTML: there the characters markdown could read as syntax get a backslash, so the tag (and
// anything inside it) shows as text, and HTML comments are removed. cmark's column positions of
// inline nodes are unreliable (lazy continuation lines), so HTML is located by its line and its
// literal text. Whatever cannot be located, and any HTML that survives the edit (e.g. "<<!-- -->b>"
// once the comment is gone), makes the body fall back to cmark's own markdown writer over a tree
// whose HTML became text: safe by construction, only noisier.

#include "card_markdown.hpp"

#include "issuebridge/render/body.hpp"
#include "issuebridge/render/markdown.hpp"
#include "issuebridge/render/templates.hpp"
#include "issuebridge/render/text.hpp"

#include <algorithm>
#include <cctype>

namespace issuebridge::targets::trello {

namespace {

namespace detail = render::detail;
using render::BackLink;
using render::escape_markdown;
using render::k_truncation_notice;
using render::text_length;

using detail::kind;
using detail::Node;

// What becomes of each source byte.
enum class Action : char { keep, escape, drop };

class Source {
public:
    explicit Source(std::string_view text) : m_text(text) {
        m_starts.push_back(0);
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '\n') {
                m_starts.push_back(i + 1);
            }
        }
    }
    // Lines are numbered from 1, as cmark numbers them; an unknown line is empty.
    std::size_t line_start(int line) const {
        const auto i = static_cast<std::size_t>(std::max(line, 1) - 1);
        return i < m_starts.size() ? m_starts[i] : m_text.size();
    }
    std::string_view text() const { return m_text; }
    std::string_view line(int n) const {
        const std::size_t start = line_start(n);
        const std::size_t nl = m_text.find('\n', start);
        return m_text.substr(start, (nl == std::string_view::npos ? m_text.size() : nl) - start);
    }

private:
    std::string_view m_text;
    std::vector<std::size_t> m_starts;
};

// Where literal line `want` sits in source line `line`, after container prefixes (spaces, tabs,
// '>'); when it cannot be found, the line's content after its prefix, so that a miss escapes too
// much rather than too little.
std::pair<std::size_t, std::size_t> find_in_line(const Source& src, int line, std::string_view want) {
    const std::string_view text = src.line(line);
    const std::size_t base = src.line_start(line);
    for (std::size_t p = 0; p <= text.size(); ++p) {
        if (text.substr(p).starts_with(want)) {
            return {base + p, base + p + want.size()};
        }
        if (p < text.size() && text[p] != ' ' && text[p] != '\t' && text[p] != '>') {
            break;
        }
    }
    const std::size_t content = std::min(text.find_first_not_of(" \t>"), text.size());
    return {base + content, base + text.size()};
}

// One HTML node's source ranges, one per literal line: its first line at `first`, the others found
// by find_in_line. Complete comments across the ranges are dropped, everything else escaped.
void mark_node(const Source& src, int line, std::pair<std::size_t, std::size_t> first,
               const std::vector<std::string_view>& lines, std::vector<Action>& actions) {
    std::vector<std::size_t> offsets; // the source offset of each byte of the node, in order
    std::string text;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto [b, e] = i == 0 ? first : find_in_line(src, line + static_cast<int>(i), lines[i]);
        for (std::size_t k = b; k < e; ++k) {
            offsets.push_back(k);
        }
        text += src.text().substr(b, e - b);
    }
    std::vector<Action> node(text.size(), Action::escape);
    for (std::size_t open = 0; (open = text.find("<!--", open)) != std::string::npos;) {
        const std::size_t close = text.find("-->", open + 4);
        if (close == std::string::npos) {
            break;
        }
        std::fill(node.begin() + static_cast<std::ptrdiff_t>(open),
                  node.begin() + static_cast<std::ptrdiff_t>(close + 3), Action::drop);
        open = close + 3;
    }
    for (std::size_t k = 0; k < offsets.size(); ++k) {
        actions[offsets[k]] = node[k];
    }
}

// An HTML block starts where cmark says; its lines follow.
void mark_block(cmark_node* n, const Source& src, const std::vector<std::string_view>& lines,
                std::vector<Action>& actions) {
    const int line = cmark_node_get_start_line(n);
    const auto first = find_in_line(src, line, lines[0]);
    const bool only_comments = detail::html_as_text(n).empty();
    if (only_comments && first.first == src.line_start(line) + src.line(line).find_first_not_of(" \t")) {
        // Comments outside any container: their lines go, leaving one empty line so that the
        // paragraphs around them stay apart.
        const int last = line + static_cast<int>(lines.size()) - 1;
        const auto begin = static_cast<std::ptrdiff_t>(src.line_start(line));
        const auto end = static_cast<std::ptrdiff_t>(src.line_start(last) + src.line(last).size());
        std::fill(actions.begin() + begin, actions.begin() + end, Action::drop);
    } else {
        mark_node(src, line, first, lines, actions);
    }
}

// Inline HTML is where cmark says when the literal is there; else it is every occurrence on its
// line: one of them is the node, and escaping a twin in a code span only shows a backslash (a wrong
// guess that misses the node leaves HTML behind, which neutralized() detects). A literal that goes
// on to the next line must end its first line. False when the literal is nowhere on the line.
bool mark_inline(cmark_node* n, const Source& src, const std::vector<std::string_view>& lines,
                 std::vector<Action>& actions) {
    const int line = cmark_node_get_start_line(n);
    const std::string_view text = src.line(line);
    const std::size_t base = src.line_start(line);
    const auto fits = [&](std::size_t p) {
        return text.substr(p).starts_with(lines[0]) && (lines.size() == 1 || p + lines[0].size() == text.size());
    };
    const auto mark = [&](std::size_t p) {
        mark_node(src, line, {base + p, base + p + lines[0].size()}, lines, actions);
    };
    const auto column = static_cast<std::size_t>(std::max(cmark_node_get_start_column(n), 1) - 1);
    if (column < text.size() && fits(column)) {
        mark(column);
        return true;
    }
    bool found = false;
    for (std::size_t p = text.find(lines[0]); p != std::string_view::npos; p = text.find(lines[0], p + 1)) {
        if (fits(p)) {
            mark(p);
            found = true;
        }
    }
    return found;
}

// Marks every HTML node; false when an inline one was not found.
bool mark_html(cmark_node* root, const Source& src, std::vector<Action>& actions) {
    bool ok = true;
    cmark_iter* it = cmark_iter_new(root);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node* n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || (kind(n) != Node::html_block && kind(n) != Node::html_inline)) {
            continue;
        }
        std::string_view lit = detail::literal(n);
        if (lit.ends_with('\n')) {
            lit.remove_suffix(1);
        }
        const auto lines = detail::split_lines(lit);
        if (kind(n) == Node::html_block) {
            mark_block(n, src, lines, actions);
        } else {
            ok = mark_inline(n, src, lines, actions) && ok;
        }
    }
    cmark_iter_free(it);
    return ok;
}

// Whether `c` at md[i] could be read as markdown syntax once it is not HTML any more.
bool needs_escape(std::string_view md, std::size_t i) {
    const char c = md[i];
    if (std::string_view("\\`*_[]<>!&#+-|~").find(c) != std::string_view::npos) {
        return true;
    }
    if (c != '.' && c != ')') {
        return false;
    }
    // "1." or "1)" at a line start would begin an ordered list.
    std::size_t j = i;
    while (j > 0 && std::isdigit(static_cast<unsigned char>(md[j - 1]))) {
        --j;
    }
    const bool digits = j < i;
    while (j > 0 && (md[j - 1] == ' ' || md[j - 1] == '\t')) {
        --j;
    }
    return digits && (j == 0 || md[j - 1] == '\n');
}

std::string apply_actions(std::string_view md, const std::vector<Action>& actions) {
    std::string out;
    out.reserve(md.size() + md.size() / 8);
    for (std::size_t i = 0; i < md.size(); ++i) {
        if (actions[i] == Action::drop) {
            continue;
        }
        if (actions[i] == Action::escape && needs_escape(md, i)) {
            out += '\\';
        }
        out += md[i];
    }
    return out;
}

bool has_html(std::string_view md) {
    const detail::Document doc(md);
    cmark_iter* it = cmark_iter_new(doc.root());
    bool found = false;
    for (cmark_event_type ev; !found && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        const Node k = kind(cmark_iter_get_node(it));
        found = k == Node::html_block || k == Node::html_inline;
    }
    cmark_iter_free(it);
    return found;
}

// cmark's markdown writer over the tree with HTML turned into text (comments dropped).
std::string rewritten(std::string_view md) {
    const detail::Document doc(md);
    std::vector<cmark_node*> html;
    cmark_iter* it = cmark_iter_new(doc.root());
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node* n = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER && (kind(n) == Node::html_block || kind(n) == Node::html_inline)) {
            html.push_back(n);
        }
    }
    cmark_iter_free(it);
    for (cmark_node* n : html) {
        const std::string text(detail::html_as_text(n));
        cmark_node* replacement = nullptr;
        if (!text.empty()) {
            replacement = cmark_node_new(CMARK_NODE_TEXT);
            cmark_node_set_literal(replacement, text.c_str());
            if (kind(n) == Node::html_block) {
                cmark_node* paragraph = cmark_node_new(CMARK_NODE_PARAGRAPH);
                cmark_node_append_child(paragraph, replacement);
                replacement = paragraph;
            }
            cmark_node_insert_before(n, replacement);
        }
        cmark_node_free(n); // also unlinks it
    }
    char* out = cmark_render_commonmark(doc.root(), CMARK_OPT_DEFAULT, 0);
    std::string result(out);
    cmark_get_default_mem_allocator()->free(out);
    return result;
}

std::string neutralized(std::string_view md) {
    const detail::Document doc(md, true);
    const Source src(md);
    std::vector<Action> actions(md.size(), Action::keep);
    if (!mark_html(doc.root(), src, actions)) {
        return rewritten(md);
    }
    if (std::all_of(actions.begin(), actions.end(), [](Action a) { return a == Action::keep; })) {
        return std::string(md);
    }
    std::string out = apply_actions(md, actions);
    return has_html(out) ? rewritten(md) : out;
}

// A cut inside a fenced code block would swallow the notice and the link: close the fence.
std::string closing_fence(const std::string& body) {
    const detail::Document doc(body + "\n\nx");
    cmark_node* last = cmark_node_last_child(doc.root());
    int length = 0;
    int offset = 0;
    char fence = 0;
    if (last && kind(last) == Node::code_block && cmark_node_get_fenced(last, &length, &offset, &fence) && length > 0) {
        return "\n" + std::string(static_cast<std::size_t>(length), fence);
    }
    return {};
}

std::string link_markdown(const BackLink& link) {
    const std::string label = escape_markdown(link.label.empty() ? link.url : link.label);
    if (!detail::is_safe_url(link.url)) {
        return label;
    }
    return "[" + label + "](" + detail::markdown_url(link.url) + ")";
}

} // namespace

std::string to_trello_markdown(std::string_view markdown, const BackLink& link, std::size_t limit) {
    const std::string md = detail::normalize_input(markdown);
    return detail::fit_to_limit(md, limit, [&link](std::string_view prefix, bool truncated) {
        std::string body = neutralized(prefix);
        body.erase(body.find_last_not_of(" \t\n") + 1);
        body.erase(0, body.find_first_not_of('\n'));
        if (truncated && !body.empty()) {
            body += closing_fence(body);
        }
        std::vector<std::string> parts;
        for (std::string part : {body, truncated ? "*" + std::string(k_truncation_notice) + "*" : std::string(),
                                 link.url.empty() ? std::string() : link_markdown(link)}) {
            if (!part.empty()) {
                parts.push_back(std::move(part));
            }
        }
        std::string out;
        for (const auto& p : parts) {
            out += (out.empty() ? "" : "\n\n") + p;
        }
        return out;
    });
}

} // namespace issuebridge::targets::trello
