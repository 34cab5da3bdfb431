#include "test_render_support.hpp"

#include "targets/asana/html_notes.hpp"

#include "issuebridge/render/body.hpp"

using issuebridge::render::BackLink;
using issuebridge::render::text_length;
using issuebridge::targets::asana::to_asana_html;

namespace {

const BackLink k_link{"https://github.com/o/r/issues/1?a=1&b=\"2\"", "View on GitHub"};
const std::string k_link_html =
    R"(<a href="https://github.com/o/r/issues/1?a=1&amp;b=&quot;2&quot;">View on GitHub</a>)";

// The html_notes for `md`, checked for well-formedness, without <body> and the link back.
std::string asana(std::string_view md) {
    const std::string out = to_asana_html(md, k_link);
    const auto violations = render_test::asana_violations(out);
    CHECK_MESSAGE(violations.empty(), render_test::joined(violations));
    REQUIRE(out.starts_with("<body>"));
    REQUIRE(out.ends_with(k_link_html + "</body>"));
    std::string inner = out.substr(6, out.size() - 6 - k_link_html.size() - 7);
    while (!inner.empty() && inner.back() == '\n') {
        inner.pop_back();
    }
    return inner;
}

} // namespace

TEST_SUITE_BEGIN("targets.asana.html_notes");

TEST_CASE("the checker itself rejects what Asana rejects") {
    CHECK(!render_test::asana_violations("<body><p>x</p></body>").empty());
    CHECK(!render_test::asana_violations("<body><strong>x</body>").empty());
    CHECK(!render_test::asana_violations("<body>a & b</body>").empty());
    CHECK(!render_test::asana_violations("<body><ul><li><h1>x</h1></li></ul></body>").empty());
    CHECK(!render_test::asana_violations("<body><blockquote><ul><li>x</li></ul></blockquote></body>").empty());
    CHECK(!render_test::asana_violations("<body><a href=\"x\" target=\"y\">x</a></body>").empty());
    CHECK(!render_test::asana_violations("<body><h1>a\nb</h1></body>").empty());
    CHECK(render_test::asana_violations("<body><ul><li>a<ul><li>b</li></ul></li></ul><hr/></body>").empty());
}

TEST_CASE("text is escaped and inline markup maps to Asana's tags") {
    CHECK(asana("a < b & c > \"d\" **e** *f* ~~g~~ `h<i>`") ==
          "a &lt; b &amp; c &gt; &quot;d&quot; <strong>e</strong> <em>f</em> <s>g</s> "
          "<code>h&lt;i&gt;</code>");
    CHECK(asana("[x](https://e.example/?a=1&b=2) [y](javascript:alert(1))") ==
          R"(<a href="https://e.example/?a=1&amp;b=2">x</a> y)");
    CHECK(asana("**a **b** c**") == "<strong>a b c</strong>");
    CHECK(asana("a\nb") == "a\nb");
}

TEST_CASE("headings: 1 is h1, 2 and 3 are h2, smaller ones a bold line; no newline inside") {
    CHECK(asana("# a\n## b\n### c\n#### d") == "<h1>a</h1>\n<h2>b</h2>\n<h2>c</h2>\n<strong>d</strong>");
    CHECK(asana("Setext *x*\nline two\n===") == "<h1>Setext <em>x</em> line two</h1>");
    CHECK(asana("#### **bold** d") == "<strong>bold d</strong>");
}

TEST_CASE("blocks Asana does not nest are written as text lines") {
    CHECK(asana("- # h\n- > q\n- ```\n  x\n  y\n  ```") ==
          "<ul><li><strong>h</strong></li><li>q</li><li><code>x</code>\n<code>y</code></li></ul>");
    CHECK(asana("> - a\n>   - b\n> 3. c\n>\n> ```\n> x\n> ```\n>\n> > nested") ==
          "<blockquote>\xE2\x80\xA2 a\n    \xE2\x80\xA2 b\n\n3. "
          "c\n\n<code>x</code>\n\nnested</blockquote>");
    CHECK(asana("| a | b |\n|---|---|\n| 1 | 2 |") == "<strong>a</strong> | <strong>b</strong>\n1 | 2");
}

TEST_CASE("code blocks are pre, rules hr, task items carry their box") {
    CHECK(asana("```js\nif (a < b) {}\n```\n\n---") == "<pre>if (a &lt; b) {}</pre>\n<hr/>");
    CHECK(asana("- [ ] a\n- [x] b") == "<ul><li>\xE2\x98\x90 a</li><li>\xE2\x98\x91 b</li></ul>");
}

TEST_CASE("raw HTML is text; comments are dropped") {
    CHECK(asana("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;");
    CHECK(asana("a <img src=x onerror=\"y\"> <!-- c --> b") == "a &lt;img src=x onerror=&quot;y&quot;&gt;  b");
}

TEST_CASE("every corpus body and a 64 KiB body are well-formed; the big one fits with notice and link") {
    for (const char* name : {"issue_form", "nested_lists", "code", "tables", "raw_html", "rtl_emoji", "headings_links",
                             "quotes", "wiki_injection", "gitlab_issue"}) {
        CAPTURE(name);
        const std::string md = render_test::read_file(render_test::golden_dir() / (std::string(name) + ".md"));
        CHECK(render_test::asana_violations(to_asana_html(md, k_link)).empty());
    }
    const std::string body = render_test::big_body();
    for (const std::size_t limit : {issuebridge::targets::asana::k_asana_notes_limit, std::size_t{500}}) {
        CAPTURE(limit);
        const std::string out = to_asana_html(body, k_link, limit);
        CHECK(render_test::asana_violations(out).empty());
        CHECK(text_length(out) <= limit);
        CHECK(out.ends_with("<em>" + std::string(issuebridge::render::k_truncation_notice) + "</em>\n\n" + k_link_html +
                            "</body>"));
    }
}

TEST_SUITE_END();
