// The Jira Cloud target's operations, driven by hand through a scripted client.

#include "cli/schemas.hpp"
#include "issuebridge/config/config.hpp"
#include "issuebridge/targets/registry.hpp"
#include "targets/jira/jira.hpp"

#include "support/fake_client.hpp"

#include <doctest/doctest.h>
#include <simdjson.h>

#include <cstdlib>
#include <tuple>

using namespace issuebridge;
using http::FakeClient;

namespace {

const char* const k_base = "https://example.atlassian.net";

std::unique_ptr<targets::Target> jira() {
    ::setenv("IB_UNIT_JIRA_TOKEN", "secret-token", 1);
    const auto c = config::parse(R"(
[sources.gh]
type = "github"
[targets.jira]
type = "jira"
base_url = "https://example.atlassian.net"
user = "me@example.com"
token_env = "IB_UNIT_JIRA_TOKEN"
project = "SUP"
[[routes]]
name = "r"
source = "gh"
target = "jira"
repos = ["o/r"]
)",
                                 "c.toml", cli::schemas());
    return targets::make_target(c.targets.at("jira"));
}

model::Draft draft(model::ItemState state = model::ItemState::open) {
    model::Draft d;
    d.external_id = "github:github.com/o/r#7";
    d.target = "jira";
    d.title = "Crash on start";
    d.body = "It *crashes*.";
    d.labels = {"bug", "good first issue"};
    d.state = state;
    d.url = "https://github.com/o/r/issues/7";
    return d;
}

// Sends each round of `op` through `client` until it is done.
// A create of `d` (which must outlive the call to write).
targets::Change create_of(const model::Draft& d) {
    targets::Change c;
    c.draft = &d;
    return c;
}

// A move of `item` to the state of `d`, writing no field.
targets::Change move_of(const targets::TargetRef& item, const model::Draft& d) {
    targets::Change c;
    c.draft = &d;
    c.item = item;
    c.fields = 0;
    c.move_state = true;
    return c;
}

std::string url(const std::string& path) { return k_base + path; }

} // namespace

TEST_SUITE_BEGIN("targets.jira");

TEST_CASE("a create carries the marker label and the property in the same call") {
    targets::jira::Context context;
    context.project = "SUP";
    context.issue_type = "Task";
    const std::string body = targets::jira::create_body(context, draft());
    simdjson::dom::parser parser;
    const auto doc = parser.parse(body);
    CHECK(doc["fields"]["project"]["key"].get_string().value() == "SUP");
    CHECK(doc["fields"]["summary"].get_string().value() == "Crash on start");
    CHECK(doc["fields"]["description"]["type"].get_string().value() == "doc");
    std::vector<std::string> labels;
    for (auto l : doc["fields"]["labels"].get_array()) {
        labels.emplace_back(l.get_string().value());
    }
    CHECK(labels ==
          std::vector<std::string>{"bug", "good_first_issue", targets::jira::marker_label(draft().external_id)});
    CHECK(targets::jira::marker_label("github:github.com/o/r#7").starts_with("issuebridge-"));
    CHECK(doc["properties"].at(0)["key"].get_string().value() == "issuebridge");
    CHECK(doc["properties"].at(0)["value"]["externalId"].get_string().value() == "github:github.com/o/r#7");
}

TEST_CASE("an update sends only the fields that changed") {
    const std::string body = targets::jira::update_body(targets::jira::Context{}, draft(), model::Field::title);
    CHECK(body == R"({"fields":{"summary":"Crash on start"}})");
    const std::string assignee = targets::jira::update_body(targets::jira::Context{}, draft(), model::Field::assignee);
    CHECK(assignee == R"({"fields":{"assignee":null}})");
}

