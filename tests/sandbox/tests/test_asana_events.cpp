// Asana's Events API in the sandbox: GET /api/1.0/events with sync tokens (412 first, then 200s),
// the events API requests (as the tokens' user, 3000) and admin edits (as Dana, 3001, or `by`)
// write, pages of 100 with has_more, and tokens that expire (24 h, the admin route, the log's
// bound).

#include "sandbox_process.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace issuebridge::sandbox;
using namespace issuebridge::sandbox::test;

namespace {

constexpr const char* k_sync_invalid =
    "Sync token invalid or too old. If you are attempting to keep resources in sync, you must "
    "fetch the full dataset for this query now and use the new sync token for the next sync.";

httplib::Result asana(const SandboxProcess& sb, const std::string& method, const std::string& path,
                      const std::string& body = "",
                      const std::string& token = "sandbox-asana-pat") {
    const httplib::Headers headers{{"Authorization", "Bearer " + token},
                                   {"Accept", "application/json"}};
    auto c = sb.client();
    const std::string target = "/api/1.0" + path;
    if (method == "GET") {
        return c->Get(target, headers);
    }
    if (method == "PUT") {
        return c->Put(target, headers, body, "application/json");
    }
    return c->Post(target, headers, body, "application/json");
}

httplib::Result events(const SandboxProcess& sb, const std::string& resource,
                       const std::string& sync = "") {
    return asana(sb, "GET", "/events?resource=" + resource + (sync.empty() ? "" : "&sync=" + sync));
}

// The fresh token of the 412 a call without one gets.
std::string first_sync(const SandboxProcess& sb, const std::string& resource) {
    const auto r = events(sb, resource);
    REQUIRE(r);
    REQUIRE(r->status == 412);
    return at(body_json(r), "sync").as_string();
}

// A 200 answer's body.
Json events_ok(const SandboxProcess& sb, const std::string& resource, const std::string& sync) {
    const auto r = events(sb, resource, sync);
    REQUIRE(r);
    INFO(r->body);
    REQUIRE(r->status == 200);
    return body_json(r);
}

std::string create_task(const SandboxProcess& sb, const std::string& name) {
    const auto r =
        asana(sb, "POST", "/tasks", R"({"data":{"projects":["2000"],"name":")" + name + R"("}})");
    REQUIRE(r);
    REQUIRE(r->status == 201);
    return at(at(body_json(r), "data"), "gid").as_string();
}

void clock(const SandboxProcess& sb, const std::string& body) {
    sb.admin_ok("POST", "/_sandbox/clock", body);
}

// "action" or "action field change-action" of each event.
std::vector<std::string> summary(const Json& answer) {
    std::vector<std::string> out;
    for (const Json& e : at(answer, "data").as_array()) {
        std::string line = at(e, "action").as_string();
        if (const Json* change = e.get("change")) {
            line +=
                " " + at(*change, "field").as_string() + " " + at(*change, "action").as_string();
        }
        out.push_back(line);
    }
    return out;
}

std::vector<std::string> users(const Json& answer) {
    std::vector<std::string> out;
    for (const Json& e : at(answer, "data").as_array()) {
        out.push_back(at(at(e, "user"), "gid").as_string());
    }
    return out;
}

} // namespace

TEST_SUITE_BEGIN("sandbox.asana.events");

TEST_CASE("a first call without a sync token answers 412 with one; then nothing new is an empty "
          "200") {
    SandboxProcess sb;
    const auto r = events(sb, "2000");
    REQUIRE(r);
    CHECK(r->status == 412);
    const Json refused = body_json(r);
    CHECK(at(at(at(refused, "errors"), 0), "message").as_string() == k_sync_invalid);
    const std::string token = at(refused, "sync").as_string();
    CHECK(token.size() == 48);

    const Json none = events_ok(sb, "2000", token);
    CHECK(at(none, "data").as_array().empty());
    CHECK(at(none, "has_more").as_bool() == false);
    const std::string next = at(none, "sync").as_string();
    CHECK(next.size() == 48);
    // Tokens may be used again, and the next one works as well.
    CHECK(at(events_ok(sb, "2000", token), "data").as_array().empty());
    CHECK(at(events_ok(sb, "2000", next), "data").as_array().empty());

    // A task can be subscribed to as well; a token is for the resource it was handed out for.
    const std::string task = create_task(sb, "one");
    const std::string task_token = first_sync(sb, task);
    CHECK(at(events_ok(sb, task, task_token), "data").as_array().empty());
    CHECK(events(sb, task, token)->status == 412);
    CHECK(events(sb, "2000", task_token)->status == 412);
    CHECK(events(sb, "2000", "de4774f6915eae04714ca93bb2f5ee81")->status == 412);
    CHECK(events(sb, "2000", "not-a-token")->status == 412);
}

