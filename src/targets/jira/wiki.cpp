// Markdown to Jira wiki markup (Jira Data Center, REST v2).
//
// Escaping follows Atlassian's renderer: a backslash before one of - # * _ + ? ^ ~ | % { } [ ] ( )
// ! @ shows the character (BackslashEscapeRendererComponent), and the macro and link parsers honour
// that escape. Everything else that could turn text into markup is broken up with a numeric
// character reference, which the renderer keeps as an entity: a literal backslash (two make a line
// break), "h1." and "bq." at a line start, ":P" and ":D" (emoticons), and "&…;" (entities). Link
// text may hold no '|' or '!' at all, because the link parser splits on the first '|' and treats
// '!…!' as an image whatever the escaping.

#include "formats.hpp"

#include "wiki_syntax.hpp"

#include "issuebridge/render/body.hpp"
#include "issuebridge/render/markdown.hpp"
#include "issuebridge/render/text.hpp"

#include <cctype>
#include <utility>

namespace issuebridge::targets::jira {

namespace {

namespace detail = render::detail;
using render::BackLink;
using render::k_truncation_notice;
using render::text_length;

using detail::children;
using detail::kind;
using detail::Node;
using wiki::code_macro;
using wiki::entity_follows;
using wiki::is_word_char;
using wiki::jira_language;
using wiki::starts_line_markup;
using wiki::wiki_url;

class WikiWriter {
public:
    std::string render(cmark_node* root, const BackLink& link, bool truncated) {
        std::vector<std::string> blocks = blocks_of(root, 0);
        if (truncated) {
            blocks.push_back("_" + escaped(k_truncation_notice) + "_");
        }
        if (!link.url.empty()) {
            blocks.push_back(link_markup(escaped(link.label.empty() ? link.url : link.label), link.url));
        }
        return join(blocks, "\n\n");
    }

private:
    static std::string join(const std::vector<std::string>& parts, std::string_view sep) {
        std::string out;
        for (const auto& p : parts) {
            out += out.empty() ? "" : sep;
            out += p;
        }
        return out;
    }

    std::vector<std::string> blocks_of(cmark_node* parent, int depth) {
        std::vector<std::string> out;
        for (cmark_node* c : children(parent)) {
            if (std::string b = block(c, depth); !b.empty()) {
                out.push_back(std::move(b));
            }
        }
        return out;
    }

    // Text that starts a wiki line, its lines kept.
    std::string block_text(std::string_view text) {
        return capture("\n", true, [&] { text_lines(text); });
    }

    std::string block(cmark_node* n, int depth) {
        if (depth > detail::k_max_depth) {
            return block_text(detail::plain_text(n));
        }
        switch (kind(n)) {
        case Node::paragraph:
            return inline_text(n, depth, "\n", true);
        case Node::heading: {
            const std::string text = inline_text(n, depth, " ", false);
            return text.empty() ? text : "h" + std::to_string(detail::heading_level(n)) + ". " + text;
        }
        case Node::block_quote: {
            // {quote} cannot nest: a quote in a quote gives its blocks to the outer one.
            const bool outer = !m_in_quote;
            m_in_quote = true;
            const std::string inner = join(blocks_of(n, depth + 1), "\n\n");
            m_in_quote = !outer;
            return inner.empty() || !outer ? inner : "{quote}\n" + inner + "\n{quote}";
        }
        case Node::list:
            return list(n, "", depth);
        case Node::code_block:
            return code_macro(detail::code_text(n), jira_language(detail::code_language(n)));
        case Node::html_block:
            return block_text(detail::html_as_text(n));
        case Node::thematic_break:
            return "----";
        case Node::table:
            return table(n, depth);
        default:
            return block_text(detail::plain_text(n));
        }
    }