TEST_CASE("labels are added and removed, never set, so labels added by hand stay") {
    using targets::jira::marker_label;
    const std::string marker = marker_label(draft().external_id);
    // What was written last is known: only those the draft dropped are removed.
    CHECK(targets::jira::update_body(targets::jira::Context{}, draft(), model::Field::labels, R"(["bug","wontfix"])") ==
          R"({"fields":{},"update":{"labels":[{"remove":"wontfix"},{"add":"bug"},{"add":"good_first_issue"},)"
          R"({"add":")" +
              marker + R"("}]}})");
    // Unknown (an adopted item), or a memo that is not such an array: nothing is removed.
    CHECK(targets::jira::update_body(targets::jira::Context{}, draft(), model::Field::labels, "[1]") ==
          targets::jira::update_body(targets::jira::Context{}, draft(), model::Field::labels));
    CHECK(targets::jira::update_body(targets::jira::Context{}, draft(), model::Field::labels) ==
          R"({"fields":{},"update":{"labels":[{"add":"bug"},{"add":"good_first_issue"},{"add":")" + marker +
              R"("}]}})");
    // A label written under another spelling of the same Jira label is not removed.
    CHECK(targets::jira::update_body(targets::jira::Context{}, draft(), model::Field::labels, R"(["good first issue"])")
              .find("remove") == std::string::npos);
}

TEST_CASE("Jira's error bodies become one line naming the fields") {
    CHECK(targets::jira::error_text(
              R"({"errorMessages":["Nope."],"errors":{"summary":"You must specify a summary."}})") ==
          "Nope.; summary: You must specify a summary.");
    CHECK(targets::jira::error_text("<html>oops</html>") == "<html>oops</html>");
}

TEST_CASE("a closed item is created, then moved through the configured transition") {
    auto target = jira();
    FakeClient client;
    client.on("POST", url("/rest/api/3/issue"),
              FakeClient::response(201, R"({"id":"10001","key":"SUP-1","self":"x"})"));
    client.on("GET", url("/rest/api/3/issue/10001/transitions"),
              FakeClient::response(200, R"({"transitions":[{"id":"21","name":"In Progress","to":{"name":"In Progress"}},
                                                             {"id":"31","name":"Done","to":{"name":"Done"}}]})"));
    client.on("POST", url("/rest/api/3/issue/10001/transitions"), FakeClient::response(204));
    auto op = target->write(create_of(draft(model::ItemState::closed)));
    drive(*op, client);
    const auto& r = op->result();
    CHECK_FALSE(r.failure);
    REQUIRE(r.ref);
    CHECK(r.ref->key == "SUP-1");
    CHECK(r.ref->url == "https://example.atlassian.net/browse/SUP-1");
    CHECK(r.fields_applied);
    CHECK(r.state_applied);
    CHECK_FALSE(r.shown_state); // the draft's, as applied
    CHECK(r.memo ==
          R"(["bug","good first issue"])"); // the labels written, before to_label, as a later write reads them
    REQUIRE(client.calls().size() == 3);
    CHECK(client.calls()[2].body == R"({"transition":{"id":"31"}})");
    // Basic auth from the environment; the token never in a URL.
    const auto& auth = client.calls()[0].headers;
    CHECK(std::find(auth.begin(), auth.end(),
                    std::pair<std::string, std::string>{"Authorization",
                                                        "Basic bWVAZXhhbXBsZS5jb206c2VjcmV0LXRva2Vu"}) != auth.end());
}

