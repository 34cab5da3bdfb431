#include "test_render_support.hpp"

#include "targets/trello/card_markdown.hpp"

#include "issuebridge/render/body.hpp"
#include "issuebridge/util/json_writer.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <memory>

using issuebridge::render::BackLink;
using issuebridge::render::k_truncation_notice;
using issuebridge::render::text_length;
using issuebridge::targets::trello::to_trello_markdown;

namespace {

const BackLink k_link{"https://gitlab.example.com/g/p/-/issues/45", "View on GitLab"};
const std::string k_link_md = "[View on GitLab](https://gitlab.example.com/g/p/-/issues/45)";
const std::string k_tail = "*" + std::string(k_truncation_notice) + "*\n\n" + k_link_md;

// How Trello's markdown reader, and GitHub's, would see the output.
struct Parsed {
    explicit Parsed(std::string_view md) {
        cmark_gfm_core_extensions_ensure_registered();
        cmark_parser* parser = cmark_parser_new(CMARK_OPT_DEFAULT);
        for (const char* name : {"table", "strikethrough", "tasklist", "autolink"}) {
            cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension(name));
        }
        cmark_parser_feed(parser, md.data(), md.size());
        root = cmark_parser_finish(parser);
        cmark_parser_free(parser);
    }
    ~Parsed() { cmark_node_free(root); }
    Parsed(const Parsed&) = delete;
    Parsed& operator=(const Parsed&) = delete;

    bool has_html() const {
        bool found = false;
        cmark_iter* it = cmark_iter_new(root);
        for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
            const auto type = cmark_node_get_type(cmark_iter_get_node(it));
            found = found || type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE;
        }
        cmark_iter_free(it);
        return found;
    }
    std::string plain() const {
        char* text = cmark_render_plaintext(root, CMARK_OPT_DEFAULT, 0);
        std::string out(text);
        cmark_get_default_mem_allocator()->free(text);
        return out;
    }
    // The URL of the link in the last block, when that block is a paragraph holding a link.
    std::string last_link() const {
        cmark_node* last = cmark_node_last_child(root);
        cmark_node* link =
            last && cmark_node_get_type(last) == CMARK_NODE_PARAGRAPH ? cmark_node_first_child(last) : nullptr;
        return link && cmark_node_get_type(link) == CMARK_NODE_LINK ? cmark_node_get_url(link) : "";
    }

    cmark_node* root = nullptr;
};

void check_cut(const std::string& out, std::size_t limit) {
    CHECK(text_length(out) <= limit);
    CHECK(issuebridge::util::sanitize_utf8(out) == out);
    CHECK(out.ends_with(k_tail));
    const Parsed parsed(out);
    CHECK(parsed.last_link() == k_link.url);
    CHECK(!parsed.has_html());
}

} // namespace

TEST_SUITE_BEGIN("targets.trello.card_markdown");

TEST_CASE("markdown without raw HTML passes through byte for byte") {
    for (const char* name :
         {"nested_lists", "code", "tables", "rtl_emoji", "headings_links", "quotes", "gitlab_issue"}) {
        CAPTURE(name);
        std::string md = render_test::read_file(render_test::golden_dir() / (std::string(name) + ".md"));
        md.erase(md.find_last_not_of('\n') + 1);
        CHECK(to_trello_markdown(md, k_link) == md + "\n\n" + k_link_md);
    }
    CHECK(to_trello_markdown("", k_link) == k_link_md);
    CHECK(to_trello_markdown("a\r\nb\xFF", BackLink{}) == "a\nb\xEF\xBF\xBD");
}

