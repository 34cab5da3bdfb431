// Markdown to Atlassian Document Format (Jira Cloud). The content rules come from Atlassian's
// published schema (@atlaskit/adf-schema, json-schema/v1/full.json); scripts/check-adf-schema
// validates the goldens against it.

#include "formats.hpp"

#include "adf_nodes.hpp"

#include "issuebridge/render/body.hpp"
#include "issuebridge/render/markdown.hpp"
#include "issuebridge/render/text.hpp"
#include "issuebridge/util/json_writer.hpp"

#include <vector>

namespace issuebridge::targets::jira {

namespace {

namespace detail = render::detail;
using render::BackLink;
using render::k_truncation_notice;
using render::text_length;

using adf::array_of;
using adf::Block;
using adf::Blocks;
using adf::empty_paragraph;
using adf::Inlines;
using adf::linked;
using adf::Marks;
using adf::node;
using adf::with;
using detail::children;
using detail::kind;
using detail::Node;

// Where a block goes. ADF allows different children in each:
//   doc:        paragraph heading lists taskList blockquote codeBlock rule table
//   list_item:  paragraph lists taskList codeBlock (and, as older Jira wants, a paragraph first)
//   quote:      paragraph lists codeBlock
// (Table cells take blocks too, but a markdown table cell holds only inline content.)
enum class Place { doc, list_item, quote };

// A bullet list of task items whose items hold one paragraph and then only such lists: ADF's
// taskList shape.
bool is_task_tree(cmark_node* list, int depth) {
    if (depth > detail::k_max_depth || detail::is_ordered(list)) {
        return false;
    }
    for (cmark_node* item : children(list)) {
        if (!detail::is_task_item(item)) {
            return false;
        }
        bool first = true;
        for (cmark_node* c : children(item)) {
            const bool ok =
                (first && kind(c) == Node::paragraph) || (kind(c) == Node::list && is_task_tree(c, depth + 1));
            if (!ok) {
                return false;
            }
            first = false;
        }
    }
    return true;
}

class AdfWriter {
public:
    std::string render(cmark_node* root, const BackLink& link, bool truncated) {
        Blocks blocks;
        blocks_of(root, Place::doc, 0, blocks);
        if (truncated) {
            Inlines in;
            in.text(k_truncation_notice, with(&Marks::em));
            blocks.push_back({"paragraph", node("paragraph", {}, in.take())});
        }
        if (!link.url.empty()) {
            Inlines in;
            in.text(link.label.empty() ? link.url : link.label,
                    linked(detail::is_safe_url(link.url) ? link.url : std::string()));
            blocks.push_back({"paragraph", node("paragraph", {}, in.take())});
        }
        util::JsonWriter w;
        w.begin_object().field("type", "doc").field("version", 1).key("content").raw(array_of(blocks));
        return w.end_object().take();
    }

private:
    void blocks_of(cmark_node* parent, Place place, int depth, Blocks& out) {
        for (cmark_node* c : children(parent)) {
            block(c, place, depth, out);
        }
    }

    void block(cmark_node* n, Place place, int depth, Blocks& out) {
        const bool top = place == Place::doc;
        if (depth > detail::k_max_depth) {
            text_paragraph(detail::plain_text(n), out);
            return;
        }
        switch (kind(n)) {
        case Node::paragraph:
            paragraph(n, depth, Marks{}, {}, out);
            break;
        case Node::heading:
            if (top) {
                heading(n, depth, out);
            } else {
                paragraph(n, depth, with(&Marks::strong), {}, out);
            }
            break;
        case Node::block_quote:
            if (top) {
                Blocks inner;
                blocks_of(n, Place::quote, depth + 1, inner);
                if (!inner.empty()) {
                    out.push_back({"blockquote", node("blockquote", {}, array_of(inner))});
                }
            } else {
                // A quote in a list item or a quote gives its blocks to the place it is in.
                blocks_of(n, place, depth + 1, out);
            }
            break;
        case Node::list:
            list(n, place, depth, out);
            break;
        case Node::code_block:
            code_block(n, out);
            break;
        case Node::html_block:
            text_paragraph(detail::html_as_text(n), out);
            break;
        case Node::thematic_break:
            if (top) {
                out.push_back({"rule", node("rule")});
            }
            break;
        case Node::table:
            if (top) {
                table(n, depth, out);
            } else {
                table_as_paragraphs(n, depth, out);
            }
            break;
        default:
            text_paragraph(detail::plain_text(n), out);
            break;
        }
    }