TEST_CASE("once a create has moved its new item, later creates of closed items carry the transition: one request") {
    auto target = jira();
    FakeClient client;
    const std::string listed = R"({"transitions":[{"id":"31","name":"Done","to":{"name":"Done"}}]})";
    client.on("POST", url("/rest/api/3/issue"), FakeClient::response(201, R"({"id":"10001","key":"SUP-1"})"));
    client.on("GET", url("/rest/api/3/issue/10001/transitions"), FakeClient::response(200, listed));
    client.on("POST", url("/rest/api/3/issue/10001/transitions"), FakeClient::response(204));
    const model::Draft closed = draft(model::ItemState::closed);
    auto first = target->write(create_of(closed));
    drive(*first, client);
    REQUIRE(first->result().state_applied);
    CHECK(client.calls().front().body.find("\"transition\"") == std::string::npos); // nothing learnt yet

    // Carried, and the answer says it went through: one request, the item closed.
    client.on("POST", url("/rest/api/3/issue"),
              FakeClient::response(201, R"({"id":"10002","key":"SUP-2","transition":{"status":200,)"
                                        R"("errorCollection":{"errorMessages":[],"errors":{}}}})"));
    auto second = target->write(create_of(closed));
    drive(*second, client);
    REQUIRE(client.calls().size() == 4);
    CHECK(client.calls()[3].body.ends_with(R"(,"transition":{"id":"31"}})"));
    CHECK(second->result().state_applied);
    CHECK_FALSE(second->result().shown_state);
    // An open draft never carries it.
    client.on("POST", url("/rest/api/3/issue"), FakeClient::response(201, R"({"id":"10003","key":"SUP-3"})"));
    auto open = target->write(create_of(draft()));
    drive(*open, client);
    CHECK(client.calls().back().body.find("\"transition\"") == std::string::npos);

    // Carried, but the answer does not say it went through: the item is moved as before.
    client.on("POST", url("/rest/api/3/issue"), FakeClient::response(201, R"({"id":"10004","key":"SUP-4"})"));
    client.on("POST", url("/rest/api/3/issue/10004/transitions"), FakeClient::response(204));
    auto unsaid = target->write(create_of(closed));
    drive(*unsaid, client);
    CHECK(unsaid->result().state_applied);
    CHECK(client.calls().back().url == url("/rest/api/3/issue/10004/transitions"));

    // Refused for the transition (the workflow changed): sent again without, and the transition learnt anew.
    const auto before = client.calls().size();
    client.on("POST", url("/rest/api/3/issue"),
              FakeClient::response(400, R"({"errorMessages":["Transition id '31' is not valid for this issue."]})"));
    client.on("POST", url("/rest/api/3/issue"), FakeClient::response(201, R"({"id":"10005","key":"SUP-5"})"));
    client.on("POST", url("/rest/api/3/issue/10005/transitions"), FakeClient::response(204));
    auto refused = target->write(create_of(closed));
    drive(*refused, client);
    CHECK_FALSE(refused->result().failure);
    CHECK(refused->result().state_applied);
    REQUIRE(client.calls().size() == before + 3);
    CHECK(client.calls()[before + 1].body.find("\"transition\"") == std::string::npos);
    CHECK(refused->result().ref->key == "SUP-5");
}

TEST_CASE("a transition that is not offered is an error naming it, unless the item is there already") {
    auto target = jira();
    const targets::TargetRef item{"10002", "SUP-2", ""};
    const std::string transitions = R"({"transitions":[{"id":"11","name":"To Do","to":{"name":"To Do"}}]})";
    SUBCASE("not there") {
        FakeClient client;
        client.on("GET", url("/rest/api/3/issue/10002/transitions"), FakeClient::response(200, transitions));
        client.on("GET", url("/rest/api/3/issue/10002?fields=status"),
                  FakeClient::response(200, R"({"fields":{"status":{"statusCategory":{"key":"new"}}}})"));
        auto op = target->write(move_of(item, draft(model::ItemState::closed)));
        drive(*op, client);
        REQUIRE(op->result().failure);
        CHECK(op->result().failure->message ==
              "transition 'Done' is not available for SUP-2; it offers: To Do -> To Do");
        CHECK_FALSE(op->result().state_applied);
    }
    SUBCASE("closed by hand already") {
        FakeClient client;
        client.on("GET", url("/rest/api/3/issue/10002/transitions"), FakeClient::response(200, transitions));
        client.on("GET", url("/rest/api/3/issue/10002?fields=status"),
                  FakeClient::response(200, R"({"fields":{"status":{"statusCategory":{"key":"done"}}}})"));
        auto op = target->write(move_of(item, draft(model::ItemState::closed)));
        drive(*op, client);
        CHECK_FALSE(op->result().failure);
        CHECK(op->result().state_applied);
    }
}

TEST_CASE("a create without an answer is unknown; a refused one is not") {
    auto target = jira();
    FakeClient client;
    client.on("POST", url("/rest/api/3/issue"), util::Failure{util::Failure::Kind::timeout, "timed out", 0});
    client.on(
        "POST", url("/rest/api/3/issue"),
        FakeClient::response(400, R"({"errorMessages":[],"errors":{"labels":"The label 'a b' contains spaces"}})"));
    client.on("POST", url("/rest/api/3/issue"), FakeClient::response(502, "bad gateway"));
    auto timed_out = target->write(create_of(draft()));
    drive(*timed_out, client);
    CHECK(timed_out->result().outcome_unknown);
    auto refused = target->write(create_of(draft()));
    drive(*refused, client);
    CHECK_FALSE(refused->result().outcome_unknown);
    CHECK(refused->result().failure->message ==
          "create in project 'SUP': jira answered 400: labels: The label 'a b' contains spaces");
    auto gateway = target->write(create_of(draft()));
    drive(*gateway, client);
    CHECK(gateway->result().outcome_unknown);
}

