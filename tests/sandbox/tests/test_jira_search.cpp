#include "sandbox_process.hpp"

#include "issuebridge/util/strings.hpp"

#include <doctest/doctest.h>

using namespace issuebridge::sandbox;
using namespace issuebridge::sandbox::test;

namespace {

std::string create(const SandboxProcess& sb, const std::string& summary,
                   const std::string& labels = "[]") {
    const auto r =
        sb.jira("POST", "/rest/api/3/issue",
                R"({"fields":{"project":{"key":"SUP"},"issuetype":{"name":"Task"},"summary":")" +
                    summary + R"(","labels":)" + labels + "}}");
    REQUIRE(r);
    REQUIRE(r->status == 201);
    return at(body_json(r), "key").as_string();
}

httplib::Result search_get(const SandboxProcess& sb, const std::string& jql,
                           const std::string& extra = "") {
    return sb.jira("GET",
                   "/rest/api/3/search/jql?jql=" + issuebridge::util::url_encode(jql) + extra);
}

std::vector<std::string> keys(const Json& result) {
    std::vector<std::string> out;
    for (const auto& issue : at(result, "issues").as_array()) {
        out.push_back(at(issue, "key").as_string());
    }
    return out;
}

} // namespace

TEST_SUITE_BEGIN("sandbox.jira");

TEST_CASE("search pages with nextPageToken until isLast - the token is absent on the last page") {
    SandboxProcess sb;
    for (int i = 0; i < 5; ++i) {
        create(sb, "issue " + std::to_string(i), R"(["batch"])");
    }
    std::vector<std::string> seen;
    std::string token;
    int pages = 0;
    while (true) {
        Json::Object body{{"jql", Json("project = SUP AND labels = batch ORDER BY key ASC")},
                          {"maxResults", Json(2)},
                          {"fields", Json(Json::Array{Json("summary")})}};
        if (!token.empty()) {
            body.emplace_back("nextPageToken", Json(token));
        }
        const Json page =
            body_json(sb.jira("POST", "/rest/api/3/search/jql", dump(Json(std::move(body)))));
        const auto page_keys = keys(page);
        seen.insert(seen.end(), page_keys.begin(), page_keys.end());
        ++pages;
        if (at(page, "isLast").as_bool()) {
            CHECK(page.get("nextPageToken") == nullptr);
            break;
        }
        token = at(page, "nextPageToken").as_string();
        REQUIRE(pages < 10);
    }
    CHECK(pages == 3);
    CHECK(seen == std::vector<std::string>{"SUP-1", "SUP-2", "SUP-3", "SUP-4", "SUP-5"});
}

TEST_CASE("search returns ids only unless fields are asked for, and properties on request") {
    SandboxProcess sb;
    create(sb, "one");
    sb.jira("PUT", "/rest/api/3/issue/SUP-1/properties/xsync", R"({"id":1})");
    Json r = body_json(search_get(sb, "project = SUP"));
    CHECK(dump(r) == R"({"issues":[{"id":"10000"}],"isLast":true})");
    r = body_json(search_get(sb, "project = SUP", "&fields=key&properties=xsync"));
    CHECK(at(at(at(r, "issues"), 0), "key").as_string() == "SUP-1");
    CHECK(dump(at(at(at(r, "issues"), 0), "properties")) == R"({"xsync":{"id":1}})");
    r = body_json(search_get(sb, "project = SUP", "&fields=summary,status"));
    const Json& fields = at(at(at(r, "issues"), 0), "fields");
    CHECK(fields.as_object().size() == 2);
    CHECK(at(at(fields, "status"), "name").as_string() == "To Do");
}

