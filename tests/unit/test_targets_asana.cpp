// The Asana target's bodies, marker and memo, without a server (the sandbox runs the rest: tests/conformance and
// the github->asana e2e pairs).

#include "test_render_support.hpp"

#include "targets/asana/asana.hpp"

#include <doctest/doctest.h>

using namespace issuebridge;
using namespace issuebridge::targets::asana;

namespace {

model::Draft draft(std::string body = "Steps: *run* it & <see>") {
    model::Draft d;
    d.external_id = "github:github.com/acme/widgets#7";
    d.title = "Crash (#7)";
    d.body = std::move(body);
    d.labels = {"bug", "good first issue"};
    d.url = "https://github.com/acme/widgets/issues/7";
    d.link_label = "View on GitHub";
    return d;
}

Context context() {
    Context c;
    c.project = "2000";
    c.section = "2001";
    c.done_section = "2002";
    return c;
}

} // namespace

TEST_CASE("asana html_notes: a well-formed <body> document ending with the link back and the marker line") {
    const std::string html = html_notes_of(draft());
    CHECK(html.starts_with("<body>"));
    CHECK(html.ends_with("\nissuebridge: github:github.com/acme/widgets#7</body>"));
    CHECK(render_test::asana_violations(html).empty());
    CHECK(html.find("View on GitHub") != std::string::npos);
    // A marker needing escapes stays well-formed.
    model::Draft odd = draft();
    odd.external_id = "lgtm:lgtm.example.com/1/<a&b>";
    CHECK(render_test::asana_violations(html_notes_of(odd)).empty());
}

TEST_CASE("asana marker: the last marker line of the notes, trimmed; none when absent") {
    CHECK(marker_of(plain_notes_of(draft())) == "github:github.com/acme/widgets#7");
    CHECK(marker_of("issuebridge: a\ntext\nissuebridge: b \n") == "b");
    CHECK(marker_of("no marker here") == "");
    CHECK(marker_of("issuebridge: ") == "");
}

TEST_CASE("asana create: completed, the project, the section by state, tags, and external only when asked") {
    const Context c = context();
    model::Draft d = draft();
    const std::string open = create_body(c, d, {"11", "12"}, true, true);
    CHECK(open.find(R"("completed":false)") != std::string::npos);
    CHECK(open.find(R"("projects":["2000"])") != std::string::npos);
    CHECK(open.find(R"("section":"2001")") != std::string::npos);
    CHECK(open.find(R"("tags":["11","12"])") != std::string::npos);
    CHECK(open.find(R"("external":{"gid":"github:github.com/acme/widgets#7"})") != std::string::npos);
    CHECK(open.find(R"("html_notes":"<body>)") != std::string::npos);
    d.state = model::ItemState::closed;
    const std::string closed = create_body(c, d, {}, false, false);
    CHECK(closed.find(R"("completed":true)") != std::string::npos);
    CHECK(closed.find(R"("section":"2002")") != std::string::npos);
    CHECK(closed.find("external") == std::string::npos);
    CHECK(closed.find("tags") == std::string::npos);
    CHECK(closed.find(R"("notes":"Steps)") != std::string::npos);
}

TEST_CASE("asana update: only the fields asked for; labels alone need no PUT") {
    const Context c = context();
    const model::Draft d = draft();
    CHECK(update_body(c, d, model::Field::labels, false, true).empty());
    const std::string title = update_body(c, d, model::Field::title, false, true);
    CHECK(title == R"x({"data":{"name":"Crash (#7)"}})x");
    CHECK(update_body(c, d, 0, true, true) == R"({"data":{"completed":false}})");
}

TEST_CASE("asana memo: the tags written, name to gid; unknown when malformed") {
    const std::string memo = tags_memo({{"bug", "11"}, {"p1", "12"}});
    CHECK(memo_tags(memo) == std::map<std::string, std::string>{{"bug", "11"}, {"p1", "12"}});
    CHECK(memo_tags("").empty());
    CHECK(memo_tags("[\"bug\"]").empty());
    CHECK(memo_tags(R"({"bug": 11})").empty());
}

TEST_CASE("asana errors: the messages of the errors envelope, else an excerpt") {
    CHECK(error_text(R"({"errors":[{"message":"name: Missing input"},{"message":"x"}]})") == "name: Missing input; x");
    CHECK(error_text("<html>proxy</html>") == "<html>proxy</html>");
}