    // Items are lines "** text"; an item's further paragraphs join its line after a line break, its
    // nested lists follow it, and any other block follows it on its own lines (which ends the list
    // in Jira).
    std::string list(cmark_node* n, const std::string& prefix, int depth) {
        const std::string marker = prefix + (detail::is_ordered(n) ? '#' : '*');
        std::vector<std::string> lines;
        for (cmark_node* item : children(n)) {
            std::string line = marker + " ";
            if (detail::is_task_item(item)) {
                line += detail::task_marker(detail::is_checked(item));
            }
            std::vector<std::string> after;
            bool first = true;
            for (cmark_node* c : children(item)) {
                if (kind(c) == Node::paragraph) {
                    line += (first ? "" : "\\\\ ") + inline_text(c, depth + 1, "\\\\ ", false);
                    first = false;
                } else if (kind(c) == Node::list && depth < detail::k_max_depth) {
                    after.push_back(list(c, marker, depth + 1));
                } else if (std::string b = block(c, depth + 1); !b.empty()) {
                    after.push_back(std::move(b));
                }
            }
            lines.push_back(std::move(line));
            lines.insert(lines.end(), after.begin(), after.end());
        }
        return join(lines, "\n");
    }

    std::string table(cmark_node* n, int depth) {
        const std::size_t columns = detail::column_alignments(n).size();
        std::vector<std::string> rows;
        for (cmark_node* row : children(n)) {
            const std::string bar = detail::is_header_row(row) ? "||" : "|";
            std::string line = bar;
            std::size_t count = 0;
            for (cmark_node* cell : children(row)) {
                if (count++ == columns) {
                    break;
                }
                // An empty body cell gets a space: "||" in a body row would start a header cell.
                const std::string text = inline_text(cell, depth + 1, "\\\\ ", false);
                line += (text.empty() ? " " : text) + bar;
            }
            for (; count < columns; ++count) {
                line += " " + bar;
            }
            rows.push_back(std::move(line));
        }
        return join(rows, "\n");
    }

    // Inline content. `line_break` is what a line break becomes ("\n" in paragraphs, "\\ " in list
    // items and cells, where a newline would end the item or row); `starts_line` says the text
    // begins a wiki line.
    std::string inline_text(cmark_node* parent, int depth, std::string_view line_break, bool starts_line) {
        return capture(line_break, starts_line, [&] { inlines(parent, depth + 1); });
    }

    // What `write` appends to a fresh output, which starts a line or not.
    template <typename F> std::string capture(std::string_view line_break, bool starts_line, F&& write) {
        std::string saved = std::exchange(m_out, std::string());
        const auto saved_break = std::exchange(m_break, line_break);
        const bool saved_start = std::exchange(m_starts_line, starts_line);
        write();
        m_break = saved_break;
        m_starts_line = saved_start;
        return std::exchange(m_out, std::move(saved));
    }

    void inlines(cmark_node* parent, int depth) {
        for (cmark_node* c : children(parent)) {
            inline_node(c, depth);
        }
    }

    void inline_node(cmark_node* n, int depth) {
        if (depth > detail::k_max_depth) {
            text(detail::plain_text(n));
            return;
        }
        switch (kind(n)) {
        case Node::text:
            text(detail::literal(n));
            break;
        case Node::softbreak:
        case Node::linebreak:
            m_out += m_break;
            break;
        case Node::code:
            code_span(detail::literal(n));
            break;
        case Node::html_inline:
            text_lines(detail::html_as_text(n));
            break;
        case Node::emph:
            styled(n, '_', m_em, depth);
            break;
        case Node::strong:
            styled(n, '*', m_strong, depth);
            break;
        case Node::strike:
            styled(n, '-', m_strike, depth);
            break;
        case Node::link:
        case Node::image:
            link(n, depth);
            break;
        default:
            text(detail::plain_text(n));
            break;
        }
    }

    // {{…}} must start and end with a non-space and hold no brace (its pattern would end at an
    // escaped "\}}"), so spaces go outside and braces become character references.
    void code_span(std::string_view code) {
        const std::size_t first = code.find_first_not_of(' ');
        if (first == std::string_view::npos) {
            m_out += code;
            return;
        }
        const std::size_t last = code.find_last_not_of(' ');
        m_out += code.substr(0, first);
        m_out += "{{";
        m_in_code = true;
        text(code.substr(first, last - first + 1));
        m_in_code = false;
        m_out += "}}";
        m_out += code.substr(last + 1);
    }

