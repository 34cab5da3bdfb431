#include "test_render_support.hpp"

#include "targets/jira/formats.hpp"

#include "issuebridge/render/body.hpp"

using issuebridge::render::BackLink;
using issuebridge::render::text_length;
using issuebridge::targets::jira::to_jira_wiki;

namespace {

const std::string k_link_markup = "[View on GitHub|https://github.com/o/r/issues/1]";

// The wiki markup for `md` without the link back.
std::string wiki(std::string_view md) {
    const std::string out = to_jira_wiki(md, BackLink{"https://github.com/o/r/issues/1", "View on GitHub"});
    REQUIRE(out.ends_with(k_link_markup));
    return out.substr(0, out.size() - k_link_markup.size() - (out.size() > k_link_markup.size() ? 2 : 0));
}

} // namespace

TEST_SUITE_BEGIN("targets.jira.wiki");

TEST_CASE("text cannot inject wiki markup") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"{html}<script>x</script>{html}", "\\{html\\}<script>x</script>\\{html\\}"},
        {"{color:red}x{color}", "\\{color:red\\}x\\{color\\}"},
        {"\\{code}", "\\{code\\}"},
        {"[~admin]", "\\[\\~admin\\]"},
        {"[^file.pdf]", "\\[\\^file.pdf\\]"},
        {"\\!image.png\\!", "\\!image.png\\!"},
        {"a \\*b\\* \\_c\\_ -d- +e+ ^f^ ??g?? \\~h\\~",
         "a \\*b\\* \\_c\\_ \\-d\\- \\+e\\+ \\^f\\^ \\?\\?g\\?\\? \\~h\\~"},
        {"\\{{mono}}", "\\{\\{mono\\}\\}"},
        {"a\\|b", "a\\|b"},
        {"h1. x", "&#104;1. x"},
        {"H3. x", "&#72;3. x"},
        {"bq. x", "&#98;q. x"},
        {"a\nh2. x", "a\n&#104;2. x"},
        {"a h1. x", "a h1. x"},
        {"\\# x", "\\# x"},
        {"\\- x", "\\- x"},
        {"a -- b --- c", "a \\-\\- b \\-\\-\\- c"},
        {"a\\\\\\\\b", "a&#92;&#92;b"},
        {"a\\\\\\*b", "a&#92;\\*b"},
        {":) :P ;) :D (y) (/)", ":\\) &#58;P ;\\) &#58;D \\(y\\) \\(/\\)"},
        {"&amp;copy; &amp;#169; &amp; x", "&amp;copy; &amp;\\#169; & x"},
        {"50% @user", "50% @user"},
    };
    for (const auto& [md, expected] : cases) {
        CAPTURE(md);
        CHECK(wiki(md) == expected);
    }
}

TEST_CASE("markup is written where the markdown has it") {
    CHECK(wiki("**bold** *em* ~~gone~~ `code`") == "*bold* _em_ -gone- {{code}}");
    CHECK(wiki("# One\n###### Six") == "h1. One\n\nh6. Six");
    CHECK(wiki("a\n\n---\n\nb") == "a\n\n----\n\nb");
    CHECK(wiki("a  \nb\nc") == "a\nb\nc");
    CHECK(wiki("> a\n>\n> b") == "{quote}\na\n\nb\n{quote}");
}

TEST_CASE("emphasis inside a word is dropped, because Jira needs word boundaries") {
    CHECK(wiki("foo**bar**baz") == "foobarbaz");
    CHECK(wiki("**bar**baz and foo**bar**") == "barbaz and foobar");
    CHECK(wiki("(**bar**)") == "\\(*bar*\\)");
    CHECK(wiki("***both***") == "_*both*_");
}

TEST_CASE("inline code keeps braces and spaces out of the monospace markers") {
    CHECK(wiki("`{code}` `{{x}}` `a}`") == "{{&#123;code&#125;}} {{&#123;&#123;x&#125;&#125;}} {{a&#125;}}");
    CHECK(wiki("`` a `b` ``") == "{{a `b`}}");
    CHECK(wiki("` `") == " ");
}

