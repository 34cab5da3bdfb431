#include "issuebridge/model/template.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using issuebridge::model::Template;
using issuebridge::model::TemplateError;

namespace {
std::string render(std::string_view text) {
    auto parsed = Template::parse(text);
    REQUIRE(std::holds_alternative<Template>(parsed));
    return std::get<Template>(parsed).render([](std::string_view f) { return "<" + std::string(f) + ">"; });
}
TemplateError error_of(std::string_view text) {
    auto parsed = Template::parse(text);
    REQUIRE(std::holds_alternative<TemplateError>(parsed));
    return std::get<TemplateError>(parsed);
}
} // namespace

TEST_SUITE_BEGIN("model.template");

TEST_CASE("fields are substituted and braces escaped") {
    CHECK(render("{title} (#{number})") == "<title> (#<number>)");
    CHECK(render("[ ISSUE {number} ] { title }") == "[ ISSUE <number> ] <title>");
    CHECK(render("{{literal}} {repo}") == "{literal} <repo>");
    CHECK(render("") == "");
}

TEST_CASE("errors say where and suggest the right field") {
    const auto e = error_of("x {titel}");
    CHECK(e.offset == 2);
    CHECK(e.message == "unknown template field 'titel'");
    CHECK(e.hint == "did you mean 'title'?");
    CHECK(error_of("{title").message == "unclosed '{' in template");
    CHECK(error_of("a } b").message == "unmatched '}' in template");
    CHECK(error_of("a {} b").message == "empty template field '{}'");
    // Nothing near: the hint lists every field the template may name.
    CHECK(error_of("{zzzzzz}").hint ==
          "expected one of title, number, repo, url, body, kind, state, author, labels, milestone");
}

TEST_CASE("the common fields name no source's own fields; a source's are allowed when handed in") {
    const auto common = issuebridge::model::template_fields();
    CHECK(std::vector<std::string>(common.begin(), common.end()) ==
          std::vector<std::string>{"title", "number", "repo", "url", "body", "kind", "state", "author", "labels",
                                   "milestone"});
    const std::vector<std::string> extra = {"rule", "severity"};
    auto parsed = Template::parse("[{severity}] {rule}: {title}", extra);
    REQUIRE(std::holds_alternative<Template>(parsed));
    CHECK(std::get<Template>(parsed).render([](std::string_view f) { return "<" + std::string(f) + ">"; }) ==
          "[<severity>] <rule>: <title>");
    const auto e = error_of("{rule}");
    CHECK(e.message == "unknown template field 'rule'");
    CHECK(e.hint == "expected one of title, number, repo, url, body, kind, state, author, labels, milestone");
    parsed = Template::parse("{rulz}", extra);
    REQUIRE(std::holds_alternative<TemplateError>(parsed));
    CHECK(std::get<TemplateError>(parsed).hint == "did you mean 'rule'?");
}

TEST_SUITE_END();
