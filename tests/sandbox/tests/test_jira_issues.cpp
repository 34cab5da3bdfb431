#include "sandbox_process.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <thread>

using namespace issuebridge::sandbox;
using namespace issuebridge::sandbox::test;

namespace {

constexpr const char* k_adf =
    R"({"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"Steps"}]}]})";

std::string create_body(const std::string& fields_extra = "", const std::string& top_extra = "") {
    return R"({"fields":{"project":{"key":"SUP"},"issuetype":{"name":"Task"},"summary":"Crash on start")" +
           fields_extra + "}" + top_extra + "}";
}

// The errors object of a 400 (one field -> message).
Json errors_of(const httplib::Result& r) {
    REQUIRE(r);
    CHECK(r->status == 400);
    return at(body_json(r), "errors");
}

} // namespace

TEST_SUITE_BEGIN("sandbox.jira");

TEST_CASE("create answers 201 with id, key and self - get shows the fields - properties are set "
          "atomically") {
    SandboxProcess sb;
    const auto created = sb.jira(
        "POST", "/rest/api/3/issue",
        create_body(std::string(R"(,"labels":["xsync-1","bug"],"description":)") + k_adf +
                        R"(,"assignee":{"accountId":"5b10ac8d82e05b22cc7d4ef5"})",
                    R"(,"properties":[{"key":"xsync","value":{"externalId":"github:x#1"}}])"));
    REQUIRE(created);
    REQUIRE(created->status == 201);
    CHECK(created->get_header_value("Content-Type") == "application/json;charset=UTF-8");
    const Json ref = body_json(created);
    CHECK(at(ref, "key").as_string() == "SUP-1");
    CHECK(at(ref, "id").as_string() == "10000");
    CHECK(at(ref, "self").as_string() == sb.origin() + "/rest/api/3/issue/10000");
    CHECK(ref.get("transition") == nullptr);

    const Json issue = body_json(sb.jira("GET", "/rest/api/3/issue/SUP-1?properties=xsync"));
    const Json& fields = at(issue, "fields");
    CHECK(at(fields, "summary").as_string() == "Crash on start");
    CHECK(dump(at(fields, "labels")) == R"(["bug","xsync-1"])"); // Jira keeps labels sorted
    CHECK(dump(at(fields, "description")) == k_adf);
    CHECK(at(at(fields, "assignee"), "displayName").as_string() == "Dana Developer");
    CHECK(at(at(fields, "status"), "name").as_string() == "To Do");
    CHECK(at(at(at(fields, "status"), "statusCategory"), "key").as_string() == "new");
    CHECK(at(at(fields, "issuetype"), "name").as_string() == "Task");
    CHECK(at(at(fields, "project"), "key").as_string() == "SUP");
    const std::string created_at =
        at(fields, "created").as_string(); // 2024-06-01T12:00:00.000+0000
    CHECK(created_at.size() == 28);
    CHECK(created_at.substr(23) == "+0000");
    CHECK(dump(at(issue, "properties")) == R"({"xsync":{"externalId":"github:x#1"}})");

    const Json by_id = body_json(sb.jira("GET", "/rest/api/3/issue/10000?fields=summary"));
    CHECK(dump(at(by_id, "fields")) == R"({"summary":"Crash on start"})");
    const Json by_lower_key =
        body_json(sb.jira("GET", "/rest/api/3/issue/sup-1?fields=*all,-description"));
    CHECK(at(by_lower_key, "fields").get("description") == nullptr);
    CHECK(at(by_lower_key, "fields").get("summary") != nullptr);
}

TEST_CASE("a transition given at creation is applied and reported") {
    SandboxProcess sb;
    const Json ref = body_json(
        sb.jira("POST", "/rest/api/3/issue", create_body("", R"(,"transition":{"id":"31"})")));
    CHECK(dump(at(ref, "transition")) ==
          R"({"status":200,"errorCollection":{"errorMessages":[],"errors":{}}})");
    const Json issue = body_json(sb.jira("GET", "/rest/api/3/issue/SUP-1"));
    CHECK(at(at(at(issue, "fields"), "status"), "name").as_string() == "Done");
    CHECK(at(at(at(issue, "fields"), "resolution"), "name").as_string() == "Done");
}

TEST_CASE("create validates like Jira: every problem in one 400") {
    SandboxProcess sb;
    auto errors =
        errors_of(sb.jira("POST", "/rest/api/3/issue",
                          R"({"fields":{"project":{"key":"SUP"},"issuetype":{"name":"Task"}}})"));
    CHECK(dump(errors) == R"({"summary":"You must specify a summary of the issue."})");

    errors = errors_of(sb.jira(
        "POST", "/rest/api/3/issue",
        R"({"fields":{"project":{"key":"NOPE"},"issuetype":{"name":"Task"},"summary":"s"}})"));
    CHECK(at(errors, "project").as_string() == "valid project is required");

    errors = errors_of(sb.jira(
        "POST", "/rest/api/3/issue",
        R"({"fields":{"project":{"key":"SUP"},"issuetype":{"name":"Epic"},"summary":"s"}})"));
    CHECK(at(errors, "issuetype").as_string() == "Specify a valid issue type");

    errors =
        errors_of(sb.jira("POST", "/rest/api/3/issue", create_body(R"(,"labels":["ok","a b"])")));
    CHECK(at(errors, "labels").as_string() == "The label 'a b' contains spaces which is invalid.");

    errors = errors_of(
        sb.jira("POST", "/rest/api/3/issue", create_body(R"(,"assignee":{"accountId":"nobody"})")));
    CHECK(at(errors, "assignee").as_string() ==
          "Specified user does not exist or you do not have required permissions");

    errors = errors_of(
        sb.jira("POST", "/rest/api/3/issue", create_body(R"(,"description":"plain text")")));
    CHECK(at(errors, "description").as_string() ==
          "Operation value must be an Atlassian Document (see the Atlassian Document Format)");

    const auto bad_adf = sb.jira(
        "POST", "/rest/api/3/issue",
        create_body(
            R"(,"description":{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":""}]}]})"));
    REQUIRE(bad_adf);
    CHECK(bad_adf->status == 400);
    CHECK(dump(at(body_json(bad_adf), "errorMessages")) == R"(["INVALID_INPUT"])");

    errors = errors_of(
        sb.jira("POST", "/rest/api/3/issue", create_body(R"(,"priority":{"name":"High"})")));
    CHECK(at(errors, "priority").as_string() ==
          "Field 'priority' cannot be set. It is not on the appropriate screen, or unknown.");

    errors = errors_of(
        sb.jira("POST", "/rest/api/3/issue", R"({"fields":{"summary":"s","labels":["x y"]}})"));
    CHECK(errors.as_object().size() == 3); // project, issuetype and labels together

    const auto not_json = sb.jira("POST", "/rest/api/3/issue", "{");
    REQUIRE(not_json);
    CHECK(not_json->status == 400);
    CHECK(body_json(sb.admin("GET", "/_sandbox/jira/issues")).as_array().empty());
}