TEST_CASE("a create refused for the project or issue type is a setting to fix, for every item alike") {
    auto target = jira();
    FakeClient client;
    client.on("POST", url("/rest/api/3/issue"),
              FakeClient::response(400, R"({"errorMessages":[],"errors":{"issuetype":"Specify a valid issue type"}})"));
    client.on(
        "POST", url("/rest/api/3/issue"),
        FakeClient::response(
            400, R"({"errorMessages":[],"errors":{"summary":"too long","project":"valid project is required"}})"));
    client.on("POST", url("/rest/api/3/issue"),
              FakeClient::response(
                  400, R"({"errorMessages":[],"errors":{"summary":"You must specify a summary of the issue."}})"));
    auto issue_type = target->write(create_of(draft()));
    drive(*issue_type, client);
    REQUIRE(issue_type->result().failure);
    CHECK(issue_type->result().failure->kind == util::Failure::Kind::config);
    CHECK(issue_type->result().failure->message == "create in project 'SUP': jira answered 400: issuetype: Specify a "
                                                   "valid issue type (check issue_type in target 'jira')");
    auto project = target->write(create_of(draft()));
    drive(*project, client);
    CHECK(project->result().failure->kind == util::Failure::Kind::config);
    CHECK(project->result().failure->message.ends_with("(check project in target 'jira')"));
    auto summary = target->write(create_of(draft()));
    drive(*summary, client);
    CHECK(summary->result().failure->kind == util::Failure::Kind::http);
    for (const char* body : {"", "[]", "{\"errors\":[\"issuetype\"]}", "{\"errors\":{\"issuetype\":", "<html>"}) {
        CAPTURE(body);
        CHECK(targets::jira::refused_setting(body).empty());
    }
}

TEST_CASE("markers are found by JQL on their labels, across pages, and checked against the property") {
    auto target = jira();
    FakeClient client;
    const std::string a = "github:github.com/o/r#1";
    const std::string b = "github:github.com/o/r#2";
    const auto issue = [](const std::string& id, const std::string& key, const std::string& label,
                          const std::string& property, const char* category) {
        return R"({"id":")" + id + R"(","key":")" + key + R"(","fields":{"labels":["x",")" + label +
               R"("],"status":{"statusCategory":{"key":")" + category +
               R"("}}},"properties":{"issuebridge":{"externalId":")" + property + R"("}}})";
    };
    using targets::jira::marker_label;
    client.on("POST", url("/rest/api/3/search/jql"),
              FakeClient::response(200, R"({"issues":[)" + issue("10009", "SUP-9", marker_label(a), a, "done") +
                                            R"(],"nextPageToken":"p2","isLast":false})"));
    client.on(
        "POST", url("/rest/api/3/search/jql"),
        FakeClient::response(200, R"({"issues":[)" + issue("10003", "SUP-3", marker_label(a), a, "new") + "," +
                                      issue("10004", "SUP-4", marker_label(b), "github:github.com/other#2", "new") +
                                      R"(],"isLast":true})"));
    auto find = target->find({{a}, {b}});
    drive(*find, client);
    CHECK_FALSE(find->result().failure);
    REQUIRE(find->found().size() == 2);         // the label of b matched by hash only: its property says otherwise
    CHECK(find->found()[0].ref.key == "SUP-3"); // oldest first
    CHECK(find->found()[1].ref.key == "SUP-9");
    CHECK(find->found()[1].state == model::ItemState::closed);
    CHECK(client.calls()[1].body.find(R"("nextPageToken":"p2")") != std::string::npos);
    CHECK(client.calls()[0].body.find("labels in (") != std::string::npos);
}

