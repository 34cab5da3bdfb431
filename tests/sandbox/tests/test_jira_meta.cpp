#include "hash.hpp"
#include "sandbox_process.hpp"

#include <doctest/doctest.h>

using namespace issuebridge::sandbox;
using namespace issuebridge::sandbox::test;

namespace {

// A seed with two accounts: one with the identity spelled out, one without.
constexpr const char* k_accounts_seed = R"({
  "jira": {
    "accounts": [
      {"email": "ops@example.com", "token": "t1", "accountId": "557058:ops", "displayName": "Ops Bot"},
      {"email": "dev@example.com", "token": "t2"}
    ],
    "projects": [{"key": "SUP", "name": "Support", "issue_types": ["Task", "Bug"]}]
  }
})";

httplib::Result get_as(const SandboxProcess& sb, const std::string& path,
                       const std::string& user_and_token) {
    return sb.client()->Get(path, {{"Authorization", "Basic " + base64_encode(user_and_token)}});
}

void check_401(const SandboxProcess& sb, const std::string& path) {
    auto c = sb.client();
    for (const httplib::Headers& headers :
         {httplib::Headers{},
          httplib::Headers{{"Authorization", "Basic c2FuZGJveEBleGFtcGxlLmNvbTp3cm9uZw=="}},
          httplib::Headers{{"Authorization", "Bearer sandbox-jira-token"}}}) {
        CAPTURE(path);
        const auto r = c->Get(path, headers);
        REQUIRE(r);
        CHECK(r->status == 401);
        CHECK(r->get_header_value("X-Seraph-LoginReason") == "AUTHENTICATED_FAILED");
        CHECK(
            r->body ==
            R"({"errorMessages":["Client must be authenticated to access this resource."],"errors":{}})");
    }
}

} // namespace

TEST_SUITE_BEGIN("sandbox.jira");

TEST_CASE("GET /myself answers the account that authenticated, as a User") {
    SandboxProcess sb;
    const auto r = sb.jira("GET", "/rest/api/3/myself?expand=groups,applicationRoles");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "application/json;charset=UTF-8");
    const Json me = body_json(r);
    for (const char* key : {"self", "accountId", "accountType", "emailAddress", "avatarUrls",
                            "displayName", "active", "timeZone", "locale"}) {
        CAPTURE(key);
        CHECK(me.get(key) != nullptr);
    }
    // The default account has no accountId in the seed: a stable one is derived from its email.
    const std::string id = at(me, "accountId").as_string();
    CHECK(id.size() == 24);
    CHECK(id.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(at(me, "self").as_string() == sb.origin() + "/rest/api/3/user?accountId=" + id);
    CHECK(at(me, "emailAddress").as_string() == "sandbox@example.com");
    CHECK(at(me, "displayName").as_string() == "sandbox");
    CHECK(at(me, "accountType").as_string() == "atlassian");
    CHECK(at(me, "active").as_bool());
    CHECK(at(at(me, "avatarUrls"), "48x48").is_string());

    SandboxProcess other;
    CHECK(at(body_json(other.jira("GET", "/rest/api/3/myself")), "accountId").as_string() == id);
}

TEST_CASE("GET /myself tells seeded accounts apart - accountId and displayName come from the "
          "seed when given") {
    SandboxProcess sb({}, k_accounts_seed);
    const Json ops = body_json(get_as(sb, "/rest/api/3/myself", "ops@example.com:t1"));
    CHECK(at(ops, "accountId").as_string() == "557058:ops");
    CHECK(at(ops, "displayName").as_string() == "Ops Bot");
    CHECK(at(ops, "emailAddress").as_string() == "ops@example.com");
    const Json dev = body_json(get_as(sb, "/rest/api/3/myself", "dev@example.com:t2"));
    CHECK(at(dev, "accountId").as_string().size() == 24);
    CHECK(at(dev, "displayName").as_string() == "dev");
    CHECK(at(dev, "emailAddress").as_string() == "dev@example.com");
    // A token is only good with its own email.
    const auto crossed = get_as(sb, "/rest/api/3/myself", "dev@example.com:t1");
    REQUIRE(crossed);
    CHECK(crossed->status == 401);
    // The project lead is the first account.
    const Json project = body_json(get_as(sb, "/rest/api/3/project/SUP", "dev@example.com:t2"));
    CHECK(at(at(project, "lead"), "accountId").as_string() == "557058:ops");
    CHECK(at(project, "lead").get("emailAddress") == nullptr);
}