TEST_CASE("raw HTML shows as text wherever cmark finds it") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"<b>x</b> y", "<b>x</b> y"},
        {"<script>alert(1)</script>", "<script>alert(1)</script>"},
        // cmark reports the lazy line's column wrongly; the HTML is found by its line and text.
        {"- a\n\n  para <kbd>x</kbd>\nlazy <sup>2</sup>", "lazy <sup>2</sup>"},
        {"> <i a=\"1\"\n> b=\"2\">t</i>", "t"},
        {"> <div>\n> x\n> </div>", "<div>"},
        {"- item\n\n    <div>\n    y\n    </div>", "<div>"},
        {"`<b>` and <b>x</b>", "<b> and <b>x</b>"},
        {"<a title=\"<b>\">x</a>", "<a title=\"<b>\">x</a>"},
        {"<a title=\"`\"> `<b>`", "<b>"},
        {"[<i x=\"]\">](/u \"<b>\")", "<i x="},
        {"<details>\n<summary>Logs</summary>\n\n```\nx\n```\n\n</details>", "<summary>Logs</summary>"},
        {"<<!-- -->b>", "b>"},
    };
    for (const auto& [md, shown] : cases) {
        CAPTURE(md);
        const std::string out = to_trello_markdown(md, BackLink{});
        const Parsed parsed(out);
        CHECK(!parsed.has_html());
        CHECK(parsed.plain().find(shown) != std::string::npos);
    }
}

TEST_CASE("only the HTML is edited, and only what markdown could read as syntax gets a backslash") {
    CHECK(to_trello_markdown("a <span class=\"x-y\">*b*</span> c", BackLink{}) ==
          "a \\<span class=\"x\\-y\"\\>*b*\\</span\\> c");
    CHECK(to_trello_markdown("<div>\n1. x\n</div>", BackLink{}) == "\\<div\\>\n1\\. x\n\\</div\\>");
    CHECK(to_trello_markdown("`<b>` and <b>x</b>", BackLink{}) == "`<b>` and \\<b\\>x\\</b\\>");
    // HTML that appears only once the comment is gone: the whole body goes through cmark's own
    // writer, which escapes more (the '_' of y_z) but can leave no HTML.
    CHECK(to_trello_markdown("x <<!-- -->b> y_z", BackLink{}) == "x \\<b\\> y\\_z");
}

TEST_CASE("HTML comments are removed, whole lines when they stand alone") {
    CHECK(to_trello_markdown("<!--\nhidden\n-->\n\n### Title", k_link) == "### Title\n\n" + k_link_md);
    CHECK(to_trello_markdown("a <!-- b --> c", BackLink{}) == "a  c");
    CHECK(to_trello_markdown("<!-- b --> shown", BackLink{}) == " shown");
    CHECK(to_trello_markdown("para\n<!-- x -->\nnext", BackLink{}) == "para\n\nnext");
    CHECK(to_trello_markdown("> <!-- x -->\n> quoted", BackLink{}) == "> \n> quoted");
}

TEST_CASE("hostile nesting passes through with its HTML escaped") {
    for (const auto& body : render_test::hostile_bodies()) {
        const std::string out = to_trello_markdown(body, k_link);
        CHECK(out.ends_with("\n\n" + k_link_md));
        CHECK(!Parsed(out).has_html());
    }
}

TEST_CASE("a cut lands on a character boundary with 2-, 3- and 4-byte characters") {
    for (const std::string ch : {"a", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"}) {
        std::string body;
        for (int i = 0; i < 400; ++i) {
            body += ch;
        }
        for (std::size_t limit = 150; limit <= 170; ++limit) {
            CAPTURE(ch);
            CAPTURE(limit);
            check_cut(to_trello_markdown(body, k_link, limit), limit);
        }
    }
}

TEST_CASE("a cut inside a fenced code block closes the fence before the notice") {
    std::string body = "Log:\n\n~~~~text\n";
    for (int i = 0; i < 300; ++i) {
        body += "line " + std::to_string(i) + " ```\n";
    }
    body += "~~~~\n\nafter\n";
    const std::string out = to_trello_markdown(body, k_link, 1000);
    check_cut(out, 1000);
    CHECK(out.find("\n~~~~\n\n" + k_tail) != std::string::npos);
}

TEST_CASE("a 64 KiB body fits every limit with the notice and the link back last") {
    const std::string body = render_test::big_body();
    check_cut(to_trello_markdown(body, k_link), issuebridge::targets::trello::k_trello_desc_limit);
    for (std::size_t limit = 200; limit < 16384; limit += 433) {
        CAPTURE(limit);
        check_cut(to_trello_markdown(body, k_link, limit), limit);
    }
}

TEST_SUITE_END();