TEST_CASE("the JQL subset: labels, IN lists, keys, status, dates, ORDER BY, quoting") {
    SandboxProcess sb;
    sb.admin_ok("POST", "/_sandbox/clock", R"({"freeze": true, "set": "2024-05-10T08:00:00Z"})");
    create(sb, "a", R"(["red"])");
    sb.admin_ok("POST", "/_sandbox/clock", R"({"advance_s": 172800})"); // two days later
    create(sb, "b", R"(["blue","red"])");
    create(sb, "c");
    REQUIRE(sb.jira("POST", "/rest/api/3/issue/SUP-3/transitions", R"({"transition":{"id":"31"}})")
                ->status == 204);
    const auto query = [&](const std::string& jql) {
        const auto r = search_get(sb, jql, "&fields=key");
        REQUIRE(r);
        INFO(jql, " -> ", r->body);
        REQUIRE(r->status == 200);
        return keys(body_json(r));
    };
    using Keys = std::vector<std::string>;
    CHECK(query("project = SUP") ==
          Keys{"SUP-3", "SUP-2", "SUP-1"}); // default order: key descending
    CHECK(query("project = sup AND labels = \"red\" ORDER BY key ASC") == Keys{"SUP-1", "SUP-2"});
    CHECK(query("labels in ('blue', \"nothing\")") == Keys{"SUP-2"});
    // != and NOT IN never match issues without labels, as in Jira.
    CHECK(query("project = SUP AND labels != red").empty());
    CHECK(query("project = SUP AND labels not in (blue)") == Keys{"SUP-1"});
    CHECK(query("key in (SUP-1, sup-3) order by key asc") == Keys{"SUP-1", "SUP-3"});
    CHECK(query("issuekey = SUP-2") == Keys{"SUP-2"});
    CHECK(query("project = SUP AND status = Done") == Keys{"SUP-3"});
    CHECK(query("project = SUP AND status in (\"To Do\", \"In Progress\") ORDER BY created DESC") ==
          Keys{"SUP-2", "SUP-1"});
    CHECK(query("project = SUP AND updated >= \"2024-05-12 08:00\" ORDER BY key ASC") ==
          Keys{"SUP-2", "SUP-3"});
    CHECK(query("project = SUP AND updated < \"2024/05/11\"") == Keys{"SUP-1"});
    CHECK(query("project = SUP AND created >= -1d ORDER BY key ASC") == Keys{"SUP-2", "SUP-3"});
    CHECK(query("project = SUP AND created <= '-1d'") == Keys{"SUP-1"});
    CHECK(query("project = SUP AND updated >= \"-2d 1h\" ORDER BY updated ASC, key DESC") ==
          Keys{"SUP-1", "SUP-3", "SUP-2"});
    CHECK(query("project = SUP AND updated >= \"-1d 23h\"") == Keys{"SUP-3", "SUP-2"});
}

TEST_CASE("JQL problems are 400 with Jira's messages") {
    SandboxProcess sb;
    create(sb, "a");
    CHECK(first_error(search_get(sb, "project = NOPE")) ==
          "The value 'NOPE' does not exist for the field 'project'.");
    CHECK(first_error(search_get(sb, "colour = red")) ==
          "Field 'colour' does not exist or you do not have permission to view it.");
    CHECK(first_error(search_get(sb, "labels >= red")) ==
          "The operator '>=' is not supported by the 'labels' field.");
    CHECK(first_error(search_get(sb, "project = ")) ==
          "Error in the JQL Query: Expecting either a value, list or function but got 'EOF'. (line "
          "1, character 11)");
    CHECK(first_error(search_get(sb, "project SUP")).find("Expecting operator but got 'SUP'") !=
          std::string::npos);
    CHECK(first_error(search_get(sb, "labels = \"open")) ==
          "Error in the JQL Query: The quoted string 'open' has not been completed. (line 1, "
          "character 10)");
    CHECK(first_error(search_get(sb, "project = SUP foo")) ==
          "Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'foo'. (line 1, "
          "character 15)");
    CHECK(first_error(search_get(sb, "updated >= yesterday"))
              .find("Date value 'yesterday' for field 'updated' is invalid") == 0);
    CHECK(first_error(search_get(sb, "key = SUP-99")) ==
          "An issue with key 'SUP-99' does not exist for field 'key'.");
    CHECK(first_error(search_get(sb, "key = banana")) ==
          "The issue key 'banana' for field 'key' is invalid.");
    CHECK(
        first_error(search_get(sb, "ORDER BY key")).find("Unbounded JQL queries are not allowed") ==
        0);
    CHECK(first_error(search_get(sb, "")).find("Unbounded JQL queries are not allowed") == 0);
    for (const char* unsupported :
         {"project = SUP OR labels = x", "(project = SUP)", "labels ~ x",
          "assignee = currentUser()", "labels is EMPTY", "NOT labels = x"}) {
        CAPTURE(unsupported);
        CHECK(
            first_error(search_get(sb, unsupported)).find("issuebridge-sandbox does not support") !=
            std::string::npos);
    }
    CHECK(first_error(search_get(sb, "project = SUP ORDER BY labels")) ==
          "Field 'labels' does not support sorting.");
    CHECK(first_error(search_get(sb, "project = SUP", "&nextPageToken=garbage"))
              .find("next page token") != std::string::npos);
    const auto bad_body =
        sb.jira("POST", "/rest/api/3/search/jql", R"({"jql":"project = SUP","startAt":0})");
    CHECK(first_error(bad_body) ==
          "Invalid request payload. Refer to the REST API documentation and try again.");
}