TEST_CASE("GET /project/{projectIdOrKey} answers the Project with its issue types, by key "
          "(case-insensitive) or id") {
    SandboxProcess sb;
    const auto r = sb.jira("GET", "/rest/api/3/project/SUP");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "application/json;charset=UTF-8");
    const Json project = body_json(r);
    for (const char* key : {"self", "id", "key", "name", "description", "lead", "issueTypes",
                            "projectTypeKey", "simplified", "style", "isPrivate", "avatarUrls",
                            "assigneeType", "components", "versions", "roles", "properties"}) {
        CAPTURE(key);
        CHECK(project.get(key) != nullptr);
    }
    const std::string id = at(project, "id").as_string();
    CHECK(id == "10000");
    CHECK(at(project, "key").as_string() == "SUP");
    CHECK(at(project, "name").as_string() == "Support");
    CHECK(at(project, "self").as_string() == sb.origin() + "/rest/api/3/project/" + id);
    CHECK(at(project, "projectTypeKey").as_string() == "software");
    CHECK(at(project, "style").as_string() == "classic");
    CHECK(at(project, "simplified").as_bool() == false);
    CHECK(at(project, "isPrivate").as_bool() == false);
    const Json& types = at(project, "issueTypes");
    REQUIRE(types.as_array().size() == 2);
    CHECK(at(at(types, 0), "name").as_string() == "Task");
    CHECK(at(at(types, 1), "name").as_string() == "Bug");
    for (const char* key : {"self", "id", "description", "iconUrl", "name", "subtask"}) {
        CAPTURE(key);
        CHECK(at(types, 1).get(key) != nullptr);
    }
    CHECK(at(at(types, 1), "subtask").as_bool() == false);
    // The ids are the ones issues show in fields.issuetype.
    sb.jira("POST", "/rest/api/3/issue",
            R"({"fields":{"project":{"key":"SUP"},"issuetype":{"name":"Bug"},"summary":"s"}})");
    const Json issue = body_json(sb.jira("GET", "/rest/api/3/issue/SUP-1?fields=issuetype"));
    CHECK(at(at(at(issue, "fields"), "issuetype"), "id").as_string() ==
          at(at(types, 1), "id").as_string());

    for (const std::string path :
         {"/rest/api/3/project/sup", "/rest/api/3/project/Sup", "/rest/api/3/project/10000",
          "/rest/api/3/project/SUP?expand=description,lead,issueTypes"}) {
        CAPTURE(path);
        const auto same = sb.jira("GET", path);
        REQUIRE(same);
        CHECK(same->status == 200);
        CHECK(same->body == r->body);
    }
}

TEST_CASE("GET /project/{projectIdOrKey} answers 404 with Jira's message for an unknown project") {
    SandboxProcess sb;
    for (const std::string key : {"NOPE", "10999"}) {
        const auto r = sb.jira("GET", "/rest/api/3/project/" + key);
        REQUIRE(r);
        CHECK(r->status == 404);
        CHECK(r->get_header_value("Content-Type") == "application/json;charset=UTF-8");
        CHECK(r->body == R"({"errorMessages":["No project could be found with key ')" + key +
                             R"('."],"errors":{}})");
    }
}

TEST_CASE("GET /myself and GET /project need basic auth, share Jira's budget and faults, and are "
          "counted under their route templates") {
    SandboxProcess sb;
    check_401(sb, "/rest/api/3/myself");
    check_401(sb, "/rest/api/3/project/SUP");
    sb.admin_ok("POST", "/_sandbox/burst", R"({"api": "jira", "count": 1})");
    const auto burst = sb.jira("GET", "/rest/api/3/myself");
    REQUIRE(burst);
    CHECK(burst->status == 429);
    CHECK(burst->get_header_value("Retry-After") == "1");
    sb.admin_ok("POST", "/_sandbox/faults", R"({"rate": 1, "kinds": ["500"]})");
    const auto fault = sb.jira("GET", "/rest/api/3/project/SUP");
    REQUIRE(fault);
    CHECK(fault->status == 500);
    sb.admin_ok("POST", "/_sandbox/faults", R"({"rate": 0})");
    REQUIRE(sb.jira("GET", "/rest/api/3/myself")->status == 200);
    REQUIRE(sb.jira("GET", "/rest/api/3/project/NOPE")->status == 404);
    const Json counts = at(sb.admin_ok("GET", "/_sandbox/requests"), "jira");
    CHECK(dump(at(counts, "GET /rest/api/3/myself")) ==
          R"({"count":5,"by_status":{"200":1,"401":3,"429":1}})");
    CHECK(dump(at(counts, "GET /rest/api/3/project/{projectIdOrKey}")) ==
          R"({"count":5,"by_status":{"401":3,"404":1,"500":1}})");
}

TEST_CASE("seed accounts: accountId and displayName are optional strings") {
    issuebridge::testing::TempDir dir;
    const auto bad = dir.write(
        "bad.json",
        R"({"jira": {"accounts": [{"email": "a@example.com", "token": "t", "accountId": 5}]}})");
    const auto r = issuebridge::testing::run(
        {ISSUEBRIDGE_SANDBOX_BINARY, "--port", "0", "--seed", bad.string()});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("jira.accounts:") != std::string::npos);
}

TEST_SUITE_END();
