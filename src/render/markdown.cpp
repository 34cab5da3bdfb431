#include "issuebridge/render/markdown.hpp"

#include "issuebridge/util/json_writer.hpp"

#include <cmark-gfm-core-extensions.h>

#include <cctype>

namespace issuebridge::render::detail {

std::string normalize_input(std::string_view markdown) {
    const std::string valid = util::sanitize_utf8(markdown);
    std::string out;
    out.reserve(valid.size());
    for (std::size_t i = 0; i < valid.size(); ++i) {
        const auto c = static_cast<unsigned char>(valid[i]);
        if (c == '\r') {
            out += '\n';
            if (i + 1 < valid.size() && valid[i + 1] == '\n') {
                ++i;
            }
        } else if (c == 0xEF && valid.compare(i, 2, "\xEF\xBF") == 0 && i + 2 < valid.size() &&
                   (valid[i + 2] == '\xBE' || valid[i + 2] == '\xBF')) {
            out += "\xEF\xBF\xBD"; // U+FFFE and U+FFFF are not characters; XML rejects them
            i += 2;
        } else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
            continue;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

Document::Document(std::string_view normalized, bool sourcepos) {
    // Registration fills a global list; a function-local static makes it happen once,
    // thread-safely.
    static const bool k_registered = (cmark_gfm_core_extensions_ensure_registered(), true);
    (void)k_registered;
    cmark_parser* parser = cmark_parser_new(sourcepos ? CMARK_OPT_SOURCEPOS : CMARK_OPT_DEFAULT);
    // Not "tagfilter": raw HTML is kept in the tree so that every format can show it as text.
    for (const char* name : {"table", "strikethrough", "tasklist", "autolink"}) {
        cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension(name));
    }
    cmark_parser_feed(parser, normalized.data(), normalized.size());
    m_root = cmark_parser_finish(parser);
    cmark_parser_free(parser);
}

Document::~Document() { cmark_node_free(m_root); }

Node kind(cmark_node* n) noexcept {
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_DOCUMENT:
        return Node::document;
    case CMARK_NODE_BLOCK_QUOTE:
        return Node::block_quote;
    case CMARK_NODE_LIST:
        return Node::list;
    case CMARK_NODE_ITEM:
        return Node::item;
    case CMARK_NODE_CODE_BLOCK:
        return Node::code_block;
    case CMARK_NODE_HTML_BLOCK:
        return Node::html_block;
    case CMARK_NODE_PARAGRAPH:
        return Node::paragraph;
    case CMARK_NODE_HEADING:
        return Node::heading;
    case CMARK_NODE_THEMATIC_BREAK:
        return Node::thematic_break;
    case CMARK_NODE_TEXT:
        return Node::text;
    case CMARK_NODE_SOFTBREAK:
        return Node::softbreak;
    case CMARK_NODE_LINEBREAK:
        return Node::linebreak;
    case CMARK_NODE_CODE:
        return Node::code;
    case CMARK_NODE_HTML_INLINE:
        return Node::html_inline;
    case CMARK_NODE_EMPH:
        return Node::emph;
    case CMARK_NODE_STRONG:
        return Node::strong;
    case CMARK_NODE_LINK:
        return Node::link;
    case CMARK_NODE_IMAGE:
        return Node::image;
    default:
        break;
    }
    // The extensions register their node types at run time; their names are stable.
    const std::string_view name = cmark_node_get_type_string(n);
    if (name == "table") {
        return Node::table;
    }
    if (name == "table_header" || name == "table_row") {
        return Node::table_row;
    }
    if (name == "table_cell") {
        return Node::table_cell;
    }
    if (name == "strikethrough") {
        return Node::strike;
    }
    return Node::other;
}

std::string_view literal(cmark_node* n) noexcept {
    const char* s = cmark_node_get_literal(n);
    return s ? std::string_view(s) : std::string_view();
}

std::string_view url(cmark_node* n) noexcept {
    const char* s = cmark_node_get_url(n);
    return s ? std::string_view(s) : std::string_view();
}

bool is_safe_url(std::string_view u) noexcept {
    const auto starts_nocase = [u](std::string_view prefix) {
        if (u.size() < prefix.size()) {
            return false;
        }
        for (std::size_t i = 0; i < prefix.size(); ++i) {
            if (std::tolower(static_cast<unsigned char>(u[i])) != prefix[i]) {
                return false;
            }
        }
        return true;
    };
    for (const std::string_view scheme : {"http://", "https://", "mailto:"}) {
        if (starts_nocase(scheme) && u.size() > scheme.size()) {
            return true;
        }
    }
    return false;
}

std::string markdown_url(std::string_view u) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : u) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= ' ' || ch == '(' || ch == ')' || ch == '<' || ch == '>') {
            out += '%';
            out += k_hex[c >> 4];
            out += k_hex[c & 0xF];
        } else {
            out += ch;
        }
    }
    return out;
}

