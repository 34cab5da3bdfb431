#include "sandbox_process.hpp"

#include <doctest/doctest.h>

using namespace issuebridge::sandbox;
using namespace issuebridge::sandbox::test;

TEST_SUITE_BEGIN("sandbox.admin");

TEST_CASE("requests are counted by API, route template and status, and the counts can be reset") {
    SandboxProcess sb;
    sb.admin_ok("POST", "/_sandbox/github/repos/octo/hello/issues", R"({"title": "t"})");
    const auto first = sb.github("/repos/octo/hello/issues");
    sb.github("/repos/octo/hello/issues", {{"If-None-Match", first->get_header_value("ETag")}});
    sb.github("/api/v3/repos/octo/hello/issues/1");
    sb.jira("GET", "/rest/api/3/issue/SUP-1");
    Json counts = sb.admin_ok("GET", "/_sandbox/requests");
    CHECK(dump(at(at(counts, "github"), "GET /repos/{owner}/{repo}/issues")) ==
          R"({"count":2,"by_status":{"200":1,"304":1}})");
    CHECK(at(at(at(counts, "github"), "GET /api/v3/repos/{owner}/{repo}/issues/{issue_number}"),
             "count")
              .as_int() == 1);
    CHECK(dump(at(at(counts, "jira"), "GET /rest/api/3/issue/{issueIdOrKey}")) ==
          R"({"count":1,"by_status":{"404":1}})");
    sb.admin_ok("POST", "/_sandbox/requests/reset");
    CHECK(dump(sb.admin_ok("GET", "/_sandbox/requests")) == "{}");
}

TEST_CASE("the clock can be set, frozen and advanced - new items take its time") {
    SandboxProcess sb;
    Json clock = sb.admin_ok("POST", "/_sandbox/clock",
                             R"({"set": "2030-02-03T04:05:06Z", "freeze": true})");
    CHECK(at(clock, "now").as_string() == "2030-02-03T04:05:06Z");
    CHECK(at(clock, "frozen").as_bool());
    clock = sb.admin_ok("POST", "/_sandbox/clock", R"({"advance_s": 60, "advance_ms": 500})");
    CHECK(at(clock, "now_ms").as_int() == 1896321966500);
    sb.admin_ok("POST", "/_sandbox/github/repos/octo/hello/issues", R"({"title": "t"})");
    const Json issue = body_json(sb.github("/repos/octo/hello/issues/1"));
    CHECK(at(issue, "created_at").as_string() == "2030-02-03T04:06:06Z");
    const auto bad = sb.admin("POST", "/_sandbox/clock", R"({"set": "tomorrow"})");
    REQUIRE(bad);
    CHECK(bad->status == 400);
}

TEST_CASE("admin-created issues: arrays, explicit numbers, all-or-nothing, and PATCH of state, "
          "labels and merge") {
    SandboxProcess sb;
    Json created = sb.admin_ok("POST", "/_sandbox/github/repos/acme/app/issues",
                               R"([{"title": "a"}, {"title": "b", "number": 10}, {"title": "c"}])");
    CHECK(dump(created) == R"({"numbers":[1,10,11]})");
    const auto bad = sb.admin("POST", "/_sandbox/github/repos/acme/app/issues",
                              R"([{"title": "d"}, {"body": "no title"}])");
    REQUIRE(bad);
    CHECK(bad->status == 400);
    CHECK(at(body_json(bad), "error").as_string().find("item 1: title") == 0);
    CHECK(body_json(sb.github("/repos/acme/app/issues?state=all")).as_array().size() == 3);

    sb.admin_ok("POST", "/_sandbox/clock", R"({"freeze": true, "set": "2031-01-01T00:00:00Z"})");
    Json patched =
        sb.admin_ok("PATCH", "/_sandbox/github/repos/acme/app/issues/1",
                    R"({"state": "closed", "state_reason": "not_planned", "labels": ["wontfix"]})");
    CHECK(at(patched, "state").as_string() == "closed");
    CHECK(at(patched, "state_reason").as_string() == "not_planned");
    CHECK(at(patched, "closed_at").as_string() == "2031-01-01T00:00:00Z");
    CHECK(at(patched, "updated_at").as_string() == "2031-01-01T00:00:00Z");
    patched =
        sb.admin_ok("PATCH", "/_sandbox/github/repos/acme/app/issues/1", R"({"state": "open"})");
    CHECK(at(patched, "state_reason").as_string() == "reopened");
    CHECK(at(patched, "closed_at").is_null());

    sb.admin_ok("POST", "/_sandbox/github/repos/acme/app/issues",
                R"({"title": "pr", "pull_request": true})");
    patched =
        sb.admin_ok("PATCH", "/_sandbox/github/repos/acme/app/issues/12", R"({"merged": true})");
    CHECK(at(patched, "state").as_string() == "closed");
    CHECK(at(at(patched, "pull_request"), "merged_at").as_string() == "2031-01-01T00:00:00Z");
    const auto not_pr =
        sb.admin("PATCH", "/_sandbox/github/repos/acme/app/issues/10", R"({"merged": true})");
    REQUIRE(not_pr);
    CHECK(not_pr->status == 400);
    const auto missing = sb.admin("PATCH", "/_sandbox/github/repos/acme/app/issues/99", "{}");
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(dump(at(sb.admin_ok("GET", "/_sandbox/github/repos"), 0))
              .find(R"("full_name":"acme/app")") != std::string::npos);
}

