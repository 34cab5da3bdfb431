#include "test_render_support.hpp"

#include "targets/jira/formats.hpp"

#include "issuebridge/render/body.hpp"

using issuebridge::render::BackLink;
using issuebridge::render::k_truncation_notice;
using issuebridge::render::text_length;
using issuebridge::targets::jira::to_adf;

namespace {

const BackLink k_link{"https://github.com/o/r/issues/1", "View on GitHub"};
const std::string k_link_paragraph =
    R"({"type":"paragraph","content":[{"type":"text","text":"View on GitHub","marks":[{"type":"link","attrs":{"href":"https://github.com/o/r/issues/1"}}]}]})";

// The ADF for `md`, checked against ADF's structure and dumped as `name` for
// scripts/check-adf-schema.
std::string adf(const std::string& name, std::string_view md,
                std::size_t limit = issuebridge::targets::jira::k_jira_text_limit) {
    std::string json = to_adf(md, k_link, limit);
    const auto violations = render_test::adf_violations(json, name);
    CHECK_MESSAGE(violations.empty(), render_test::joined(violations));
    return json;
}

// The document's top-level content without the link back, as compact JSON.
std::string body_of(const std::string& json) {
    const std::string head = R"({"type":"doc","version":1,"content":[)";
    REQUIRE(json.starts_with(head));
    REQUIRE(json.ends_with("," + k_link_paragraph + "]}"));
    return json.substr(head.size(), json.size() - head.size() - k_link_paragraph.size() - 3);
}

std::size_t count(std::string_view hay, std::string_view needle) {
    std::size_t n = 0;
    for (std::size_t p = hay.find(needle); p != std::string_view::npos; p = hay.find(needle, p + 1)) {
        ++n;
    }
    return n;
}

} // namespace

TEST_SUITE_BEGIN("targets.jira.adf");

TEST_CASE("a list item always starts with a paragraph") {
    CHECK(body_of(adf("item-code-first", "- ```\n  x\n  ```\n-\n")) ==
          R"({"type":"bulletList","content":[)"
          R"({"type":"listItem","content":[{"type":"paragraph","content":[]},)"
          R"({"type":"codeBlock","content":[{"type":"text","text":"x"}]}]},)"
          R"({"type":"listItem","content":[{"type":"paragraph","content":[]}]}]})");
}

TEST_CASE("headings, quotes, rules and tables where ADF allows none are flattened") {
    CHECK(body_of(adf("heading-in-item", "- # Title\n\n  ---\n")) ==
          R"({"type":"bulletList","content":[{"type":"listItem","content":[)"
          R"({"type":"paragraph","content":[{"type":"text","text":"Title","marks":[{"type":"strong"}]}]}]}]})");
    CHECK(body_of(adf("quote-in-quote", "> a\n> > b\n> > # c\n")) ==
          R"({"type":"blockquote","content":[{"type":"paragraph","content":[{"type":"text","text":"a"}]},)"
          R"({"type":"paragraph","content":[{"type":"text","text":"b"}]},)"
          R"({"type":"paragraph","content":[{"type":"text","text":"c","marks":[{"type":"strong"}]}]}]})");
    CHECK(body_of(adf("table-in-item", "- x\n\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n")) ==
          R"({"type":"bulletList","content":[{"type":"listItem","content":[)"
          R"({"type":"paragraph","content":[{"type":"text","text":"x"}]},)"
          R"({"type":"paragraph","content":[{"type":"text","text":"a","marks":[{"type":"strong"}]},)"
          R"({"type":"text","text":" | "},{"type":"text","text":"b","marks":[{"type":"strong"}]}]},)"
          R"({"type":"paragraph","content":[{"type":"text","text":"1 | 2"}]}]}]})");
}

TEST_CASE("task lists become taskList and taskItem, nested lists inside their parent list") {
    CHECK(body_of(adf("task-list", "- [ ] a\n  - [x] b\n- [x] **c**\n")) ==
          R"({"type":"taskList","attrs":{"localId":"task-list-1"},"content":[)"
          R"({"type":"taskItem","attrs":{"localId":"task-2","state":"TODO"},"content":[{"type":"text","text":"a"}]},)"
          R"({"type":"taskList","attrs":{"localId":"task-list-3"},"content":[)"
          R"({"type":"taskItem","attrs":{"localId":"task-4","state":"DONE"},"content":[{"type":"text","text":"b"}]}]},)"
          R"({"type":"taskItem","attrs":{"localId":"task-5","state":"DONE"},)"
          R"("content":[{"type":"text","text":"c","marks":[{"type":"strong"}]}]}]})");
    // Deterministic ids: the same body renders the same, so the draft's fingerprint does not
    // change.
    CHECK(to_adf("- [ ] a\n- [x] b\n", k_link) == to_adf("- [ ] a\n- [x] b\n", k_link));
}

TEST_CASE("a task list ADF cannot hold falls back to a bullet list with boxes") {
    CHECK(body_of(adf("mixed-tasks", "- [ ] a\n- b\n- [x] c\n\n  more\n")) ==
          R"({"type":"bulletList","content":[)"
          R"({"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"☐ a"}]}]},)"
          R"({"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"b"}]}]},)"
          R"({"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"☑ c"}]},)"
          R"({"type":"paragraph","content":[{"type":"text","text":"more"}]}]}]})");
}