TEST_CASE("edit sets fields and updates labels with add/remove - 204, and 404 for unknown issues") {
    SandboxProcess sb;
    sb.admin_ok("POST", "/_sandbox/clock", R"({"freeze": true, "set": "2024-06-01T12:00:00Z"})");
    REQUIRE(sb.jira("POST", "/rest/api/3/issue", create_body(R"(,"labels":["a","b"])"))->status ==
            201);
    sb.admin_ok("POST", "/_sandbox/clock", R"({"advance_s": 5})");
    const auto edited = sb.jira(
        "PUT", "/rest/api/3/issue/SUP-1",
        R"({"fields":{"summary":"Renamed"},"update":{"labels":[{"add":"c"},{"remove":"a"}]}})");
    REQUIRE(edited);
    CHECK(edited->status == 204);
    CHECK(edited->body.empty());
    const Json fields = at(body_json(sb.jira("GET", "/rest/api/3/issue/SUP-1")), "fields");
    CHECK(at(fields, "summary").as_string() == "Renamed");
    CHECK(dump(at(fields, "labels")) == R"(["b","c"])");
    CHECK(at(fields, "updated").as_string() == "2024-06-01T12:00:05.000+0000");
    CHECK(at(fields, "created").as_string() == "2024-06-01T12:00:00.000+0000");

    const auto set = sb.jira("PUT", "/rest/api/3/issue/SUP-1?returnIssue=true",
                             R"({"update":{"labels":[{"set":["z"]}]}})");
    REQUIRE(set);
    CHECK(set->status == 200);
    CHECK(dump(at(at(body_json(set), "fields"), "labels")) == R"(["z"])");

    const auto bad = sb.jira("PUT", "/rest/api/3/issue/SUP-1", R"({"fields":{"summary":""}})");
    CHECK(dump(errors_of(bad)) == R"({"summary":"You must specify a summary of the issue."})");
    const auto missing = sb.jira("PUT", "/rest/api/3/issue/SUP-9", R"({"fields":{"summary":"x"}})");
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(
        missing->body ==
        R"({"errorMessages":["Issue does not exist or you do not have permission to see it."],"errors":{}})");
    const auto get_missing = sb.jira("GET", "/rest/api/3/issue/SUP-9");
    REQUIRE(get_missing);
    CHECK(get_missing->status == 404);
}