TEST_CASE("generate is deterministic for a seed and the clock") {
    SandboxProcess sb;
    sb.admin_ok("POST", "/_sandbox/clock", R"({"freeze": true, "set": "2025-01-01T00:00:00Z"})");
    const std::string spec =
        R"({"count": 40, "closed_fraction": 0.25, "pr_fraction": 0.2, "labels": ["bug", "enhancement"], "seed": 9})";
    sb.admin_ok("POST", "/_sandbox/github/repos/gen/one/generate", spec);
    sb.admin_ok("POST", "/_sandbox/github/repos/gen/two/generate", spec);
    const auto summary = [&](const std::string& repo) {
        std::string out;
        const Json items =
            body_json(sb.github("/repos/gen/" + repo + "/issues?state=all&per_page=100"));
        for (const auto& item : items.as_array()) {
            std::string labels;
            for (const auto& label : at(item, "labels").as_array()) {
                labels += at(label, "name").as_string() + ",";
            }
            out += at(item, "title").as_string() + "|" + at(item, "state").as_string() + "|" +
                   labels + "|" + (item.get("pull_request") != nullptr ? "pr" : "issue") + "|" +
                   at(item, "updated_at").as_string() + "\n";
        }
        return out;
    };
    const std::string one = summary("one");
    CHECK(one == summary("two"));
    CHECK(one.find("|closed|") != std::string::npos);
    CHECK(one.find("|pr|") != std::string::npos);
    const auto bad = sb.admin("POST", "/_sandbox/github/repos/gen/one/generate", R"({"count": 0})");
    REQUIRE(bad);
    CHECK(bad->status == 400);
}

TEST_CASE("Jira issues can be listed, edited by hand (bumping updated) and deleted") {
    SandboxProcess sb;
    sb.admin_ok("POST", "/_sandbox/clock", R"({"freeze": true, "set": "2024-01-01T00:00:00Z"})");
    REQUIRE(
        sb.jira(
              "POST", "/rest/api/3/issue",
              R"({"fields":{"project":{"key":"SUP"},"issuetype":{"name":"Bug"},"summary":"s","labels":["x"]},
                        "properties":[{"key":"xsync","value":{"id":"github:a/b#1"}}]})")
            ->status == 201);
    Json issues = sb.admin_ok("GET", "/_sandbox/jira/issues");
    REQUIRE(issues.as_array().size() == 1);
    const Json& first = at(issues, 0);
    CHECK(at(first, "key").as_string() == "SUP-1");
    CHECK(at(first, "issuetype").as_string() == "Bug");
    CHECK(dump(at(first, "fields")) ==
          R"({"summary":"s","description":null,"labels":["x"],"assignee":null,"status":"To Do"})");
    CHECK(dump(at(first, "properties")) == R"({"xsync":{"id":"github:a/b#1"}})");

    sb.admin_ok("POST", "/_sandbox/clock", R"({"advance_s": 90})");
    const Json edited =
        sb.admin_ok("PUT", "/_sandbox/jira/issues/SUP-1",
                    R"({"summary": "edited by a person", "description": "line one\nline two",
                                        "assignee": "5b10ac8d82e05b22cc7d4ef5", "status": "In Progress"})");
    CHECK(at(at(edited, "fields"), "status").as_string() == "In Progress");
    CHECK(at(edited, "updated").as_string() == "2024-01-01T00:01:30.000+0000");
    CHECK(at(at(at(edited, "fields"), "description"), "content").as_array().size() == 2);
    const auto bad = sb.admin("PUT", "/_sandbox/jira/issues/SUP-1", R"({"labels": ["has space"]})");
    REQUIRE(bad);
    CHECK(bad->status == 400);
    const Json via_api = body_json(sb.jira("GET", "/rest/api/3/issue/SUP-1?fields=assignee"));
    CHECK(at(at(at(via_api, "fields"), "assignee"), "accountId").as_string() ==
          "5b10ac8d82e05b22cc7d4ef5");

    sb.admin_ok("DELETE", "/_sandbox/jira/issues/SUP-1");
    CHECK(sb.jira("GET", "/rest/api/3/issue/SUP-1")->status == 404);
    const auto again = sb.admin("DELETE", "/_sandbox/jira/issues/SUP-1");
    REQUIRE(again);
    CHECK(again->status == 404);
    CHECK(sb.admin_ok("GET", "/_sandbox/jira/issues").as_array().empty());
}