    // Jira applies *bold* only at word boundaries; where the markdown has none ("foo**bar**"), the
    // style is dropped rather than shown as stray asterisks.
    void styled(cmark_node* n, char delim, bool& active, int depth) {
        const bool prev_ok = m_out.empty() || !is_word_char(m_out.back());
        cmark_node* next = cmark_node_next(n);
        const bool next_ok = !next || kind(next) != Node::text || detail::literal(next).empty() ||
                             !is_word_char(detail::literal(next).front());
        const std::size_t start = m_out.size();
        const bool outer = !active;
        active = true;
        inlines(n, depth + 1);
        active = !outer;
        const std::string_view inner = std::string_view(m_out).substr(start);
        const bool spaced = !inner.empty() && (std::isspace(static_cast<unsigned char>(inner.front())) ||
                                               std::isspace(static_cast<unsigned char>(inner.back())));
        if (outer && prev_ok && next_ok && !inner.empty() && !spaced) {
            m_out.insert(start, 1, delim);
            m_out += delim;
        }
    }

    void link(cmark_node* n, int depth) {
        const std::string_view target = detail::url(n);
        const bool linked = !m_in_link && detail::is_safe_url(target);
        const bool outer = !m_in_link;
        m_in_link = true;
        std::string inner;
        if (kind(n) == Node::image) {
            inner = escaped(detail::image_text(n));
        } else if (cmark_node_first_child(n)) {
            const std::size_t start = m_out.size();
            inlines(n, depth + 1);
            inner = m_out.substr(start);
            m_out.resize(start);
        }
        m_in_link = !outer;
        m_out += linked ? link_markup(inner, target) : inner;
    }

    static std::string link_markup(const std::string& text, std::string_view target) {
        const std::string url = wiki_url(target);
        if (text.empty()) {
            return "[" + url + "]";
        }
        if (text.find_first_of("|!") != std::string::npos) {
            return text + " ([" + url + "])";
        }
        return "[" + text + "|" + url + "]";
    }

    void text(std::string_view t) {
        for (std::size_t i = 0; i < t.size(); ++i) {
            const char c = t[i];
            if ((c == 'h' || c == 'H' || c == 'b' || c == 'B') && starts_line_markup(t.substr(i)) && at_line_start()) {
                m_out += "&#" + std::to_string(static_cast<int>(c)) + ";";
                continue;
            }
            switch (c) {
            case '\\':
                m_out += "&#92;";
                break;
            case '{':
                m_out += m_in_code ? "&#123;" : "\\{";
                break;
            case '}':
                m_out += m_in_code ? "&#125;" : "\\}";
                break;
            case '&':
                m_out += entity_follows(t.substr(i + 1)) ? "&amp;" : "&";
                break;
            case ':':
            case ';':
                m_out += i + 1 < t.size() && std::string_view("PpDd").find(t[i + 1]) != std::string_view::npos
                             ? "&#" + std::to_string(static_cast<int>(c)) + ";"
                             : std::string(1, c);
                break;
            default:
                if (std::string_view("[]|!*_-+^~?#()").find(c) != std::string_view::npos) {
                    m_out += '\\';
                }
                m_out += c;
            }
        }
    }

    // Whether m_out ends at the start of a wiki line, give or take spaces.
    bool at_line_start() const {
        std::size_t i = m_out.size();
        while (i > 0 && (m_out[i - 1] == ' ' || m_out[i - 1] == '\t')) {
            --i;
        }
        return i == 0 ? m_starts_line : m_out[i - 1] == '\n';
    }

    std::string escaped(std::string_view t) {
        return capture(m_break, false, [&] { text(t); });
    }

    void text_lines(std::string_view t) {
        bool first = true;
        for (const auto line : detail::split_lines(t)) {
            m_out += first ? "" : m_break;
            text(line);
            first = false;
        }
    }

    std::string m_out;
    std::string_view m_break = "\n";
    bool m_starts_line = true;
    bool m_em = false;
    bool m_strong = false;
    bool m_strike = false;
    bool m_in_link = false;
    bool m_in_quote = false;
    bool m_in_code = false;
};

} // namespace

std::string to_jira_wiki(std::string_view markdown, const BackLink& link, std::size_t limit) {
    return detail::render_fitted<WikiWriter>(markdown, link, limit);
}

} // namespace issuebridge::targets::jira