    void paragraph(cmark_node* n, int depth, const Marks& marks, std::string_view prefix, Blocks& out) {
        Inlines in;
        in.text(prefix, Marks{});
        inlines(n, marks, depth + 1, in);
        if (!in.empty()) {
            out.push_back({"paragraph", node("paragraph", {}, in.take())});
        }
    }

    // Text shown as it is, its lines kept apart by hard breaks.
    static void text_paragraph(std::string_view text, Blocks& out) {
        Inlines in;
        bool first = true;
        for (const auto line : detail::split_lines(text)) {
            if (!first) {
                in.hard_break();
            }
            in.text(line, Marks{});
            first = false;
        }
        if (!text.empty()) {
            out.push_back({"paragraph", node("paragraph", {}, in.take())});
        }
    }

    void heading(cmark_node* n, int depth, Blocks& out) {
        Inlines in;
        inlines(n, Marks{}, depth + 1, in);
        if (in.empty()) {
            return;
        }
        util::JsonWriter attrs;
        attrs.begin_object().field("level", detail::heading_level(n)).end_object();
        out.push_back({"heading", node("heading", attrs.take(), in.take())});
    }

    static void code_block(cmark_node* n, Blocks& out) {
        std::string attrs;
        if (const std::string lang = detail::code_language(n); !lang.empty()) {
            attrs = util::JsonWriter().begin_object().field("language", lang).end_object().take();
        }
        std::string content;
        if (const auto code = detail::code_text(n); !code.empty()) {
            util::JsonWriter w;
            w.begin_array().begin_object().field("type", "text").field("text", code).end_object();
            content = w.end_array().take();
        }
        out.push_back({"codeBlock", node("codeBlock", attrs, content)});
    }

    void list(cmark_node* n, Place place, int depth, Blocks& out) {
        if (place != Place::quote && is_task_tree(n, depth)) {
            out.push_back({"taskList", task_list(n, depth)});
            return;
        }
        Blocks items;
        for (cmark_node* item : children(n)) {
            items.push_back({"listItem", node("listItem", {}, array_of(list_item(item, depth + 1)))});
        }
        if (items.empty()) {
            return;
        }
        std::string attrs;
        if (detail::is_ordered(n) && detail::list_start(n) != 1) {
            attrs = util::JsonWriter().begin_object().field("order", detail::list_start(n)).end_object().take();
        }
        const char* type = detail::is_ordered(n) ? "orderedList" : "bulletList";
        out.push_back({type, node(type, attrs, array_of(items))});
    }

    // A list item's blocks, a paragraph first; a task item that could not be a taskItem shows its
    // box as text.
    Blocks list_item(cmark_node* item, int depth) {
        const std::string_view prefix =
            detail::is_task_item(item) ? detail::task_marker(detail::is_checked(item)) : std::string_view();
        Blocks blocks;
        for (cmark_node* c : children(item)) {
            if (blocks.empty() && !prefix.empty() && kind(c) == Node::paragraph) {
                paragraph(c, depth, Marks{}, prefix, blocks);
            } else {
                block(c, Place::list_item, depth, blocks);
            }
        }
        if (blocks.empty() || blocks.front().type != "paragraph") {
            Inlines in;
            in.text(prefix, Marks{});
            blocks.insert(blocks.begin(),
                          in.empty() ? empty_paragraph() : Block{"paragraph", node("paragraph", {}, in.take())});
        }
        return blocks;
    }

    // Items in order, each followed by its nested task lists: ADF nests a taskList in its parent
    // taskList.
    std::string task_list(cmark_node* list, int depth) {
        const std::string list_id = "task-list-" + std::to_string(m_next_id++);
        Blocks content;
        for (cmark_node* item : children(list)) {
            Inlines in;
            cmark_node* c = cmark_node_first_child(item);
            if (c && kind(c) == Node::paragraph) {
                inlines(c, Marks{}, depth + 1, in);
                c = cmark_node_next(c);
            }
            util::JsonWriter attrs;
            attrs.begin_object().field("localId", "task-" + std::to_string(m_next_id++));
            attrs.field("state", detail::is_checked(item) ? "DONE" : "TODO").end_object();
            content.push_back({"taskItem", node("taskItem", attrs.take(), in.empty() ? std::string() : in.take())});
            for (; c; c = cmark_node_next(c)) {
                content.push_back({"taskList", task_list(c, depth + 1)});
            }
        }
        util::JsonWriter attrs;
        attrs.begin_object().field("localId", list_id).end_object();
        return node("taskList", attrs.take(), array_of(content));
    }

