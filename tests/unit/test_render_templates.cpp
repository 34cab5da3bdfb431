#include "targets/jira/formats.hpp"

#include "issuebridge/render/body.hpp"
#include "issuebridge/render/templates.hpp"
#include "issuebridge/render/title.hpp"

#include <cmark-gfm.h>
#include <doctest/doctest.h>

#include <map>

using issuebridge::model::Template;
using issuebridge::model::TemplateError;
namespace render = issuebridge::render;
using issuebridge::targets::jira::to_jira_wiki;

namespace {

Template parse(std::string_view text) {
    auto parsed = Template::parse(text);
    REQUIRE_MESSAGE(std::holds_alternative<Template>(parsed), "template '" << text << "' does not parse");
    return std::get<Template>(parsed);
}

render::FieldLookup item(std::map<std::string, std::string, std::less<>> fields) {
    return [fields = std::move(fields)](std::string_view f) {
        const auto it = fields.find(f);
        return it == fields.end() ? std::string() : it->second;
    };
}

// What a markdown reader shows for `md`, as plain text.
std::string shown(const std::string& md) {
    cmark_node* doc = cmark_parse_document(md.data(), md.size(), CMARK_OPT_DEFAULT);
    char* text = cmark_render_plaintext(doc, CMARK_OPT_DEFAULT, 0);
    std::string out(text);
    cmark_get_default_mem_allocator()->free(text);
    cmark_node_free(doc);
    return out;
}

} // namespace

TEST_SUITE_BEGIN("render.templates");

TEST_CASE("the default body template parses") { parse(render::k_default_body_template); }

TEST_CASE("titles are trimmed to the limit given and kept on one line") {
    const std::string long_title(300, 'x');
    const auto f = item({{"title", long_title + "\nsecond line"}, {"number", "1"}});
    const std::string trimmed = render::render_title(parse("{title}"), f, 255);
    CHECK(render::text_length(trimmed) == 255);
    CHECK(trimmed.ends_with("\xE2\x80\xA6"));
    CHECK(render::render_title(parse("[ ISSUE {number} ] {title}"), f, 512) ==
          "[ ISSUE 1 ] " + long_title + " second line");
}

TEST_CASE("an unknown field is a template error with a suggestion") {
    auto parsed = Template::parse("[ ISSUE {numbr} ] {title}");
    REQUIRE(std::holds_alternative<TemplateError>(parsed));
    CHECK(std::get<TemplateError>(parsed).message == "unknown template field 'numbr'");
    CHECK(std::get<TemplateError>(parsed).hint == "did you mean 'number'?");
}

TEST_CASE("in a body, {body} is markdown, {url} a link target and every other field plain text") {
    const auto f = item({{"title", "*Not* <b>bold</b> #1 [x](javascript:y)"},
                         {"author", "some_user"},
                         {"body", "- a\n- b"},
                         {"url", "https://e.example/a b(c)"}});
    const std::string md = render::render_body(parse("**{title}** by {author}\n\n{body}\n\n[source]({url})"), f);
    CHECK(md == "**\\*Not\\* \\<b\\>bold\\</b\\> \\#1 \\[x\\](javascript:y)** by some\\_user\n\n- "
                "a\n- b\n\n"
                "[source](https://e.example/a%20b%28c%29)");
    CHECK(to_jira_wiki(md, render::BackLink{}) ==
          "*\\*Not\\* <b>bold</b> \\#1 \\[x\\]\\(javascript:y\\)* by some\\_user\n\n* a\n* b\n\n"
          "[source|https://e.example/a%20b%28c%29]");
}

TEST_CASE("escaped text shows as exactly that text") {
    for (const std::string text :
         {"*a* _b_ `c` [d](e) <f> ![g](h) # i ~~j~~ | k |", "1. not a list", "2) nor this", "- not a list", "+ no",
          "> no quote", "# no heading", "a\\b \\* &amp; &#35;", "x https://example.com/a_b?c=d e",
          "see www.example.com/x_y.", "<https://e.x/>", "line one\n- line two\n10. line three"}) {
        CAPTURE(text);
        CHECK(shown(render::escape_markdown(text)) == text + "\n");
    }
    // URLs stay raw so that the autolink keeps every character.
    CHECK(render::escape_markdown("at https://e.example/a_b*c and_d") == "at https://e.example/a_b*c and\\_d");
}

TEST_CASE("an alert body: the rule linked, the file, the message quoted") {
    CHECK(render::alert_body_markdown("Unused import", "https://lgtm.com/rules/1/", "src/a_b.py",
                                      "Import of 'os' is not used.\n\nSee *docs*.") ==
          "[Unused import](https://lgtm.com/rules/1/)\n\nIn src/a\\_b.py:\n\n"
          "> Import of 'os' is not used.\n>\n> See \\*docs\\*.");
    CHECK(render::alert_body_markdown("Rule", "javascript:alert(1)", "", "m") == "Rule\n\n> m");
    CHECK(render::alert_body_markdown("Rule", "", "f.c", "") == "Rule\n\nIn f.c:");
    const std::string md =
        render::alert_body_markdown("Unused import", "https://lgtm.com/rules/1/", "src/a.py", "Msg.");
    CHECK(to_jira_wiki(md, render::BackLink{"https://lgtm.com/alert/2", "View alert"}) ==
          "[Unused import|https://lgtm.com/rules/1/]\n\nIn src/a.py:\n\n{quote}\nMsg.\n{quote}\n\n"
          "[View alert|https://lgtm.com/alert/2]");
}

TEST_SUITE_END();
