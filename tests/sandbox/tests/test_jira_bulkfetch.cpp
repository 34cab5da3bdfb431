#include "sandbox_process.hpp"

#include <doctest/doctest.h>

using namespace issuebridge::sandbox;
using namespace issuebridge::sandbox::test;

namespace {

constexpr const char* k_path = "/rest/api/3/issue/bulkfetch";

void create(const SandboxProcess& sb, const std::string& summary) {
    const auto r =
        sb.jira("POST", "/rest/api/3/issue",
                R"({"fields":{"project":{"key":"SUP"},"issuetype":{"name":"Task"},"summary":")" +
                    summary + R"(","labels":["xsync-)" + summary +
                    R"("],"description":{"type":"doc","version":1,"content":[]},)" +
                    R"("assignee":{"accountId":"5b10ac8d82e05b22cc7d4ef5"}},)" +
                    R"("properties":[{"key":"xsync","value":{"id":")" + summary + R"("}}]})");
    REQUIRE(r);
    REQUIRE(r->status == 201);
}

std::vector<std::string> ids(const Json& result) {
    std::vector<std::string> out;
    for (const auto& issue : at(result, "issues").as_array()) {
        out.push_back(at(issue, "id").as_string());
    }
    return out;
}

// A body naming `count` issues, SUP-1, SUP-2, ...
std::string many(int count) {
    Json::Array names;
    for (int i = 1; i <= count; ++i) {
        names.emplace_back("SUP-" + std::to_string(i));
    }
    return dump(Json(Json::Object{{"issueIdsOrKeys", Json(names)}}));
}

} // namespace

TEST_SUITE_BEGIN("sandbox.jira");

TEST_CASE(
    "bulk fetch returns ids and keys (any case) once each, by ascending id - unknown ones are "
    "left out") {
    SandboxProcess sb;
    for (const char* summary : {"one", "two", "three"}) {
        create(sb, summary);
    }
    const auto r = sb.jira(
        "POST", k_path,
        R"({"issueIdsOrKeys":["SUP-3","10000","sup-2","10000","SUP-99","99999","NOPE-1","12345678901234567890123"],)"
        R"("fields":["summary","description","labels","assignee","status"],"properties":["xsync"]})");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "application/json;charset=UTF-8");
    const Json result = body_json(r);
    CHECK(ids(result) == std::vector<std::string>{"10000", "10001", "10002"});
    CHECK(dump(at(result, "issueErrors")) == "[]");
    CHECK(result.as_object().size() == 2); // issues and issueErrors only, as the schema allows

    const Json& third = at(at(result, "issues"), 2);
    CHECK(at(third, "key").as_string() == "SUP-3");
    CHECK(at(third, "self").as_string() == sb.origin() + "/rest/api/3/issue/10002");
    const Json& fields = at(third, "fields");
    CHECK(fields.as_object().size() == 5);
    CHECK(at(fields, "summary").as_string() == "three");
    CHECK(dump(at(fields, "description")) == R"({"type":"doc","version":1,"content":[]})");
    CHECK(dump(at(fields, "labels")) == R"(["xsync-three"])");
    CHECK(at(at(fields, "assignee"), "accountId").as_string() == "5b10ac8d82e05b22cc7d4ef5");
    CHECK(at(at(fields, "status"), "name").as_string() == "To Do");
    CHECK(dump(at(third, "properties")) == R"({"xsync":{"id":"three"}})");

    // Without `fields`, every (navigable) field; without `properties`, none.
    const Json all = body_json(sb.jira("POST", k_path, R"({"issueIdsOrKeys":["SUP-1"]})"));
    const Json& bean = at(at(all, "issues"), 0);
    CHECK(at(at(at(bean, "fields"), "issuetype"), "name").as_string() == "Task");
    CHECK(at(at(at(bean, "fields"), "project"), "key").as_string() == "SUP");
    CHECK(bean.get("properties") == nullptr);

    // Only unknown names: 200 with nothing in either list.
    const Json none = body_json(sb.jira("POST", k_path, R"({"issueIdsOrKeys":["SUP-9"]})"));
    CHECK(dump(none) == R"({"issues":[],"issueErrors":[]})");
}

