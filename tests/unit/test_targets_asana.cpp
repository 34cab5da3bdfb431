// The Asana target's bodies, marker and memo, without a server (the sandbox runs the rest: tests/conformance and
// the github->asana e2e pairs).

#include "test_render_support.hpp"

#include "cli/schemas.hpp"
#include "issuebridge/config/config.hpp"
#include "issuebridge/targets/registry.hpp"
#include "support/fake_client.hpp"
#include "targets/asana/asana.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <tuple>

using namespace issuebridge;
using namespace issuebridge::targets::asana;
using issuebridge::http::FakeClient;

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

// A target of project 2000 signed in with a token from the environment.
std::unique_ptr<targets::Target> target() {
    ::setenv("IB_UNIT_ASANA_TOKEN", "asana-unit-token", 1);
    const auto c = config::parse("[sources.gh]\ntype = \"github\"\n[targets.a]\ntype = \"asana\"\nbase_url = "
                                 "\"https://app.asana.com/api/1.0\"\ntoken_env = \"IB_UNIT_ASANA_TOKEN\"\n"
                                 "project = \"2000\"\n[[routes]]\nname = \"r\"\nsource = \"gh\"\ntarget = \"a\"\n"
                                 "repos = [\"o/r\"]\n",
                                 "a.toml", cli::schemas());
    return targets::make_target(c.targets.at("a"));
}

const std::string k_api = "https://app.asana.com/api/1.0";

// An events answer: `events` as (user gid, resource type, resource gid), then the next token.
std::string events(const std::vector<std::tuple<std::string, std::string, std::string>>& list, const std::string& sync,
                   bool more = false) {
    std::string data;
    for (const auto& [user, type, gid] : list) {
        data += (data.empty() ? "" : ",") + std::string(R"({"user":{"gid":")") + user +
                R"(","resource_type":"user"},"resource":{"gid":")" + gid + R"(","resource_type":")" + type +
                R"("},"type":")" + type + R"(","action":"changed"})";
    }
    return R"({"data":[)" + data + R"(],"sync":")" + sync + R"(","has_more":)" + (more ? "true" : "false") + "}";
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

TEST_CASE("asana memory: the identity and the events stream are kept; anything else restores as nothing") {
    auto t = target();
    CHECK(t->memory().data.empty()); // nothing learnt yet
    t->restore(R"({"identity":"notes","events":{"sync":"tok-1","me":"3000","trusted":["11","12"]}})");
    const auto memory = t->memory();
    CHECK(memory.data == R"({"identity":"notes","events":{"sync":"tok-1","me":"3000","trusted":["11","12"]}})");
    CHECK(memory.shown == "identity: notes marker; project events followed, 2 tasks known in sync");
    for (const char* junk : {"", "not json", "[]", R"({"identity":7,"events":{"sync":1}})"}) {
        auto fresh = target();
        fresh->restore(junk);
        CHECK(fresh->memory().data.empty());
    }
}

TEST_CASE("asana events: a first reading starts the stream and vouches for nothing; then others' edits untrust") {
    auto t = target();
    FakeClient client;
    client.on("GET", k_api + "/users/me?opt_fields=gid", FakeClient::response(200, R"({"data":{"gid":"3000"}})"));
    client.on("GET", k_api + "/events?resource=2000",
              FakeClient::response(412, R"({"errors":[{"message":"Sync token invalid or too old."}],"sync":"tok-1"})"));
    auto first = t->changes();
    drive(*first, client);
    REQUIRE_FALSE(first->result().failure);
    CHECK_FALSE(first->unchanged()); // nothing known before the stream began
    CHECK(t->memory().data == R"({"events":{"sync":"tok-1","me":"3000","trusted":[]}})");

    // Tasks 11, 12 and 13 were found in sync by a check; since: we edited 11, Dana edited 12 (two pages), a
    // comment (a story) was added to 13.
    t->restore(R"({"events":{"sync":"tok-1","me":"3000","trusted":["11","12","13"]}})");
    client.on("GET", k_api + "/events?resource=2000&sync=tok-1",
              FakeClient::response(200, events({{"3000", "task", "11"}}, "tok-2", true)));
    client.on("GET", k_api + "/events?resource=2000&sync=tok-2",
              FakeClient::response(200, events({{"3001", "task", "12"}, {"3001", "story", "13"}}, "tok-3")));
    auto next = t->changes();
    drive(*next, client);
    REQUIRE_FALSE(next->result().failure);
    REQUIRE(next->unchanged());
    CHECK(*next->unchanged() == std::set<std::string>{"11", "13"});
    CHECK(t->memory().data == R"({"events":{"sync":"tok-3","me":"3000","trusted":["11","13"]}})");

    // The token went stale: nothing is vouched for, the stream starts again.
    client.on("GET", k_api + "/events?resource=2000&sync=tok-3",
              FakeClient::response(412, R"({"errors":[{"message":"Sync token invalid or too old."}],"sync":"tok-9"})"));
    auto stale = t->changes();
    drive(*stale, client);
    CHECK_FALSE(stale->unchanged());
    CHECK(t->memory().data == R"({"events":{"sync":"tok-9","me":"3000","trusted":[]}})");
}

TEST_CASE("asana events: a malformed or failed reading fails naming the field, and the stream stays where it was") {
    auto t = target();
    t->restore(R"({"events":{"sync":"tok-1","me":"3000","trusted":["11"]}})");
    for (const auto& [status, body, field] : std::vector<std::tuple<long, std::string, std::string>>{
             {200, R"({"data":[],"has_more":false})", "'sync'"},
             {200, R"({"data":[{"resource":{"resource_type":"task"}}],"sync":"t"})", "'data[].resource.gid'"},
             {200, R"({"data":7,"sync":"t"})", "'data'"},
             {412, R"({"errors":[]})", "'sync'"},
             {500, R"({"errors":[{"message":"Server Error"}]})", "Server Error"}}) {
        CAPTURE(body);
        FakeClient client;
        client.on("GET", k_api + "/events?resource=2000&sync=tok-1", FakeClient::response(status, body));
        auto op = t->changes();
        drive(*op, client);
        REQUIRE(op->result().failure);
        CHECK(op->result().failure->message.find(field) != std::string::npos);
        CHECK_FALSE(op->unchanged());
        CHECK(t->memory().data == R"({"events":{"sync":"tok-1","me":"3000","trusted":["11"]}})");
    }
}
