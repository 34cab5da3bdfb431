#include "issuebridge/render/body.hpp"
#include "issuebridge/render/templates.hpp"
#include "issuebridge/render/title.hpp"

#include <cmark-gfm.h>
#include <doctest/doctest.h>

#include <map>

using issuebridge::model::Template;
using issuebridge::model::TemplateError;
namespace render = issuebridge::render;

namespace {

Template parse(std::string_view text) {
    auto parsed = Template::parse(text);
    REQUIRE_MESSAGE(std::holds_alternative<Template>(parsed),
                    "template '" << text << "' does not parse");
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

const auto k_issue = item({{"title", "Crash on start"}, {"number", "45"}, {"repo", "group/proj"}});
const auto k_alert = item({{"rule", "Use of a broken or weak cryptographic algorithm"},
                           {"repo", "org/repo"},
                           {"title", "ignored"}});

} // namespace

TEST_SUITE_BEGIN("render.templates");

TEST_CASE("every default template parses") {
    for (const auto kind : {render::ItemKind::issue, render::ItemKind::pull_request,
                            render::ItemKind::merge_request, render::ItemKind::alert}) {
        for (const auto target :
             {render::TargetType::jira, render::TargetType::asana, render::TargetType::trello}) {
            parse(render::default_title_template(kind, target));
        }
    }
    parse(render::k_default_body_template);
}

TEST_CASE("default titles render in the formats users know") {
    const auto title = [](render::ItemKind kind, render::TargetType target,
                          const render::FieldLookup& f) {
        return render::render_title(parse(render::default_title_template(kind, target)), f,
                                    render::title_limit(target));
    };
    CHECK(title(render::ItemKind::issue, render::TargetType::trello, k_issue) ==
          "[ ISSUE 45 ] Crash on start");
    CHECK(title(render::ItemKind::pull_request, render::TargetType::trello, k_issue) ==
          "[ PR 45 ] Crash on start");
    CHECK(title(render::ItemKind::merge_request, render::TargetType::trello, k_issue) ==
          "[ MR 45 ] Crash on start");
    CHECK(title(render::ItemKind::issue, render::TargetType::jira, k_issue) == "Crash on start");
    CHECK(title(render::ItemKind::pull_request, render::TargetType::asana, k_issue) ==
          "Crash on start");
    for (const auto target :
         {render::TargetType::jira, render::TargetType::asana, render::TargetType::trello}) {
        CHECK(title(render::ItemKind::alert, target, k_alert) ==
              "Use of a broken or weak cryptographic algorithm (org/repo)");
    }
}

TEST_CASE("titles are trimmed to the target's limit and kept on one line") {
    const std::string long_title(300, 'x');
    const auto f = item({{"title", long_title + "\nsecond line"}, {"number", "1"}});
    const std::string jira =
        render::render_title(parse("{title}"), f, render::title_limit(render::TargetType::jira));
    CHECK(render::text_length(jira) == 255);
    CHECK(jira.ends_with("\xE2\x80\xA6"));
    CHECK(render::render_title(parse("[ ISSUE {number} ] {title}"), f,
                               render::title_limit(render::TargetType::trello)) ==
          "[ ISSUE 1 ] " + long_title + " second line");
    CHECK(render::title_limit(render::TargetType::jira) == render::k_jira_summary_limit);
    CHECK(render::title_limit(render::TargetType::asana) == render::k_asana_name_limit);
    CHECK(render::title_limit(render::TargetType::trello) == render::k_trello_name_limit);
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
    const std::string md =
        render::render_body(parse("**{title}** by {author}\n\n{body}\n\n[source]({url})"), f);
    CHECK(md == "**\\*Not\\* \\<b\\>bold\\</b\\> \\#1 \\[x\\](javascript:y)** by some\\_user\n\n- "
                "a\n- b\n\n"
                "[source](https://e.example/a%20b%28c%29)");
    CHECK(render::to_jira_wiki(md, render::BackLink{}) ==
          "*\\*Not\\* <b>bold</b> \\#1 \\[x\\]\\(javascript:y\\)* by some\\_user\n\n* a\n* b\n\n"
          "[source|https://e.example/a%20b%28c%29]");
}

TEST_CASE("escaped text shows as exactly that text") {
    for (const std::string text :
         {"*a* _b_ `c` [d](e) <f> ![g](h) # i ~~j~~ | k |", "1. not a list", "2) nor this",
          "- not a list", "+ no", "> no quote", "# no heading", "a\\b \\* &amp; &#35;",
          "x https://example.com/a_b?c=d e", "see www.example.com/x_y.", "<https://e.x/>",
          "line one\n- line two\n10. line three"}) {
        CAPTURE(text);
        CHECK(shown(render::escape_markdown(text)) == text + "\n");
    }
    // URLs stay raw so that the autolink keeps every character.
    CHECK(render::escape_markdown("at https://e.example/a_b*c and_d") ==
          "at https://e.example/a_b*c and\\_d");
}

TEST_CASE("an alert body: the rule linked, the file, the message quoted") {
    CHECK(render::alert_body_markdown("Unused import", "https://lgtm.com/rules/1/", "src/a_b.py",
                                      "Import of 'os' is not used.\n\nSee *docs*.") ==
          "[Unused import](https://lgtm.com/rules/1/)\n\nIn src/a\\_b.py:\n\n"
          "> Import of 'os' is not used.\n>\n> See \\*docs\\*.");
    CHECK(render::alert_body_markdown("Rule", "javascript:alert(1)", "", "m") == "Rule\n\n> m");
    CHECK(render::alert_body_markdown("Rule", "", "f.c", "") == "Rule\n\nIn f.c:");
    const std::string md = render::alert_body_markdown("Unused import", "https://lgtm.com/rules/1/",
                                                       "src/a.py", "Msg.");
    CHECK(render::to_jira_wiki(md, render::BackLink{"https://lgtm.com/alert/2", "View alert"}) ==
          "[Unused import|https://lgtm.com/rules/1/]\n\nIn src/a.py:\n\n{quote}\nMsg.\n{quote}\n\n"
          "[View alert|https://lgtm.com/alert/2]");
}

TEST_CASE("back link labels by source") {
    CHECK(render::back_link_label(render::SourceType::github) == "View on GitHub");
    CHECK(render::back_link_label(render::SourceType::gitlab) == "View on GitLab");
    CHECK(render::back_link_label(render::SourceType::lgtm) == "View alert");
    CHECK(render::back_link_label(render::SourceType::code_scanning) == "View alert");
}

TEST_SUITE_END();