TEST_CASE("bulk fetch answers 400 for more than 100 names, no names and unknown body keys") {
    SandboxProcess sb;
    create(sb, "one");
    const auto hundred = sb.jira("POST", k_path, many(100));
    REQUIRE(hundred);
    CHECK(hundred->status == 200);
    CHECK(ids(body_json(hundred)) == std::vector<std::string>{"10000"});
    CHECK(first_error(sb.jira("POST", k_path, many(101))) == "You can request up to 100 issues.");

    const std::string invalid =
        "Invalid request payload. Refer to the REST API documentation and try again.";
    CHECK(first_error(sb.jira("POST", k_path, R"({"issueIdsOrKeys":["SUP-1"],"jql":"x"})")) ==
          invalid);
    CHECK(first_error(sb.jira("POST", k_path, R"({"issueIdsOrKeys":[10000]})")) == invalid);
    CHECK(first_error(sb.jira("POST", k_path, R"({"issueIdsOrKeys":["SUP-1"],"fields":"x"})")) ==
          invalid);
    CHECK(first_error(sb.jira("POST", k_path, "{")) == invalid);
    for (const char* body : {"{}", R"({"issueIdsOrKeys":[]})", R"({"fields":["summary"]})"}) {
        CAPTURE(body);
        CHECK(first_error(sb.jira("POST", k_path, body)) ==
              "At least one issue ID or key is required.");
    }
    CHECK(first_error(
              sb.jira("POST", k_path,
                      R"({"issueIdsOrKeys":["SUP-1"],"properties":["a","b","c","d","e","f"]})")) ==
          "A maximum of 5 issue property keys can be specified.");
    // Every field of the spec's request example is accepted.
    const auto example = sb.jira(
        "POST", k_path,
        R"({"expand":["names"],"fields":["summary","project","assignee"],"fieldsByKeys":false,)"
        R"("issueIdsOrKeys":["SUP-1"],"properties":[]})");
    REQUIRE(example);
    CHECK(example->status == 200);
}

TEST_CASE("bulk fetch needs basic auth and is counted under its own route") {
    SandboxProcess sb;
    create(sb, "one");
    const auto r = sb.client()->Post(k_path, R"({"issueIdsOrKeys":["SUP-1"]})", "application/json");
    REQUIRE(r);
    CHECK(r->status == 401);
    CHECK(r->get_header_value("X-Seraph-LoginReason") == "AUTHENTICATED_FAILED");
    REQUIRE(sb.jira("POST", k_path, R"({"issueIdsOrKeys":["SUP-1"]})")->status == 200);
    const Json counts = sb.admin_ok("GET", "/_sandbox/requests");
    CHECK(dump(at(at(counts, "jira"), "POST /rest/api/3/issue/bulkfetch")) ==
          R"({"count":2,"by_status":{"200":1,"401":1}})");
}

TEST_CASE("bulk fetch reads the issues as they are now, not the lagging search index") {
    SandboxProcess sb;
    sb.admin_ok("POST", "/_sandbox/clock", R"({"freeze": true, "set": "2024-05-10T08:00:00Z"})");
    sb.admin_ok("POST", "/_sandbox/jira/search-lag", R"({"ms": 60000})");
    create(sb, "fresh");
    const Json search = body_json(
        sb.jira("POST", "/rest/api/3/search/jql", R"({"jql":"project = SUP","fields":["key"]})"));
    CHECK(at(search, "issues").as_array().empty());
    const Json fetched =
        body_json(sb.jira("POST", k_path, R"({"issueIdsOrKeys":["SUP-1"],"fields":["summary"]})"));
    CHECK(ids(fetched) == std::vector<std::string>{"10000"});
    CHECK(at(at(at(at(fetched, "issues"), 0), "fields"), "summary").as_string() == "fresh");
}

TEST_SUITE_END();