TEST_CASE("links: [text|url], with no pipe or bang in the text and nothing in the URL that ends "
          "the link") {
    CHECK(wiki("[docs](https://e.example/a_b?x=1&y=[2])") == "[docs|https://e.example/a_b?x=1&y=%5B2%5D]");
    CHECK(wiki("[a | b](https://e.example/) [wow!](https://e.example/w)") ==
          "a \\| b ([https://e.example/]) wow\\! ([https://e.example/w])");
    CHECK(wiki("[x](https://e.example/{html}!|)") == "[x|https://e.example/%7Bhtml%7D%21%7C]");
    CHECK(wiki("[x](javascript:alert(1))") == "x");
    CHECK(wiki("![shot](https://e.example/s.png)") == "[shot|https://e.example/s.png]");
    CHECK(wiki("[![CI](https://e.example/b.svg)](https://ci.example/)") == "[CI|https://ci.example/]");
    CHECK(wiki("<https://e.example/x>") == "[https://e.example/x|https://e.example/x]");
}

TEST_CASE("code blocks: a known language, else noformat; the body cannot close its macro") {
    CHECK(wiki("```py\nx = {1}\n```") == "{code:python}\nx = {1}\n{code}");
    CHECK(wiki("```Kotlin\nfun x()\n```") == "{noformat}\nfun x()\n{noformat}");
    CHECK(wiki("```\nplain\n```") == "{noformat}\nplain\n{noformat}");
    CHECK(wiki("```cpp\nauto s = \"{code}\";\n```") == "{noformat}\nauto s = \"{code}\";\n{noformat}");
    CHECK(wiki("```\n{noformat}\n```") == "{code}\n{noformat}\n{code}");
    CHECK(wiki("```\n{noformat} {CODE:x}\n```") == "{code}\n{noformat} {\xE2\x80\x8B"
                                                   "CODE:x}\n{code}");
}

TEST_CASE("lists nest with repeated markers; items keep their extra paragraphs on the item's line") {
    CHECK(wiki("- a\n  1. b\n     - c\n- d\n\n  more") == "* a\n*# b\n*#* c\n* d\\\\ more");
    CHECK(wiki("- [ ] todo\n- [x] done") == "* \xE2\x98\x90 todo\n* \xE2\x98\x91 done");
    CHECK(wiki("- a\n  b") == "* a\\\\ b");
}

TEST_CASE("tables: header cells ||, body cells |, escaped pipes, padded and never-empty cells") {
    CHECK(wiki("| a | b |\n|---|---|\n| x \\| y |\n") == "||a||b||\n|x \\| y| |");
    CHECK(wiki("| a |\n|---|\n| |\n") == "||a||\n| |");
}

TEST_CASE("raw HTML shows as text and comments are dropped") {
    CHECK(wiki("<div>\nh1. x\n</div>") == "<div>\n&#104;1. x\n</div>");
    CHECK(wiki("a <b>b</b> <!-- hidden --> c") == "a <b>b</b>  c");
    CHECK(wiki("<!-- only a comment -->").empty());
}

TEST_CASE("hostile nesting is bounded") {
    for (const auto& body : render_test::hostile_bodies()) {
        const std::string out = wiki(body);
        CHECK(out.find("x") != std::string::npos);
        CHECK(out.find(std::string(40, '*') + " ") == std::string::npos); // list depth is capped
    }
}

TEST_CASE("a 64 KiB body is cut to Jira's limit with the notice and the link back kept") {
    const BackLink link{"https://github.com/o/r/issues/1", "View on GitHub"};
    const std::string body = render_test::big_body();
    for (const std::size_t limit : {issuebridge::targets::jira::k_jira_text_limit, std::size_t{300}}) {
        CAPTURE(limit);
        const std::string out = to_jira_wiki(body, link, limit);
        CHECK(text_length(out) <= limit);
        CHECK(out.ends_with("\n\n_\xE2\x80\xA6 \\(truncated, see source\\)_\n\n" + k_link_markup));
    }
}

TEST_SUITE_END();
