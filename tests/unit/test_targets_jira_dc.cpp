// The Jira target on Data Center / Server (api_version = 2), driven by hand through a scripted client: what differs
// from Cloud (auth, context path, wiki markup, startAt search in key ranges, key in (...) read-backs, the 500 of an
// incorrect transition id, serverInfo), and real answers recorded from issues.apache.org (tests/unit/fixtures/
// jira-dc/, from /work/shared/specs/recorded/jira-dc/).

#include "cli/schemas.hpp"
#include "issuebridge/config/config.hpp"
#include "issuebridge/targets/registry.hpp"
#include "targets/jira/jira.hpp"
#include "targets/jira/search_pages.hpp"

#include "support/fake_client.hpp"
#include "support/tempdir.hpp"

#include <doctest/doctest.h>
#include <simdjson.h>

#include <cstdlib>

using namespace issuebridge;
using http::FakeClient;

namespace {

const char* const k_base = "https://jira.example.com/jira";

// A Data Center target under the context path /jira: with `user`, Basic; without, a personal access token.
std::unique_ptr<targets::Target> jira_dc(const std::string& user = "", const std::string& extra = "") {
    ::setenv("IB_UNIT_JIRA_DC_TOKEN", "dc-secret", 1);
    const auto c = config::parse("[sources.gh]\ntype = \"github\"\n[targets.dc]\ntype = \"jira\"\napi_version = 2\n"
                                 "base_url = \"https://jira.example.com/jira\"\ntoken_env = \"IB_UNIT_JIRA_DC_TOKEN\"\n"
                                 "project = \"SUP\"\n" +
                                     (user.empty() ? "" : "user = \"" + user + "\"\n") + extra +
                                     "[[routes]]\nname = \"r\"\nsource = \"gh\"\ntarget = \"dc\"\nrepos = [\"o/r\"]\n",
                                 "c.toml", cli::schemas());
    return targets::make_target(c.targets.at("dc"));
}

std::string url(const std::string& path) { return k_base + path; }

std::string fixture(const std::string& name) {
    return testing::read_file(std::string(ISSUEBRIDGE_SOURCE_DIR) + "/tests/unit/fixtures/jira-dc/" + name);
}

model::Draft draft(model::ItemState state = model::ItemState::open) {
    model::Draft d;
    d.external_id = "github:github.com/o/r#7";
    d.target = "dc";
    d.title = "Crash on start";
    d.body = "It *crashes* in `main()`.";
    d.labels = {"bug"};
    d.state = state;
    d.url = "https://github.com/o/r/issues/7";
    return d;
}

std::string header(const http::Request& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
        if (k == name) {
            return v;
        }
    }
    return {};
}

// A search answer with `n` issues SUP-<first>..., each with `labels`, saying maxResults `max` and a total that lies.
std::string page(int first, int n, int max, const std::string& labels = "[]") {
    std::string issues;
    for (int i = 0; i < n; ++i) {
        const std::string number = std::to_string(first + i);
        issues += (i ? "," : "") + std::string(R"({"id":")") + std::to_string(10000 + first + i) + R"(","key":"SUP-)" +
                  number + R"(","fields":{"labels":)" + labels + R"(,"status":{"statusCategory":{"key":"new"}}}})";
    }
    return R"({"startAt":0,"maxResults":)" + std::to_string(max) + R"(,"total":3,"issues":[)" + issues + "]}";
}

// A search answer as page() makes it, saying `total` instead of page()'s (a total above what was read makes the
// lookup ask again from the last key, in case a result window cut the page short).
std::string with_total(std::string answer, int total) {
    const std::string lie = R"("total":3)";
    return answer.replace(answer.find(lie), lie.size(), R"("total":)" + std::to_string(total));
}

} // namespace

TEST_SUITE_BEGIN("targets.jira");

TEST_CASE("data center: a personal access token is a bearer token, a user makes it Basic, under the context path") {
    const model::Draft d = draft();
    targets::Change create;
    create.draft = &d;
    {
        auto target = jira_dc();
        auto op = target->write(create);
        const auto round = op->next();
        REQUIRE(round.size() == 1);
        CHECK(round[0].url == url("/rest/api/2/issue"));
        CHECK(header(round[0], "Authorization") == "Bearer dc-secret");
        simdjson::dom::parser parser;
        const auto body = parser.parse(round[0].body);
        // Wiki markup, not ADF: a string, with the link back.
        std::string_view description;
        REQUIRE_FALSE(body["fields"]["description"].get_string().get(description));
        CHECK(description.find("_crashes_") != std::string_view::npos);
        CHECK(description.find("{{main") != std::string_view::npos);
        CHECK(description.find("https://github.com/o/r/issues/7") != std::string_view::npos);
        // The marker: label and property in the same call.
        CHECK(body["properties"].at(0)["value"]["externalId"].get_string().value() == "github:github.com/o/r#7");
        CHECK(body["fields"]["labels"].at(1).get_string().value() == targets::jira::marker_label(d.external_id));
    }
    {
        auto target = jira_dc("jsmith");
        auto op = target->write(create);
        CHECK(header(op->next().at(0), "Authorization") == "Basic anNtaXRoOmRjLXNlY3JldA==");
    }
}

