// Markdown to Asana html_notes: XML under <body>, from the tags Asana documents (strong em u s code
// pre a ul ol li blockquote h1 h2 hr). Asana has no paragraph tag: lines are separated by newlines,
// paragraphs by an empty line. Its nesting rules: a list item holds text and lists (no heading,
// quote or pre); a heading, quote or pre holds text only (no list), and a heading no newline. Where
// markdown nests otherwise, the inner blocks are written as lines of text: list items as "• "
// lines, code as <code> lines, table rows as "a | b" lines.

#include "html_notes.hpp"

#include "issuebridge/render/body.hpp"
#include "issuebridge/render/markdown.hpp"
#include "issuebridge/render/text.hpp"

#include <utility>

namespace issuebridge::targets::asana {

namespace {

namespace detail = render::detail;
using render::BackLink;
using render::k_truncation_notice;
using render::text_length;

using detail::children;
using detail::kind;
using detail::Node;

std::string xml_escaped(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

// Where a block goes: the body, a list item, or a place that holds only text lines (quote,
// heading).
enum class Place { body, item, lines };

struct Block {
    bool text = false; // a run of text lines, as opposed to an element such as <ul> or <pre>
    std::string html;
};

class AsanaWriter {
public:
    std::string render(cmark_node* root, const BackLink& link, bool truncated) {
        std::vector<Block> blocks = blocks_of(root, Place::body, 0);
        if (truncated) {
            blocks.push_back({true, "<em>" + xml_escaped(k_truncation_notice) + "</em>"});
        }
        if (!link.url.empty()) {
            const std::string label = xml_escaped(link.label.empty() ? link.url : link.label);
            blocks.push_back({true, detail::is_safe_url(link.url)
                                        ? "<a href=\"" + xml_escaped(link.url) + "\">" + label + "</a>"
                                        : label});
        }
        return "<body>" + joined(blocks, "\n\n") + "</body>";
    }

private:
    // Text after text is a new paragraph (`text_sep`); an element starts its own line.
    static std::string joined(const std::vector<Block>& blocks, std::string_view text_sep) {
        std::string out;
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            if (i > 0) {
                out += blocks[i - 1].text && blocks[i].text ? text_sep : "\n";
            }
            out += blocks[i].html;
        }
        return out;
    }

    std::vector<Block> blocks_of(cmark_node* parent, Place place, int depth) {
        std::vector<Block> out;
        for (cmark_node* c : children(parent)) {
            block(c, place, depth, out);
        }
        return out;
    }

    void block(cmark_node* n, Place place, int depth, std::vector<Block>& out) {
        const auto add_text = [&out](std::string html) {
            if (!html.empty()) {
                out.push_back({true, std::move(html)});
            }
        };
        if (depth > detail::k_max_depth) {
            add_text(xml_escaped(detail::plain_text(n)));
            return;
        }
        switch (kind(n)) {
        case Node::paragraph:
            add_text(inline_html(n, depth, "\n"));
            break;
        case Node::heading:
            heading(n, place, depth, out);
            break;
        case Node::block_quote:
            if (place == Place::body) {
                const std::string inner = joined(blocks_of(n, Place::lines, depth + 1), "\n\n");
                if (!inner.empty()) {
                    out.push_back({false, "<blockquote>" + inner + "</blockquote>"});
                }
            } else {
                for (auto& b : blocks_of(n, place, depth + 1)) {
                    out.push_back(std::move(b));
                }
            }
            break;
        case Node::list:
            list(n, place, depth, out);
            break;
        case Node::code_block:
            code_block(n, place, out);
            break;
        case Node::html_block:
            add_text(xml_escaped(detail::html_as_text(n)));
            break;
        case Node::thematic_break:
            if (place == Place::body) {
                out.push_back({false, "<hr/>"});
            }
            break;
        case Node::table:
            add_text(table_lines(n, depth));
            break;
        default:
            add_text(xml_escaped(detail::plain_text(n)));
            break;
        }
    }

    // Levels 1 to 3 are headings (GitHub's issue forms write "### Field"); smaller ones are a bold
    // line, as is any heading where Asana allows none.
    void heading(cmark_node* n, Place place, int depth, std::vector<Block>& out) {
        const int level = detail::heading_level(n);
        if (place == Place::body && level <= 3) {
            const std::string text = inline_html(n, depth, " ");
            const std::string tag = level == 1 ? "h1" : "h2";
            if (!text.empty()) {
                out.push_back({false, "<" + tag + ">" + text + "</" + tag + ">"});
            }
        } else if (std::string text = bold_html(n, depth); !text.empty()) {
            out.push_back({true, std::move(text)});
        }
    }

    // Inline content in <strong>, with no <strong> inside it.
    std::string bold_html(cmark_node* parent, int depth) {
        m_strong = true;
        const std::string text = inline_html(parent, depth, " ");
        m_strong = false;
        return text.empty() ? text : "<strong>" + text + "</strong>";
    }

    void code_block(cmark_node* n, Place place, std::vector<Block>& out) {
        const std::string_view code = detail::code_text(n);
        if (place == Place::body) {
            out.push_back({false, "<pre>" + xml_escaped(code) + "</pre>"});
            return;
        }
        std::string lines;
        for (const auto line : detail::split_lines(code)) {
            lines += (lines.empty() ? "" : "\n") + (line.empty() ? "" : "<code>" + xml_escaped(line) + "</code>");
        }
        out.push_back({true, lines});
    }

    void list(cmark_node* n, Place place, int depth, std::vector<Block>& out) {
        if (place == Place::lines) {
            out.push_back({true, list_lines(n, "", depth)});
            return;
        }
        const char* tag = detail::is_ordered(n) ? "ol" : "ul";
        std::string html = std::string("<") + tag + ">";
        for (cmark_node* item : children(n)) {
            std::string marker;
            if (detail::is_task_item(item)) {
                marker = detail::task_marker(detail::is_checked(item));
            }
            html += "<li>" + marker + joined(blocks_of(item, Place::item, depth + 1), "\n") + "</li>";
        }
        out.push_back({false, html + "</" + tag + ">"});
    }

    // A list where Asana allows none: one line per item, nested items indented.
    std::string list_lines(cmark_node* n, const std::string& indent, int depth) {
        std::string out;
        int number = detail::list_start(n);
        for (cmark_node* item : children(n)) {
            std::string line = indent + (detail::is_ordered(n) ? std::to_string(number++) + ". " : "\xE2\x80\xA2 ");
            if (detail::is_task_item(item)) {
                line += detail::task_marker(detail::is_checked(item));
            }
            std::string nested;
            for (cmark_node* c : children(item)) {
                if (kind(c) == Node::list && depth < detail::k_max_depth) {
                    nested += "\n" + list_lines(c, indent + "    ", depth + 1);
                } else {
                    std::vector<Block> inner;
                    block(c, Place::lines, depth + 1, inner);
                    line += joined(inner, " ");
                }
            }
            out += (out.empty() ? "" : "\n") + line + nested;
        }
        return out;
    }

    std::string table_lines(cmark_node* n, int depth) {
        std::string out;
        for (cmark_node* row : children(n)) {
            std::string line;
            for (cmark_node* cell : children(row)) {
                line += line.empty() ? "" : " | ";
                line += detail::is_header_row(row) ? bold_html(cell, depth) : inline_html(cell, depth, " ");
            }
            out += (out.empty() ? "" : "\n") + line;
        }
        return out;
    }

    std::string inline_html(cmark_node* parent, int depth, std::string_view line_break) {
        std::string saved = std::exchange(m_out, std::string());
        const auto saved_break = std::exchange(m_break, line_break);
        inlines(parent, depth + 1);
        m_break = saved_break;
        return std::exchange(m_out, std::move(saved));
    }

    void inlines(cmark_node* parent, int depth) {
        for (cmark_node* c : children(parent)) {
            inline_node(c, depth);
        }
    }

    void inline_node(cmark_node* n, int depth) {
        if (depth > detail::k_max_depth) {
            m_out += xml_escaped(detail::plain_text(n));
            return;
        }
        switch (kind(n)) {
        case Node::text:
            m_out += xml_escaped(detail::literal(n));
            break;
        case Node::softbreak:
        case Node::linebreak:
            m_out += m_break;
            break;
        case Node::code:
            if (!detail::literal(n).empty()) {
                m_out += "<code>" + xml_escaped(detail::literal(n)) + "</code>";
            }
            break;
        case Node::html_inline: {
            const std::string html = detail::html_as_text(n);
            bool first = true;
            for (const auto line : detail::split_lines(html)) {
                m_out += first ? std::string_view() : m_break;
                m_out += xml_escaped(line);
                first = false;
            }
            break;
        }
        case Node::emph:
            styled(n, "em", m_em, depth);
            break;
        case Node::strong:
            styled(n, "strong", m_strong, depth);
            break;
        case Node::strike:
            styled(n, "s", m_strike, depth);
            break;
        case Node::link:
        case Node::image:
            link(n, depth);
            break;
        default:
            m_out += xml_escaped(detail::plain_text(n));
            break;
        }
    }

    void styled(cmark_node* n, std::string_view tag, bool& active, int depth) {
        const bool outer = !active;
        active = true;
        const std::size_t start = m_out.size();
        inlines(n, depth + 1);
        active = !outer;
        if (outer && m_out.size() > start) {
            m_out.insert(start, "<" + std::string(tag) + ">");
            m_out += "</" + std::string(tag) + ">";
        }
    }

    void link(cmark_node* n, int depth) {
        const std::string_view target = detail::url(n);
        const bool linked = !m_in_link && detail::is_safe_url(target);
        const bool outer = !m_in_link;
        m_in_link = true;
        const std::size_t start = m_out.size();
        if (kind(n) == Node::image) {
            m_out += xml_escaped(detail::image_text(n));
        } else if (cmark_node_first_child(n)) {
            inlines(n, depth + 1);
        } else {
            m_out += xml_escaped(target);
        }
        m_in_link = !outer;
        if (linked) {
            m_out.insert(start, "<a href=\"" + xml_escaped(target) + "\">");
            m_out += "</a>";
        }
    }

    std::string m_out;
    std::string_view m_break = "\n";
    bool m_em = false;
    bool m_strong = false;
    bool m_strike = false;
    bool m_in_link = false;
};

} // namespace

std::string to_asana_html(std::string_view markdown, const BackLink& link, std::size_t limit) {
    return detail::render_fitted<AsanaWriter>(markdown, link, limit);
}

} // namespace issuebridge::targets::asana