TEST_CASE("a lookup sends its queries, one per 50 markers, in one round; each then follows its own pages") {
    auto target = jira();
    std::vector<targets::Sought> ids;
    for (int i = 0; i < 120; ++i) {
        ids.push_back({"github:github.com/o/r#" + std::to_string(i)});
    }
    auto find = target->find(ids);
    REQUIRE_FALSE(find->done());
    const auto first = find->next();
    REQUIRE(first.size() == 3);
    std::size_t markers = 0;
    for (const auto& r : first) {
        CHECK(r.url == url("/rest/api/3/search/jql"));
        for (auto at = r.body.find("issuebridge-"); at != std::string::npos; at = r.body.find("issuebridge-", at + 1)) {
            ++markers;
        }
    }
    CHECK(markers == 120);
    const auto issue = [&](const std::string& id, int n) {
        const std::string external_id = ids[static_cast<std::size_t>(n)].external_id;
        return R"({"id":")" + id + R"(","key":"SUP-)" + id + R"(","fields":{"labels":[")" +
               targets::jira::marker_label(external_id) +
               R"("],"status":{"statusCategory":{"key":"new"}}},)"
               R"("properties":{"issuebridge":{"externalId":")" +
               external_id + R"("}}})";
    };
    // Answered out of order; the second query has a second page.
    find->on_outcome(2, FakeClient::response(200, R"({"issues":[)" + issue("10010", 119) + "]}"));
    find->on_outcome(1, FakeClient::response(200, R"({"issues":[)" + issue("9999", 60) + R"(],"nextPageToken":"p2"})"));
    find->on_outcome(0, FakeClient::response(200, R"({"issues":[]})"));
    REQUIRE_FALSE(find->done());
    const auto second = find->next();
    REQUIRE(second.size() == 1);
    CHECK(second[0].body.find(R"("nextPageToken":"p2")") != std::string::npos);
    find->on_outcome(0, FakeClient::response(200, R"({"issues":[)" + issue("10001", 61) + "]}"));
    REQUIRE(find->done());
    CHECK_FALSE(find->result().failure);
    REQUIRE(find->found().size() == 3);
    CHECK(find->found()[0].ref.id == "9999"); // oldest first, whichever query found it
    CHECK(find->found()[1].ref.id == "10001");
    CHECK(find->found()[2].ref.id == "10010");
}

TEST_CASE("a read back sends its bulk fetches, 100 ids each, in one round") {
    auto target = jira();
    std::vector<model::Draft> drafts(250, draft());
    std::vector<targets::Expectation> items;
    for (std::size_t i = 0; i < drafts.size(); ++i) {
        items.push_back({std::to_string(10000 + i), &drafts[i]});
    }
    auto read = target->inspect(items);
    REQUIRE_FALSE(read->done());
    const auto round = read->next();
    CHECK(round.size() == 3);
    for (std::size_t i = 0; i < round.size(); ++i) {
        read->on_outcome(i, FakeClient::response(i == 1 ? 500 : 200, R"({"issues":[]})"));
    }
    CHECK(read->done());
    CHECK_FALSE(read->result().failure);
    REQUIRE(read->inspected().size() == 100); // the failed batch's items name the error; the others are absent
    CHECK(read->inspected().begin()->first == "10100");
}

TEST_CASE("two ADF documents are the same whatever the order of members, and Jira's localIds") {
    using targets::jira::same_document;
    CHECK(same_document(R"({"type":"doc","version":1,"content":[]})", R"({"version":1,"content":[],"type":"doc"})"));
    CHECK(same_document(R"({"type":"table","attrs":{"layout":"default"}})",
                        R"({"type":"table","attrs":{"layout":"default","localId":"a1b2"}})"));
    CHECK(same_document(R"({"level":1})", R"({"level":1.0})"));
    CHECK_FALSE(same_document(R"({"type":"text","text":"a"})", R"({"type":"text","text":"b"})"));
    CHECK_FALSE(same_document(R"({"content":[1,2]})", R"({"content":[2,1]})"));
    CHECK_FALSE(same_document(R"({"a":1})", R"({"a":1,"b":2})"));
    CHECK_FALSE(same_document(R"({"a":1})", "null"));
    CHECK_FALSE(same_document("{", "{"));
}