TEST_CASE("transitions list every other status and move the issue - unknown ids are 400") {
    SandboxProcess sb;
    REQUIRE(sb.jira("POST", "/rest/api/3/issue", create_body())->status == 201);
    const Json listed = body_json(sb.jira("GET", "/rest/api/3/issue/SUP-1/transitions"));
    const auto& transitions = at(listed, "transitions").as_array();
    REQUIRE(transitions.size() == 2);
    CHECK(at(transitions[0], "id").as_string() == "21");
    CHECK(at(transitions[0], "name").as_string() == "In Progress");
    CHECK(at(at(at(transitions[1], "to"), "statusCategory"), "key").as_string() == "done");

    const auto done =
        sb.jira("POST", "/rest/api/3/issue/SUP-1/transitions", R"({"transition":{"id":"31"}})");
    REQUIRE(done);
    CHECK(done->status == 204);
    const Json after = body_json(sb.jira("GET", "/rest/api/3/issue/SUP-1/transitions"));
    CHECK(at(at(at(after, "transitions"), 0), "id").as_string() == "11");

    for (const char* id : {"31", "99"}) {
        CAPTURE(id);
        const auto r = sb.jira("POST", "/rest/api/3/issue/SUP-1/transitions",
                               std::string(R"({"transition":{"id":")") + id + "\"}}");
        REQUIRE(r);
        CHECK(r->status == 400);
        CHECK(at(at(body_json(r), "errorMessages"), 0).as_string() ==
              "Transition id '" + std::string(id) + "' is not valid for this issue.");
    }
    const auto missing = sb.jira("GET", "/rest/api/3/issue/SUP-2/transitions");
    REQUIRE(missing);
    CHECK(missing->status == 404);
}

TEST_CASE("issue properties: PUT 201 then 200, GET returns key and value, limits are enforced") {
    SandboxProcess sb;
    REQUIRE(sb.jira("POST", "/rest/api/3/issue", create_body())->status == 201);
    auto r = sb.jira("PUT", "/rest/api/3/issue/SUP-1/properties/xsync",
                     R"({"externalId":"github:a/b#1"})");
    REQUIRE(r);
    CHECK(r->status == 201);
    r = sb.jira("PUT", "/rest/api/3/issue/SUP-1/properties/xsync",
                R"({"externalId":"github:a/b#2"})");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(body_json(sb.jira("GET", "/rest/api/3/issue/SUP-1/properties/xsync")).dump() ==
          R"({"key":"xsync","value":{"externalId":"github:a/b#2"}})");
    r = sb.jira("GET", "/rest/api/3/issue/SUP-1/properties/other");
    REQUIRE(r);
    CHECK(r->status == 404);
    r = sb.jira("PUT", "/rest/api/3/issue/SUP-1/properties/big",
                "\"" + std::string(40000, 'x') + "\"");
    REQUIRE(r);
    CHECK(r->status == 400);
    r = sb.jira("PUT", "/rest/api/3/issue/SUP-1/properties/bad", "not json");
    REQUIRE(r);
    CHECK(r->status == 400);
    r = sb.jira("PUT", "/rest/api/3/issue/SUP-7/properties/xsync", "{}");
    REQUIRE(r);
    CHECK(r->status == 404);
}

TEST_CASE("requests without valid basic auth are 401") {
    SandboxProcess sb;
    auto c = sb.client();
    for (const httplib::Headers& headers :
         {httplib::Headers{},
          httplib::Headers{{"Authorization", "Basic c2FuZGJveEBleGFtcGxlLmNvbTp3cm9uZw=="}},
          httplib::Headers{{"Authorization", std::string("Bearer ") + "sandbox-jira-token"}}}) {
        const auto r = c->Get("/rest/api/3/issue/SUP-1", headers);
        REQUIRE(r);
        CHECK(r->status == 401);
        CHECK(r->get_header_value("X-Seraph-LoginReason") == "AUTHENTICATED_FAILED");
    }
    const auto post = c->Post("/rest/api/3/issue", create_body(), "application/json");
    REQUIRE(post);
    CHECK(post->status == 401);
    CHECK(body_json(sb.admin("GET", "/_sandbox/jira/issues")).as_array().empty());
}

TEST_CASE("concurrent creates each get their own key") {
    SandboxProcess sb;
    std::vector<std::thread> threads;
    std::vector<std::string> outcomes(48); // a burst larger than a small listen backlog
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        // No doctest assertions inside the threads: results are checked afterwards.
        threads.emplace_back([&sb, &outcomes, i] {
            const auto r = sb.jira("POST", "/rest/api/3/issue",
                                   create_body(R"(,"labels":["t)" + std::to_string(i) + "\"]"));
            const auto ref = r && r->status == 201 ? Json::parse(r->body) : std::nullopt;
            const Json* key = ref ? ref->get("key") : nullptr;
            outcomes[i] = key != nullptr && key->is_string() ? key->as_string()
                          : r ? "failed: " + std::to_string(r->status)
                              : "failed: " + httplib::to_string(r.error());
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    for (const auto& outcome : outcomes) {
        CHECK(outcome.rfind("SUP-", 0) == 0);
    }
    std::sort(outcomes.begin(), outcomes.end());
    CHECK(std::unique(outcomes.begin(), outcomes.end()) == outcomes.end());
    CHECK(sb.admin_ok("GET", "/_sandbox/jira/issues").as_array().size() == outcomes.size());
}

TEST_SUITE_END();