TEST_CASE("data center: a user is optional only on api_version 2") {
    CHECK_NOTHROW(jira_dc());
    CHECK_THROWS(config::parse("[sources.gh]\ntype = \"github\"\n[targets.c]\ntype = \"jira\"\nbase_url = "
                               "\"https://x.atlassian.net\"\ntoken_env = \"T\"\nproject = \"SUP\"\n[[routes]]\n"
                               "name = \"r\"\nsource = \"gh\"\ntarget = \"c\"\nrepos = [\"o/r\"]\n",
                               "c.toml", cli::schemas()));
}

TEST_CASE("data center: lookups page by startAt until a short page, whatever total says, under the read-back cap") {
    auto target = jira_dc();
    const model::Draft d = draft();
    const std::string ours = "[\"" + targets::jira::marker_label(d.external_id) + "\"]";
    FakeClient client;
    // The instance caps pages at 2 (we ask 100): 2, 2, then 1 -- total says 3 throughout.
    client.on("POST", url("/rest/api/2/search"), FakeClient::response(200, page(1, 2, 2)));
    client.on("POST", url("/rest/api/2/search"), FakeClient::response(200, page(3, 2, 2)));
    client.on("POST", url("/rest/api/2/search"), FakeClient::response(200, page(5, 1, 2, ours)));
    auto op = target->find({{d.external_id}});
    drive(*op, client);
    CHECK_FALSE(op->result().failure);
    REQUIRE(op->found().size() == 1);
    CHECK(op->found()[0].ref.key == "SUP-5");
    CHECK(op->found()[0].ref.url == "https://jira.example.com/jira/browse/SUP-5");
    REQUIRE(client.calls().size() == 3);
    std::vector<std::int64_t> starts;
    for (const auto& call : client.calls()) {
        simdjson::dom::parser parser;
        const auto body = parser.parse(call.body);
        starts.push_back(body["startAt"].get_int64().value());
        CHECK(body["maxResults"].get_int64().value() == 100);
        CHECK(body["fields"].at(0).get_string().value() == "labels");
        CHECK(std::string_view(body["jql"].get_string().value()).ends_with(" ORDER BY key ASC"));
    }
    CHECK(starts == std::vector<std::int64_t>{0, 2, 4});
}

TEST_CASE("data center: paging starts a new key range before the 10,000-result window") {
    auto target = jira_dc();
    const std::vector<targets::Sought> ids{{"github:github.com/o/r#1"}};
    FakeClient client;
    const int pages = static_cast<int>(targets::jira::SearchPages::k_range / targets::jira::SearchPages::k_page);
    for (int p = 0; p < pages; ++p) {
        client.on("POST", url("/rest/api/2/search"), FakeClient::response(200, page(1 + p * 100, 100, 1000)));
    }
    client.on("POST", url("/rest/api/2/search"), FakeClient::response(200, page(1 + pages * 100, 0, 1000)));
    auto op = target->find(ids);
    drive(*op, client);
    CHECK_FALSE(op->result().failure);
    REQUIRE(client.calls().size() == static_cast<std::size_t>(pages + 1));
    simdjson::dom::parser parser;
    std::int64_t most = 0;
    for (const auto& call : client.calls()) {
        const auto body = parser.parse(call.body);
        most = std::max(most, body["startAt"].get_int64().value() + body["maxResults"].get_int64().value());
    }
    CHECK(most <= 10000);
    const auto last = parser.parse(client.calls().back().body);
    CHECK(last["startAt"].get_int64().value() == 0);
    const std::string_view jql = last["jql"].get_string().value();
    CHECK(jql.find("AND key > \"SUP-" + std::to_string(pages * 100) + "\" ORDER BY key ASC") != std::string_view::npos);
}