TEST_CASE("code marks combine only with link; other marks merge and never repeat") {
    CHECK(body_of(adf("code-marks", "***a `b`*** [`c`](https://x.y/) **d **e** f**")) ==
          R"({"type":"paragraph","content":[)"
          R"({"type":"text","text":"a ","marks":[{"type":"em"},{"type":"strong"}]},)"
          R"({"type":"text","text":"b","marks":[{"type":"code"}]},)"
          R"({"type":"text","text":" "},)"
          R"({"type":"text","text":"c","marks":[{"type":"code"},{"type":"link","attrs":{"href":"https://x.y/"}}]},)"
          R"({"type":"text","text":" "},{"type":"text","text":"d e f","marks":[{"type":"strong"}]}]})");
}

TEST_CASE("images become links, a badge keeps its outer link, unsafe URLs lose theirs") {
    CHECK(body_of(adf("images", "![alt](https://i.example/x.png) [![b](https://i.example/b.svg)](https://ci.example/) "
                                "![](https://i.example/y.png)")) ==
          R"({"type":"paragraph","content":[)"
          R"({"type":"text","text":"alt","marks":[{"type":"link","attrs":{"href":"https://i.example/x.png"}}]},)"
          R"({"type":"text","text":" "},)"
          R"({"type":"text","text":"b","marks":[{"type":"link","attrs":{"href":"https://ci.example/"}}]},)"
          R"({"type":"text","text":" "},{"type":"text","text":"https://i.example/y.png",)"
          R"("marks":[{"type":"link","attrs":{"href":"https://i.example/y.png"}}]}]})");
    const std::string unsafe = adf("unsafe-links", "[x](javascript:alert(1)) [y](/relative) [z](data:text/html,hi) "
                                                   "![](data:image/png;base64,AAAA) [](https://e.example/)");
    CHECK(count(unsafe, R"("type":"link")") == 2); // the empty-text link shows its URL, and the link back
    CHECK(body_of(unsafe).find("AAAA") == std::string::npos);
}

TEST_CASE("ordered lists keep their start number") {
    CHECK(body_of(adf("ordered-3", "3. a\n4. b\n")).starts_with(R"({"type":"orderedList","attrs":{"order":3},)"));
    CHECK(body_of(adf("ordered-0", "0. a\n")).starts_with(R"({"type":"orderedList","attrs":{"order":0},)"));
    CHECK(body_of(adf("ordered-1", "1. a\n")).starts_with(R"({"type":"orderedList","content":)"));
}

TEST_CASE("an empty body gives just the link back, and no URL gives no link") {
    CHECK(adf("empty", "") == R"({"type":"doc","version":1,"content":[)" + k_link_paragraph + "]}");
    CHECK(to_adf("", BackLink{}) == R"({"type":"doc","version":1,"content":[]})");
    CHECK(to_adf("", BackLink{"https://x.example/1", ""}).find(R"("text":"https://x.example/1")") != std::string::npos);
}

TEST_CASE("invalid UTF-8 and control characters never reach the JSON") {
    const std::string json = adf("bad-bytes", std::string("a\xFF"
                                                          "b\x01"
                                                          "c\r\nd") +
                                                  std::string(1, '\0') + "e");
    CHECK(body_of(json) == R"({"type":"paragraph","content":[{"type":"text","text":"a)"
                           "\xEF\xBF\xBD"
                           R"(bc"},{"type":"hardBreak"},{"type":"text","text":"de"}]})");
}

TEST_CASE("hostile nesting is bounded and still valid") {
    int i = 0;
    for (const auto& body : render_test::hostile_bodies()) {
        CAPTURE(i);
        const std::string json = adf("hostile-" + std::to_string(i++), body);
        CHECK(json.ends_with(k_link_paragraph + "]}"));
        CHECK(count(json, R"("type":"bulletList")") <= 40);
        CHECK(count(json, R"("type":"blockquote")") <= 1);
    }
}

TEST_CASE("a 64 KiB body is cut to Jira's limit with the notice and the link back kept") {
    const std::string body = render_test::big_body();
    REQUIRE(body.size() >= 64 * 1024);
    const std::string json = adf("big-body", body);
    CHECK(text_length(json) <= issuebridge::targets::jira::k_jira_text_limit);
    CHECK(text_length(json) > issuebridge::targets::jira::k_jira_text_limit * 9 / 10); // most of the room is used
    const std::string notice = R"({"type":"paragraph","content":[{"type":"text","text":")" +
                               std::string(k_truncation_notice) + R"(","marks":[{"type":"em"}]}]},)";
    CHECK(json.ends_with(notice + k_link_paragraph + "]}"));
    for (const std::size_t limit : {400u, 1000u, 5000u}) {
        CAPTURE(limit);
        const std::string small = adf("big-body-" + std::to_string(limit), body, limit);
        CHECK(text_length(small) <= limit);
        CHECK(small.ends_with(notice + k_link_paragraph + "]}"));
    }
}

TEST_SUITE_END();