TEST_CASE("API changes act as the token's user, admin edits as Dana or `by`, in order, with their "
          "change fields") {
    SandboxProcess sb;
    clock(sb, R"({"freeze":true,"set":"2026-12-01T10:00:00Z"})");
    const std::string project_token = first_sync(sb, "2000");

    const std::string gid = create_task(sb, "one");
    const std::string task_token = first_sync(sb, gid);
    clock(sb, R"({"advance_ms":1234})");
    auto r = asana(sb, "PUT", "/tasks/" + gid,
                   R"({"data":{"name":"two","completed":true,"assignee":"3001"}})");
    REQUIRE(r->status == 200);
    // The same values again change nothing, so they make no event.
    r = asana(sb, "PUT", "/tasks/" + gid,
              R"({"data":{"name":"two","completed":true,"assignee":"3001"}})");
    REQUIRE(r->status == 200);
    r = asana(sb, "POST", "/tags", R"({"data":{"name":"bug","workspace":"1000"}})");
    REQUIRE(r->status == 201);
    const std::string tag = at(at(body_json(r), "data"), "gid").as_string();
    REQUIRE(asana(sb, "POST", "/tasks/" + gid + "/addTag", R"({"data":{"tag":")" + tag + R"("}})")
                ->status == 200);
    sb.admin_ok("PUT", "/_sandbox/asana/tasks/" + gid, R"({"notes":"by hand"})");
    sb.admin_ok("PUT", "/_sandbox/asana/tasks/" + gid, R"({"name":"three","by":"3000"})");
    sb.admin_ok("PUT", "/_sandbox/asana/tasks/" + gid,
                R"({"assignee":null,"by":"dana@example.com"})");
    // An unknown `by` is refused and changes nothing.
    CHECK(sb.admin("PUT", "/_sandbox/asana/tasks/" + gid, R"({"name":"x","by":"9"})")->status ==
          400);

    const Json answer = events_ok(sb, "2000", project_token);
    CHECK(at(answer, "has_more").as_bool() == false);
    CHECK(summary(answer) ==
          std::vector<std::string>{"added", "changed name changed", "changed completed changed",
                                   "changed assignee changed", "changed tags added",
                                   "changed notes changed", "changed html_notes changed",
                                   "changed name changed", "changed assignee changed"});
    CHECK(users(answer) == std::vector<std::string>{"3000", "3000", "3000", "3000", "3000", "3001",
                                                    "3001", "3000", "3001"});
    const auto& data = at(answer, "data").as_array();

    const Json& added = data[0];
    CHECK(dump(at(added, "user")) ==
          R"({"gid":"3000","resource_type":"user","name":"Sandbox Bot"})");
    CHECK(dump(at(added, "resource")) ==
          R"({"gid":")" + gid + R"(","resource_type":"task","name":"one"})");
    CHECK(at(added, "type").as_string() == "task");
    CHECK(dump(at(added, "parent")) ==
          R"({"gid":"2000","resource_type":"project","name":"End to end"})");
    CHECK(at(added, "created_at").as_string() == "2026-12-01T10:00:00.000Z");
    CHECK(added.get("change") == nullptr);

    const Json& renamed = data[1];
    CHECK(at(renamed, "parent").is_null());
    CHECK(at(renamed, "created_at").as_string() == "2026-12-01T10:00:01.234Z");
    CHECK(at(at(renamed, "resource"), "name").as_string() == "two");
    CHECK(dump(at(renamed, "change")) == R"({"field":"name","action":"changed"})");
    CHECK(
        dump(at(data[3], "change")) ==
        R"({"field":"assignee","action":"changed","new_value":{"gid":"3001","resource_type":"user","name":"Dana"}})");
    CHECK(dump(at(data[4], "change")) ==
          R"({"field":"tags","action":"added","added_value":{"gid":")" + tag +
              R"(","resource_type":"tag","name":"bug"}})");
    CHECK(dump(at(data[5], "user")) == R"({"gid":"3001","resource_type":"user","name":"Dana"})");
    // Unassigned: no new_value (the spec gives one only when the new value is a resource).
    CHECK(dump(at(data[8], "change")) == R"({"field":"assignee","action":"changed"})");

    // The task's own subscription sees the same changes (it began after the create).
    const Json own = events_ok(sb, gid, task_token);
    CHECK(at(own, "data").as_array().size() == 8);
    CHECK(dump(at(own, "data")) == dump(Json(Json::Array(data.begin() + 1, data.end()))));

    // A task deleted by hand: the project still tells; the task is gone as a resource.
    const std::string after = at(answer, "sync").as_string();
    sb.admin_ok("DELETE", "/_sandbox/asana/tasks/" + gid);
    const Json deleted = events_ok(sb, "2000", after);
    CHECK(summary(deleted) == std::vector<std::string>{"deleted"});
    CHECK(users(deleted) == std::vector<std::string>{"3001"});
    CHECK(at(at(at(deleted, "data"), 0), "parent").is_null());
    CHECK(events(sb, gid, task_token)->status == 404);

    const std::string other = create_task(sb, "other");
    const std::string before_delete = at(deleted, "sync").as_string();
    CHECK(sb.admin("DELETE", "/_sandbox/asana/tasks/" + other + "?by=7")->status == 400);
    sb.admin_ok("DELETE", "/_sandbox/asana/tasks/" + other + "?by=3000");
    CHECK(summary(events_ok(sb, "2000", before_delete)) ==
          std::vector<std::string>{"added", "deleted"});
    CHECK(users(events_ok(sb, "2000", before_delete)) == std::vector<std::string>{"3000", "3000"});
}