namespace {

// An issue of a bulkfetch answer as issuebridge writes `d`; `summary` and `extra_label` stand for hand edits.
std::string shown_issue(const std::string& id, const std::string& key, const model::Draft& d,
                        const std::string& status_category, const std::string& summary = "",
                        const std::string& extra_label = "") {
    std::string labels;
    for (const auto& l : targets::jira::labels_of(d)) {
        labels += (labels.empty() ? "\"" : ",\"") + l + "\"";
    }
    if (!extra_label.empty()) {
        labels += ",\"" + extra_label + "\"";
    }
    return R"({"id":")" + id + R"(","key":")" + key + R"(","fields":{"summary":")" +
           (summary.empty() ? targets::jira::summary_of(d) : summary) + R"(","description":)" +
           targets::jira::description_of(targets::jira::k_cloud, d) + R"(,"labels":[)" + labels +
           R"(],"assignee":null,"status":{"name":"x","statusCategory":{"key":")" + status_category + R"("}}}})";
}

} // namespace

TEST_CASE("items are read back in bulk, 100 at a time, and compared with their drafts field by field") {
    auto target = jira();
    FakeClient client;
    const model::Draft same = draft();
    model::Draft other = draft(model::ItemState::closed);
    other.external_id = "github:github.com/o/r#8";
    std::vector<model::Draft> many(150, same);
    model::Draft relabelled = draft();
    relabelled.labels.push_back("p1");
    std::vector<targets::Expectation> items{{"10001", &same}, {"10002", &other}, {"10004", &relabelled}};
    for (std::size_t i = 0; i < many.size(); ++i) {
        items.push_back({std::to_string(20000 + i), &many[i]});
    }
    // 10001 shows its draft, with a label someone added; 10002 another title, open; 10003 is gone; 20005 failed.
    client.on("POST", url("/rest/api/3/issue/bulkfetch"),
              FakeClient::response(200, R"({"issues":[)" + shown_issue("10001", "SUP-1", same, "new", "", "triaged") +
                                            "," + shown_issue("10002", "SUP-2", other, "indeterminate", "Old title") +
                                            "," + shown_issue("10004", "SUP-4", same, "new") +
                                            R"(],"issueErrors":[{"id":"20005","errorMessage":"Try again later."}]})"));
    client.on("POST", url("/rest/api/3/issue/bulkfetch"),
              FakeClient::response(200, R"({"issues":[)" + shown_issue("20140", "SUP-140", many[140], "new") + "]}"));
    auto op = target->inspect(items);
    drive(*op, client);
    CHECK_FALSE(op->result().failure);
    REQUIRE(client.calls().size() == 2);
    simdjson::dom::parser parser;
    CHECK(parser.parse(client.calls()[0].body)["issueIdsOrKeys"].get_array().size() == 100);
    CHECK(parser.parse(client.calls()[1].body)["issueIdsOrKeys"].get_array().size() == 53);
    CHECK(client.calls()[0].body.find(R"("fields":["summary","description","labels","assignee","status"])") !=
          std::string::npos);
    const auto& seen = op->inspected();
    REQUIRE(seen.count("10001") == 1);
    CHECK(seen.at("10001").differs == 0);
    CHECK(seen.at("10001").state == model::ItemState::open);
    CHECK(seen.at("10001").ref.key == "SUP-1");
    REQUIRE(seen.count("10002") == 1);
    CHECK(seen.at("10002").differs == model::Field::title);
    CHECK(seen.at("10002").state == model::ItemState::open);
    CHECK(seen.count("10003") == 0);
    // The memo: the draft's labels when the item carries them all (a hand-added one aside), else unknown.
    CHECK(seen.at("10001").memo == R"(["bug","good first issue"])");
    CHECK(seen.at("10002").memo == targets::jira::labels_memo(other));
    CHECK(seen.at("10004").differs == model::Field::labels);
    CHECK(seen.at("10004").memo.empty());
    CHECK(seen.at("20005").error == "jira: Try again later.");
    CHECK(seen.at("20005").memo.empty());
    CHECK(seen.at("20140").differs == 0);
}