TEST_CASE("data center: every marked item of the project is confirmed by its property, which search does not carry") {
    auto target = jira_dc();
    const std::string mine = "github:github.com/o/r#7";
    const std::string label = "[\"" + targets::jira::marker_label(mine) + "\"]";
    FakeClient client;
    client.on("POST", url("/rest/api/2/search"), FakeClient::response(200, with_total(page(1, 2, 100, label), 2)));
    client.on("GET", url("/rest/api/2/issue/10001/properties/issuebridge"),
              FakeClient::response(200, R"({"key":"issuebridge","value":{"externalId":")" + mine + "\"}}"));
    // A label copied onto another issue by hand: its property is another's.
    client.on("GET", url("/rest/api/2/issue/10002/properties/issuebridge"),
              FakeClient::response(200, R"({"key":"issuebridge","value":{"externalId":"github:github.com/o/r#8"}})"));
    auto op = target->find_all();
    drive(*op, client);
    CHECK_FALSE(op->result().failure);
    REQUIRE(op->found().size() == 1);
    CHECK(op->found()[0].ref.key == "SUP-1");
    CHECK(op->found()[0].external_id == mine);
}

TEST_CASE("data center: a 500 for the transition id reads the transitions again once, then names what is offered") {
    auto target = jira_dc("", "close_transition = \"Close Issue\"\n");
    const targets::TargetRef item{"13256564", "SLING-8707", ""};
    const model::Draft d = draft(model::ItemState::closed);
    targets::Change move;
    move.draft = &d;
    move.item = item;
    move.fields = 0;
    move.move_state = true;
    FakeClient client;
    // The recorded transitions of issues.apache.org: "Close Issue" is id 701.
    client.on_every("GET", url("/rest/api/2/issue/13256564/transitions"),
                    FakeClient::response(200, fixture("sling-committer-cli_transitions_transitions.json")));
    SUBCASE("taken") {
        client.on("POST", url("/rest/api/2/issue/13256564/transitions"), FakeClient::response(204));
        auto op = target->write(move);
        drive(*op, client);
        CHECK_FALSE(op->result().failure);
        CHECK(op->result().state_applied);
        CHECK(client.calls().back().body == R"({"transition":{"id":"701"}})");
    }
    SUBCASE("refused twice") {
        const auto refused = FakeClient::response(500, R"({"errorMessages":["Transition id '701' is not valid"]})");
        client.on("POST", url("/rest/api/2/issue/13256564/transitions"), refused);
        client.on("POST", url("/rest/api/2/issue/13256564/transitions"), refused);
        auto op = target->write(move);
        drive(*op, client);
        REQUIRE(op->result().failure);
        CHECK_FALSE(op->result().state_applied);
        const std::string& message = op->result().failure->message;
        CHECK(message.find("transition 'Close Issue' of SLING-8707") != std::string::npos);
        CHECK(message.find("Close Issue -> Closed") != std::string::npos);
        CHECK(message.find("Reopen Issue -> Reopened") != std::string::npos);
        CHECK(client.calls().size() == 4); // list, post, list again, post: once, not forever
    }
}

TEST_CASE("data center: read-backs are key in (...) searches of 100 ids, unvalidated") {
    auto target = jira_dc();
    const model::Draft d = draft();
    std::vector<targets::Expectation> items;
    for (int i = 0; i < 150; ++i) {
        items.push_back({std::to_string(20000 + i), &d});
    }
    FakeClient client;
    client.on_every("POST", url("/rest/api/2/search"),
                    FakeClient::response(200, R"({"startAt":0,"maxResults":100,"total":0,"issues":[]})"));
    auto op = target->inspect(items);
    drive(*op, client);
    CHECK_FALSE(op->result().failure);
    REQUIRE(client.calls().size() == 2);
    simdjson::dom::parser parser;
    const auto body = parser.parse(client.calls()[0].body);
    CHECK(std::string_view(body["jql"].get_string().value()).starts_with("key in (20000, 20001, "));
    CHECK_FALSE(body["validateQuery"].get_bool().value());
    CHECK(op->inspected().empty()); // absent: missing
}

TEST_CASE("data center: the probe says which auth signed in and the server version") {
    auto target = jira_dc("jsmith");
    FakeClient client;
    client.on("GET", url("/rest/api/2/myself"), FakeClient::response(200, R"({"name":"jsmith","displayName":"J S"})"));
    client.on("GET", url("/rest/api/2/serverInfo"),
              FakeClient::response(200, R"({"version":"9.12.2","deploymentType":"Server"})"));
    client.on("GET", url("/rest/api/2/project/SUP"),
              FakeClient::response(200, R"({"name":"Support","issueTypes":[{"name":"Task"}]})"));
    auto op = target->probe();
    drive(*op, client);
    CHECK_FALSE(op->result().failure);
    CHECK(op->summary() ==
          "signed in as J S with basic auth as jsmith; Jira Server 9.12.2; project SUP (Support), issue type Task");
}

// The JQL and startAt of each search the lookup sent.
std::vector<std::pair<std::string, std::int64_t>> searches(const FakeClient& client) {
    std::vector<std::pair<std::string, std::int64_t>> out;
    simdjson::dom::parser parser;
    for (const auto& call : client.calls()) {
        const auto body = parser.parse(call.body);
        out.emplace_back(std::string(body["jql"].get_string().value()), body["startAt"].get_int64().value());
    }
    return out;
}

TEST_CASE("data center: past a result window smaller than ours, a lookup goes on from the last key read") {
    auto target = jira_dc();
    const model::Draft d = draft();
    const std::string ours = "[\"" + targets::jira::marker_label(d.external_id) + "\"]";
    // The instance's window is 4 (an admin's max_result_window) and its cap 2: startAt 4 is past it. Some versions
    // refuse that page (400), others answer it empty with a total that counts on.
    const std::string refused = R"({"errorMessages":["Search limit exceeded. We couldn't complete your search )"
                                R"(because it requests 6 results which exceeded the search platform limit of 4."]})";
    for (const auto& past :
         {FakeClient::response(400, refused), FakeClient::response(200, with_total(page(5, 0, 2), 9))}) {
        CAPTURE(past.status);
        FakeClient client;
        client.on("POST", url("/rest/api/2/search"), FakeClient::response(200, page(1, 2, 2)));
        client.on("POST", url("/rest/api/2/search"), FakeClient::response(200, page(3, 2, 2)));
        client.on("POST", url("/rest/api/2/search"), past);
        client.on("POST", url("/rest/api/2/search"), FakeClient::response(200, page(5, 2, 2)));
        client.on("POST", url("/rest/api/2/search"), FakeClient::response(200, page(7, 2, 2)));
        client.on("POST", url("/rest/api/2/search"), FakeClient::response(200, with_total(page(9, 1, 2, ours), 1)));
        auto op = target->find({{d.external_id}});
        drive(*op, client);
        REQUIRE_FALSE(op->result().failure);
        REQUIRE(op->found().size() == 1);
        CHECK(op->found()[0].ref.key == "SUP-9");
        const auto sent = searches(client);
        REQUIRE(sent.size() == 6);
        // The second range starts after SUP-4 and is kept as short as the first: it ends before startAt 4.
        CHECK(sent[3].first.find("AND key > \"SUP-4\" ORDER BY") != std::string::npos);
        CHECK(sent[3].second == 0);
        CHECK(sent[4].second == 2);
        CHECK(sent[5].first.find("AND key > \"SUP-8\" ORDER BY") != std::string::npos);
        CHECK(sent[5].second == 0);
    }
}