    void table(cmark_node* n, int depth, Blocks& out) {
        const auto aligns = detail::column_alignments(n);
        Blocks rows;
        for (cmark_node* row : children(n)) {
            const char* type = detail::is_header_row(row) ? "tableHeader" : "tableCell";
            Blocks cells;
            for (cmark_node* cell : children(row)) {
                if (cells.size() == aligns.size()) {
                    break;
                }
                const std::string paragraph = cell_paragraph(cell, aligns[cells.size()], depth);
                cells.push_back({type, node(type, {}, "[" + paragraph + "]")});
            }
            while (cells.size() < aligns.size()) {
                cells.push_back({type, node(type, {}, "[" + empty_paragraph().json + "]")});
            }
            rows.push_back({"tableRow", node("tableRow", {}, array_of(cells))});
        }
        out.push_back({"table", node("table", {}, array_of(rows))});
    }

    std::string cell_paragraph(cmark_node* cell, detail::Align align, int depth) {
        Inlines in;
        inlines(cell, Marks{}, depth + 1, in);
        std::string marks;
        if (align == detail::Align::center || align == detail::Align::right) {
            util::JsonWriter w;
            w.begin_array().begin_object().field("type", "alignment").key("attrs").begin_object();
            w.field("align", align == detail::Align::center ? "center" : "end").end_object().end_object();
            marks = w.end_array().take();
        }
        return node("paragraph", {}, in.take(), marks);
    }

    // A table where ADF allows none (a list item, a quote): one paragraph per row, cells between
    // bars.
    void table_as_paragraphs(cmark_node* n, int depth, Blocks& out) {
        for (cmark_node* row : children(n)) {
            Inlines in;
            bool first = true;
            for (cmark_node* cell : children(row)) {
                in.text(first ? "" : " | ", Marks{});
                inlines(cell, with(&Marks::strong, detail::is_header_row(row)), depth + 1, in);
                first = false;
            }
            if (!in.empty()) {
                out.push_back({"paragraph", node("paragraph", {}, in.take())});
            }
        }
    }

    void inlines(cmark_node* parent, const Marks& marks, int depth, Inlines& in) {
        for (cmark_node* c : children(parent)) {
            inline_node(c, marks, depth, in);
        }
    }

    void inline_node(cmark_node* n, Marks m, int depth, Inlines& in) {
        if (depth > detail::k_max_depth) {
            in.text(detail::plain_text(n), m);
            return;
        }
        switch (kind(n)) {
        case Node::text:
            in.text(detail::literal(n), m);
            break;
        case Node::softbreak:
        case Node::linebreak:
            in.hard_break();
            break;
        case Node::code: {
            Marks code = linked(m.href);
            code.code = true;
            in.text(detail::literal(n), code);
            break;
        }
        case Node::html_inline: {
            bool first = true;
            const std::string html = detail::html_as_text(n);
            for (const auto line : detail::split_lines(html)) {
                if (!first) {
                    in.hard_break();
                }
                in.text(line, m);
                first = false;
            }
            break;
        }
        case Node::emph:
            m.em = true;
            inlines(n, m, depth + 1, in);
            break;
        case Node::strong:
            m.strong = true;
            inlines(n, m, depth + 1, in);
            break;
        case Node::strike:
            m.strike = true;
            inlines(n, m, depth + 1, in);
            break;
        case Node::link:
            // A link inside a link (an image badge in a link) keeps the outer target.
            if (m.href.empty() && detail::is_safe_url(detail::url(n))) {
                m.href = detail::url(n);
            }
            if (cmark_node_first_child(n)) {
                inlines(n, m, depth + 1, in);
            } else {
                in.text(detail::url(n), m);
            }
            break;
        case Node::image:
            if (m.href.empty() && detail::is_safe_url(detail::url(n))) {
                m.href = detail::url(n);
            }
            in.text(detail::image_text(n), m);
            break;
        default:
            in.text(detail::plain_text(n), m);
            break;
        }
    }

    int m_next_id = 1;
};

} // namespace

std::string to_adf(std::string_view markdown, const BackLink& link, std::size_t limit) {
    return detail::render_fitted<AdfWriter>(markdown, link, limit);
}

} // namespace issuebridge::targets::jira