TEST_CASE("section moves, batch tag actions and admin tag lists make events") {
    SandboxProcess sb;
    const std::string gid = create_task(sb, "moved");
    const std::string token = first_sync(sb, "2000");
    REQUIRE(asana(sb, "POST", "/sections/2002/addTask", R"({"data":{"task":")" + gid + R"("}})")
                ->status == 200);
    // Into the section it is in already: nothing happens.
    REQUIRE(asana(sb, "POST", "/sections/2002/addTask", R"({"data":{"task":")" + gid + R"("}})")
                ->status == 200);
    auto r = asana(sb, "POST", "/tags", R"({"data":{"name":"a","workspace":"1000"}})");
    const std::string a = at(at(body_json(r), "data"), "gid").as_string();
    r = asana(sb, "POST", "/tags", R"({"data":{"name":"b","workspace":"1000"}})");
    const std::string b = at(at(body_json(r), "data"), "gid").as_string();
    const std::string path = "/tasks/" + gid;
    r = asana(sb, "POST", "/batch",
              R"({"data":{"actions":[{"method":"post","relative_path":")" + path +
                  R"(/addTag","data":{"tag":")" + a + R"("}},{"method":"post","relative_path":")" +
                  path + R"(/addTag","data":{"tag":")" + b +
                  R"("}},{"method":"post","relative_path":")" + path +
                  R"(/removeTag","data":{"tag":")" + a + R"("}}]}})");
    REQUIRE(r->status == 200);
    sb.admin_ok("PUT", "/_sandbox/asana/tasks/" + gid, R"({"tags":["a"],"completed":true})");

    const Json answer = events_ok(sb, "2000", token);
    CHECK(summary(answer) ==
          std::vector<std::string>{"added", "changed tags added", "changed tags added",
                                   "changed tags removed", "changed completed changed",
                                   "changed tags removed", "changed tags added"});
    const auto& data = at(answer, "data").as_array();
    CHECK(dump(at(data[0], "parent")) ==
          R"({"gid":"2002","resource_type":"section","name":"Done"})");
    CHECK(dump(at(at(data[3], "change"), "removed_value")) ==
          R"({"gid":")" + a + R"(","resource_type":"tag","name":"a"})");
    CHECK(users(answer) ==
          std::vector<std::string>{"3000", "3000", "3000", "3000", "3001", "3001", "3001"});
}