TEST_CASE("a read-back answer that is malformed fails its batch naming the field; a refused token fails it all") {
    auto target = jira();
    const model::Draft d = draft();
    std::vector<targets::Expectation> items{{"10001", &d}};
    {
        FakeClient client;
        client.on("POST", url("/rest/api/3/issue/bulkfetch"),
                  FakeClient::response(200, R"({"issues":[{"id":"10001","key":"SUP-1","fields":{"summary":7}}]})"));
        auto op = target->inspect(items);
        drive(*op, client);
        CHECK_FALSE(op->result().failure);
        CHECK(op->inspected().at("10001").error ==
              "jira bulkfetch answer: field 'issues[].fields.summary' is malformed");
    }
    {
        FakeClient client;
        client.on("POST", url("/rest/api/3/issue/bulkfetch"), FakeClient::response(200, R"({"issues":[{"id":"1)"));
        auto op = target->inspect(items);
        drive(*op, client);
        CHECK(op->inspected().at("10001").error == "jira bulkfetch answer: field 'issues' is malformed");
    }
    {
        FakeClient client;
        client.on("POST", url("/rest/api/3/issue/bulkfetch"), FakeClient::response(401, "{}"));
        auto op = target->inspect(items);
        drive(*op, client);
        REQUIRE(op->result().failure);
        CHECK(op->result().failure->kind == util::Failure::Kind::auth);
    }
}

TEST_CASE("a probe signs in, reads the project and wants the configured issue type") {
    auto target = jira();
    const std::string myself = R"({"accountId":"5b10","displayName":"Dana Developer","active":true})";
    {
        FakeClient client;
        client.on("GET", url("/rest/api/3/myself"), FakeClient::response(200, myself));
        client.on("GET", url("/rest/api/3/project/SUP"),
                  FakeClient::response(200, R"({"id":"10000","key":"SUP","name":"Support","issueTypes":[)"
                                            R"({"id":"1","name":"Bug"},{"id":"2","name":"Task"}]})"));
        auto op = target->probe();
        drive(*op, client);
        CHECK_FALSE(op->result().failure);
        CHECK(op->summary() ==
              "signed in as Dana Developer with basic auth as me@example.com; project SUP (Support), issue type Task");
    }
    {
        FakeClient client;
        client.on("GET", url("/rest/api/3/myself"), FakeClient::response(200, myself));
        client.on("GET", url("/rest/api/3/project/SUP"),
                  FakeClient::response(200, R"({"name":"Support","issueTypes":[{"name":"Bug"},{"name":"Tasks"}]})"));
        auto op = target->probe();
        drive(*op, client);
        REQUIRE(op->result().failure);
        CHECK(op->result().failure->message ==
              "project 'SUP' has no issue type 'Task' (it has Bug, Tasks); did you mean 'Tasks'?");
    }
    {
        FakeClient client;
        client.on("GET", url("/rest/api/3/myself"), FakeClient::response(200, myself));
        client.on("GET", url("/rest/api/3/project/SUP"),
                  FakeClient::response(404, R"({"errorMessages":["No project could be found with key 'SUP'."]})"));
        auto op = target->probe();
        drive(*op, client);
        REQUIRE(op->result().failure);
        CHECK(op->result().failure->message == "project 'SUP' does not exist or this user cannot see it");
    }
    {
        FakeClient client;
        client.on("GET", url("/rest/api/3/myself"), FakeClient::response(401, "{}"));
        auto op = target->probe();
        drive(*op, client);
        REQUIRE(op->result().failure);
        CHECK(op->result().failure->kind == util::Failure::Kind::auth);
        CHECK(client.calls().size() == 1); // nothing more is asked once refused
    }
}

TEST_CASE("an error body that is not valid JSON is shown as it came, and never crashes") {
    // {""::} once crashed the error-text reader and left a whole batch of rows 'creating'.
    for (const char* body : {R"({""::})", R"({"errorMessages":["a"""],"errors":{}})", R"({"errors":{"a":"b",}})",
                             R"({"errorMessages":["x"]}})"}) {
        CAPTURE(body);
        CHECK(targets::jira::error_text(body) == body);
    }
    auto target = jira();
    FakeClient client;
    client.on("POST", url("/rest/api/3/issue"), FakeClient::response(400, R"({""::})"));
    auto op = target->write(create_of(draft()));
    drive(*op, client);
    REQUIRE(op->result().failure);
    CHECK(op->result().failure->message == R"(create in project 'SUP': jira answered 400: {""::})");
    CHECK_FALSE(op->result().outcome_unknown);
}

TEST_CASE("a search answer that is not valid JSON fails the lookup naming the answer, and never crashes") {
    auto target = jira();
    const std::string id = "github:github.com/o/r#1";
    for (const std::string& body :
         {std::string(
              R"({"issues":[{"id":"1","key":"A-1","fields":{"labels":[],"status":{"statusCategory":{"se"}}}}]})"),
          R"({"issues":[{"id":"1","key":"A-1","fields":{"labels":[")" + targets::jira::marker_label(id) + R"("]}}],)",
          std::string(R"({"issues":[],"nextPageToken":"a""})")}) {
        CAPTURE(body);
        FakeClient client;
        client.on("POST", url("/rest/api/3/search/jql"), FakeClient::response(200, body));
        auto find = target->find({{id}});
        drive(*find, client);
        REQUIRE(find->result().failure);
        CHECK(find->result().failure->kind == util::Failure::Kind::parse);
        CHECK(find->result().failure->message == "jira search answer: the body is not valid JSON");
        CHECK(find->found().empty());
    }
    FakeClient client;
    client.on("POST", url("/rest/api/3/search/jql"),
              FakeClient::response(200, R"({"issues":[{"id":"1","key":"A-1"}]})"));
    auto find = target->find({{id}});
    drive(*find, client);
    REQUIRE(find->result().failure);
    CHECK(find->result().failure->message == "jira search answer: field 'issues[].fields.labels' is malformed");
}

TEST_CASE("create, transition and probe answers that are not valid JSON fail that request, naming the answer") {
    {
        auto target = jira();
        FakeClient client;
        client.on("POST", url("/rest/api/3/issue"), FakeClient::response(201, R"({"id":"10001","key":"SUP-1""})"));
        auto op = target->write(create_of(draft()));
        drive(*op, client);
        REQUIRE(op->result().failure);
        CHECK(op->result().failure->message == "jira create answer: the body is not valid JSON");
        CHECK(op->result().outcome_unknown); // created, perhaps: the marker finds it
    }
    {
        auto target = jira();
        FakeClient client;
        client.on("GET", url("/rest/api/3/issue/10002/transitions"),
                  FakeClient::response(200, R"({"transitions":[{"id":"11","name":"Done",}]})"));
        auto op = target->write(move_of({"10002", "SUP-2", ""}, draft(model::ItemState::closed)));
        drive(*op, client);
        REQUIRE(op->result().failure);
        CHECK(op->result().failure->message == "jira transitions of SUP-2: the body is not valid JSON");
    }
    {
        auto target = jira(); // learns no transition id from the block above
        FakeClient client;
        client.on("GET", url("/rest/api/3/issue/10002/transitions"),
                  FakeClient::response(200, R"({"transitions":[]})"));
        client.on("GET", url("/rest/api/3/issue/10002?fields=status"),
                  FakeClient::response(200, R"({"fields":{"status":{"statusCategory":{"key":"done"}}}}})"));
        auto op = target->write(move_of({"10002", "SUP-2", ""}, draft(model::ItemState::closed)));
        drive(*op, client);
        REQUIRE(op->result().failure);
        CHECK(op->result().failure->message == "jira issue SUP-2: the body is not valid JSON");
    }
    for (const auto& [myself, project, message] :
         {std::tuple{R"({"displayName":"a""})", "", "jira myself answer: the body is not valid JSON"},
          std::tuple{R"({"displayName":"Dana"})", R"({"name":"S","issueTypes":[{"name":"Task"},{"name"}]})",
                     "jira project answer: the body is not valid JSON"}}) {
        CAPTURE(project);
        auto target = jira();
        FakeClient client;
        client.on("GET", url("/rest/api/3/myself"), FakeClient::response(200, myself));
        client.on("GET", url("/rest/api/3/project/SUP"), FakeClient::response(200, project));
        auto op = target->probe();
        drive(*op, client);
        REQUIRE(op->result().failure);
        CHECK(op->result().failure->message == message);
    }
}

TEST_SUITE_END();