std::string plain_text(cmark_node* n) {
    std::string out;
    cmark_iter* it = cmark_iter_new(n);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node* cur = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER) {
            continue;
        }
        switch (kind(cur)) {
        case Node::text:
        case Node::code:
            out += literal(cur);
            break;
        case Node::html_inline:
        case Node::html_block:
            out += html_as_text(cur);
            break;
        case Node::code_block:
            out += code_text(cur);
            break;
        case Node::softbreak:
        case Node::linebreak:
            out += ' ';
            break;
        default:
            break;
        }
    }
    cmark_iter_free(it);
    return out;
}

std::string image_text(cmark_node* image) {
    std::string alt = plain_text(image);
    if (alt.empty() && is_safe_url(url(image))) {
        alt = url(image);
    }
    return alt;
}

std::string strip_html_comments(std::string_view html) {
    std::string out;
    std::size_t pos = 0;
    for (std::size_t open; (open = html.find("<!--", pos)) != std::string_view::npos;) {
        const std::size_t close = html.find("-->", open + 4);
        if (close == std::string_view::npos) {
            break;
        }
        out.append(html.substr(pos, open - pos));
        pos = close + 3;
    }
    out.append(html.substr(pos));
    return out;
}

std::string html_as_text(cmark_node* n) {
    std::string s = strip_html_comments(literal(n));
    if (s.find_first_not_of(" \t\n") == std::string::npos) {
        return {};
    }
    if (s.ends_with('\n')) {
        s.pop_back();
    }
    return s;
}

bool is_ordered(cmark_node* list) noexcept {
    return cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
}

int list_start(cmark_node* list) noexcept { return cmark_node_get_list_start(list); }

bool is_task_item(cmark_node* item) noexcept {
    return std::string_view(cmark_node_get_type_string(item)) == "tasklist";
}

bool is_checked(cmark_node* item) noexcept {
    return cmark_gfm_extensions_get_tasklist_item_checked(item);
}

std::string_view task_marker(bool checked) noexcept {
    return checked ? "\xE2\x98\x91 " : "\xE2\x98\x90 "; // U+2611 and U+2610
}

int heading_level(cmark_node* heading) noexcept { return cmark_node_get_heading_level(heading); }

std::string code_language(cmark_node* code_block) {
    const char* info = cmark_node_get_fence_info(code_block);
    std::string lang;
    for (const char* p = info; p && *p && !std::isspace(static_cast<unsigned char>(*p)); ++p) {
        lang += *p;
    }
    return lang;
}

std::string_view code_text(cmark_node* code_block) noexcept {
    std::string_view s = literal(code_block);
    if (s.ends_with('\n')) {
        s.remove_suffix(1);
    }
    return s;
}

bool is_header_row(cmark_node* row) noexcept {
    return cmark_gfm_extensions_get_table_row_is_header(row) != 0;
}

std::vector<Align> column_alignments(cmark_node* table) {
    const std::uint16_t columns = cmark_gfm_extensions_get_table_columns(table);
    const std::uint8_t* raw = cmark_gfm_extensions_get_table_alignments(table);
    std::vector<Align> out(columns, Align::none);
    for (std::size_t i = 0; raw && i < columns; ++i) {
        switch (raw[i]) {
        case 'l':
            out[i] = Align::left;
            break;
        case 'c':
            out[i] = Align::center;
            break;
        case 'r':
            out[i] = Align::right;
            break;
        default:
            break;
        }
    }
    return out;
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (true) {
        const std::size_t nl = text.find('\n', start);
        lines.push_back(
            text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
        if (nl == std::string_view::npos) {
            return lines;
        }
        start = nl + 1;
    }
}

} // namespace issuebridge::render::detail