TEST_CASE("projects and users can be added at runtime") {
    SandboxProcess sb({}, "");
    sb.admin_ok("POST", "/_sandbox/jira/projects",
                R"({"key": "OPS", "name": "Operations", "issue_types": ["Incident"]})");
    sb.admin_ok("POST", "/_sandbox/jira/users", R"({"accountId": "abc", "displayName": "Abc"})");
    const auto r = sb.jira(
        "POST", "/rest/api/3/issue",
        R"({"fields":{"project":{"key":"OPS"},"issuetype":{"name":"Incident"},"summary":"down",
                               "assignee":{"accountId":"abc"}}})");
    REQUIRE(r);
    CHECK(r->status == 201);
    CHECK(at(body_json(r), "key").as_string() == "OPS-1");
    const auto dup = sb.admin("POST", "/_sandbox/jira/projects", R"({"key": "OPS"})");
    REQUIRE(dup);
    CHECK(dup->status == 400);
}

TEST_CASE("reset returns to the seed, or to an empty sandbox") {
    SandboxProcess sb({"--rate-limit", "github=100/60"});
    sb.admin_ok("POST", "/_sandbox/github/repos/octo/hello/issues", R"({"title": "t"})");
    sb.admin_ok("POST", "/_sandbox/faults", R"({"rate": 0.5})");
    sb.admin_ok("POST", "/_sandbox/clock", R"({"set": "2001-01-01T00:00:00Z"})");
    sb.github("/repos/octo/hello/issues");
    sb.admin_ok("POST", "/_sandbox/reset");
    CHECK(at(sb.admin_ok("GET", "/_sandbox/faults"), "rate").as_double() == 0.0);
    CHECK(dump(sb.admin_ok("GET", "/_sandbox/requests")) == "{}");
    CHECK(at(sb.admin_ok("GET", "/_sandbox/clock"), "now").as_string().substr(0, 4) != "2001");
    const auto listed = sb.github("/repos/octo/hello/issues");
    REQUIRE(listed);
    CHECK(listed->body == "[]"); // the seed's repository, without the added issue
    CHECK(listed->get_header_value("x-ratelimit-limit") == "100");
    sb.admin_ok("POST", "/_sandbox/reset", R"({"seed": false})");
    CHECK(sb.github("/repos/octo/hello/issues")->status == 404);
    CHECK(
        sb.jira("POST", "/rest/api/3/issue",
                R"({"fields":{"project":{"key":"SUP"},"issuetype":{"name":"Task"},"summary":"s"}})")
            ->status == 400);
}

TEST_CASE("unknown admin routes answer 404 with a JSON error") {
    SandboxProcess sb;
    const auto r = sb.admin("GET", "/_sandbox/nothing");
    REQUIRE(r);
    CHECK(r->status == 404);
    CHECK(at(body_json(r), "error").as_string() == "no route for GET /_sandbox/nothing");
}

TEST_SUITE_END();