TEST_CASE("data center: a 400 for the first page of a key range fails the lookup, naming Jira's message") {
    auto target = jira_dc();
    FakeClient client;
    client.on("POST", url("/rest/api/2/search"), FakeClient::response(200, page(1, 2, 2)));
    client.on("POST", url("/rest/api/2/search"),
              FakeClient::response(400, R"({"errorMessages":["Search limit exceeded."]})"));
    client.on(
        "POST", url("/rest/api/2/search"),
        FakeClient::response(400, R"({"errorMessages":["The value 'x' does not exist for the field 'labels'."]})"));
    auto op = target->find({{draft().external_id}});
    drive(*op, client);
    REQUIRE(op->result().failure);
    CHECK(op->result().failure->message.find("does not exist for the field 'labels'") != std::string::npos);
    CHECK(client.calls().size() == 3);
}

TEST_CASE("data center: the recorded search answer of a real server is read, its paging ends on the short page") {
    simdjson::dom::parser parser;
    const std::string text = fixture("sling-committer-cli_search_committer-cli-1.0.0.json");
    const simdjson::dom::element root = parser.parse(text).value();
    targets::jira::SearchPages pages;
    CHECK_FALSE(pages.read(root, root["issues"].get_array().value()));
    CHECK(pages.done()); // 9 issues under maxResults 50
    // Through a lookup: the answer lacks the labels we always ask for, so it fails naming the field.
    auto target = jira_dc();
    FakeClient client;
    client.on("POST", url("/rest/api/2/search"), FakeClient::response(200, text));
    auto op = target->find({{"github:github.com/o/r#1"}});
    drive(*op, client);
    REQUIRE(op->result().failure);
    CHECK(op->result().failure->message == "jira search answer: field 'issues[].fields.labels' is malformed");
}

TEST_SUITE_END();