TEST_CASE("search lags behind writes until the lag passes, except for reconciled issue ids") {
    SandboxProcess sb({"--search-lag-ms", "60000"});
    sb.admin_ok("POST", "/_sandbox/clock", R"({"freeze": true, "set": "2024-05-10T08:00:00Z"})");
    create(sb, "young", R"(["old-label"])");
    const auto found = [&](const std::string& jql, const std::string& extra = "") {
        return keys(body_json(search_get(sb, jql, "&fields=key" + extra)));
    };
    using Keys = std::vector<std::string>;
    CHECK(found("project = SUP").empty());
    CHECK(found("project = SUP", "&reconcileIssues=10000") == Keys{"SUP-1"});
    const Json post =
        body_json(sb.jira("POST", "/rest/api/3/search/jql",
                          R"({"jql":"project = SUP","fields":["key"],"reconcileIssues":[10000]})"));
    CHECK(keys(post) == Keys{"SUP-1"});

    sb.admin_ok("POST", "/_sandbox/clock", R"({"advance_ms": 59999})");
    CHECK(found("project = SUP").empty());
    sb.admin_ok("POST", "/_sandbox/clock", R"({"advance_ms": 1})");
    CHECK(found("project = SUP") == Keys{"SUP-1"});

    // A label change: matched on the old labels until the index catches up.
    REQUIRE(sb.jira("PUT", "/rest/api/3/issue/SUP-1", R"({"fields":{"labels":["new-label"]}})")
                ->status == 204);
    CHECK(found("labels = old-label") == Keys{"SUP-1"});
    CHECK(found("labels = new-label").empty());
    CHECK(found("labels = new-label", "&reconcileIssues=10000") == Keys{"SUP-1"});
    sb.admin_ok("POST", "/_sandbox/clock", R"({"advance_s": 60})");
    CHECK(found("labels = old-label").empty());
    CHECK(found("labels = new-label") == Keys{"SUP-1"});

    // The lag can be changed at runtime.
    sb.admin_ok("POST", "/_sandbox/jira/search-lag", R"({"ms": 0})");
    create(sb, "immediate");
    CHECK(found("project = SUP ORDER BY key ASC") == Keys{"SUP-1", "SUP-2"});
}

TEST_CASE("maxResults is capped at 100 with fields and 5000 for ids only") {
    SandboxProcess sb;
    for (int i = 0; i < 120; ++i) {
        create(sb, "n" + std::to_string(i), R"(["many"])");
    }
    Json r = body_json(search_get(sb, "labels = many", "&maxResults=1000&fields=summary"));
    CHECK(at(r, "issues").as_array().size() == 100);
    CHECK(at(r, "isLast").as_bool() == false);
    r = body_json(search_get(sb, "labels = many", "&maxResults=1000"));
    CHECK(at(r, "issues").as_array().size() == 120);
    CHECK(at(r, "isLast").as_bool());
    r = body_json(search_get(sb, "labels = many"));
    CHECK(at(r, "issues").as_array().size() == 50);
    const auto bad = search_get(sb, "labels = many", "&maxResults=lots");
    REQUIRE(bad);
    CHECK(bad->status == 400);
}

TEST_SUITE_END();