TEST_CASE("more than 100 events: has_more, and the next token goes on after the last one") {
    SandboxProcess sb;
    const std::string gid = create_task(sb, "busy");
    const std::string token = first_sync(sb, "2000");
    for (int i = 0; i < 105; ++i) {
        sb.admin_ok("PUT", "/_sandbox/asana/tasks/" + gid,
                    R"({"name":"n)" + std::to_string(i) + R"("})");
    }
    const Json first = events_ok(sb, "2000", token);
    const auto& page = at(first, "data").as_array();
    REQUIRE(page.size() == 100);
    CHECK(at(first, "has_more").as_bool() == true);
    CHECK(at(at(page.front(), "resource"), "name").as_string() == "n0");
    CHECK(at(at(page.back(), "resource"), "name").as_string() == "n99");

    const Json second = events_ok(sb, "2000", at(first, "sync").as_string());
    const auto& rest = at(second, "data").as_array();
    REQUIRE(rest.size() == 5);
    CHECK(at(second, "has_more").as_bool() == false);
    CHECK(at(at(rest.front(), "resource"), "name").as_string() == "n100");
    CHECK(at(at(rest.back(), "resource"), "name").as_string() == "n104");
    // The same token again gives the same page.
    CHECK(dump(at(events_ok(sb, "2000", at(first, "sync").as_string()), "data")) ==
          dump(at(second, "data")));

    CHECK(at(events_ok(sb, "2000", at(second, "sync").as_string()), "data").as_array().empty());
}

TEST_CASE("tokens expire after 24 hours on the sandbox clock, by the admin route, and when the "
          "log no longer holds their events") {
    SandboxProcess sb;
    clock(sb, R"({"freeze":true,"set":"2026-12-01T10:00:00Z"})");
    const std::string gid = create_task(sb, "aging");
    const std::string old = first_sync(sb, "2000");
    clock(sb, R"({"advance_s":86400})");
    CHECK(events(sb, "2000", old)->status == 200); // 24 h old: still good
    clock(sb, R"({"advance_s":1})");
    auto r = events(sb, "2000", old);
    REQUIRE(r->status == 412);
    Json refused = body_json(r);
    CHECK(at(at(at(refused, "errors"), 0), "message").as_string() == k_sync_invalid);
    const std::string fresh = at(refused, "sync").as_string();
    CHECK(fresh != old);
    CHECK(at(events_ok(sb, "2000", fresh), "data").as_array().empty());

    sb.admin_ok("POST", "/_sandbox/asana/expire-sync-tokens", "{}");
    r = events(sb, "2000", fresh);
    REQUIRE(r->status == 412);
    const std::string renewed = at(body_json(r), "sync").as_string();
    sb.admin_ok("PUT", "/_sandbox/asana/tasks/" + gid, R"({"completed":true})");
    CHECK(summary(events_ok(sb, "2000", renewed)) ==
          std::vector<std::string>{"changed completed changed"});

    // The log keeps the latest `events_kept` events: a token older than those is expired.
    sb.admin_ok("POST", "/_sandbox/asana/settings", R"({"events_kept":3})");
    const std::string before = first_sync(sb, "2000");
    for (const char* name : {"a", "b", "c", "d"}) {
        sb.admin_ok("PUT", "/_sandbox/asana/tasks/" + gid,
                    R"({"name":")" + std::string(name) + "\"}");
    }
    CHECK(events(sb, "2000", before)->status == 412);
    const std::string kept = first_sync(sb, "2000");
    sb.admin_ok("PUT", "/_sandbox/asana/tasks/" + gid, R"({"name":"e"})");
    sb.admin_ok("PUT", "/_sandbox/asana/tasks/" + gid, R"({"name":"f"})");
    CHECK(at(events_ok(sb, "2000", kept), "data").as_array().size() == 2);
    CHECK(sb.admin("POST", "/_sandbox/asana/settings", R"({"events_kept":0})")->status == 400);

    // After a reset the log starts again: tokens from before are refused.
    sb.admin_ok("POST", "/_sandbox/reset", "{}");
    CHECK(events(sb, "2000", kept)->status == 412);
}

TEST_CASE("a missing or unknown resource, credentials, counting and rate limits") {
    SandboxProcess sb;
    auto r = asana(sb, "GET", "/events");
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(at(at(at(body_json(r), "errors"), 0), "message").as_string() ==
          "resource: Missing input");
    r = events(sb, "1234");
    CHECK(r->status == 404);
    CHECK(at(at(at(body_json(r), "errors"), 0), "message").as_string() == "Unknown object: 1234");
    CHECK(asana(sb, "GET", "/events?resource=2000", "", "wrong")->status == 401);

    sb.admin_ok("POST", "/_sandbox/burst", R"({"api":"asana","count":1})");
    r = events(sb, "2000");
    CHECK(r->status == 429);
    CHECK(r->get_header_value("Retry-After") == "1");
    CHECK(events(sb, "2000")->status == 412);

    const Json counts = sb.admin_ok("GET", "/_sandbox/requests");
    const Json& route = at(at(counts, "asana"), "GET /api/1.0/events");
    CHECK(at(route, "count").as_int() == 5);
}
