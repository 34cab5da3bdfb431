#include "sandbox_process.hpp"

#include <doctest/doctest.h>

using namespace issuebridge::sandbox;
using namespace issuebridge::sandbox::test;

TEST_SUITE_BEGIN("sandbox.github");

TEST_CASE(
    "lists and issues carry a strong ETag - If-None-Match gives 304, until the content changes") {
    SandboxProcess sb;
    sb.admin_ok("POST", "/_sandbox/github/repos/octo/hello/issues",
                R"([{"title": "a"}, {"title": "b"}])");
    for (const std::string path :
         {"/repos/octo/hello/issues?state=all", "/repos/octo/hello/issues/1"}) {
        CAPTURE(path);
        const auto first = sb.github(path);
        REQUIRE(first);
        const std::string etag = first->get_header_value("ETag");
        REQUIRE(etag.size() > 2);
        CHECK(etag.front() == '"'); // strong: no W/ prefix

        const auto again = sb.github(path, {{"If-None-Match", etag}});
        REQUIRE(again);
        CHECK(again->status == 304);
        CHECK(again->body.empty());
        CHECK(again->get_header_value("ETag") == etag);

        const auto weak = sb.github(path, {{"If-None-Match", "\"other\", W/" + etag}});
        REQUIRE(weak);
        CHECK(weak->status == 304);

        sb.admin_ok("PATCH", "/_sandbox/github/repos/octo/hello/issues/1",
                    R"({"title": "changed for )" + path + "\"}");
        const auto changed = sb.github(path, {{"If-None-Match", etag}});
        REQUIRE(changed);
        CHECK(changed->status == 200);
        CHECK(changed->get_header_value("ETag") != etag);
    }
}

TEST_CASE("a page's ETag changes when a new item shifts it, and differs between pages") {
    SandboxProcess sb;
    sb.admin_ok("POST", "/_sandbox/github/repos/octo/hello/generate",
                R"({"count": 4, "closed_fraction": 0})");
    const auto p1 = sb.github("/repos/octo/hello/issues?per_page=2");
    const auto p2 = sb.github("/repos/octo/hello/issues?per_page=2&page=2");
    REQUIRE(p1);
    REQUIRE(p2);
    CHECK(p1->get_header_value("ETag") != p2->get_header_value("ETag"));
    sb.admin_ok("POST", "/_sandbox/github/repos/octo/hello/issues", R"({"title": "newest"})");
    const auto after = sb.github("/repos/octo/hello/issues?per_page=2",
                                 {{"If-None-Match", p1->get_header_value("ETag")}});
    REQUIRE(after);
    CHECK(after->status == 200);
}

TEST_CASE("every answer carries GitHub's rate-limit headers - 304s are free") {
    SandboxProcess sb;
    sb.admin_ok("POST", "/_sandbox/clock", R"({"freeze": true, "set": "2024-01-01T00:00:00Z"})");
    const auto first = sb.github("/repos/octo/hello/issues");
    REQUIRE(first);
    CHECK(first->get_header_value("x-ratelimit-limit") == "5000");
    CHECK(first->get_header_value("x-ratelimit-remaining") == "4999");
    CHECK(first->get_header_value("x-ratelimit-used") == "1");
    CHECK(first->get_header_value("x-ratelimit-resource") == "core");
    CHECK(first->get_header_value("x-ratelimit-reset") == "1704070800"); // 2024-01-01T01:00:00Z
    const auto cached =
        sb.github("/repos/octo/hello/issues", {{"If-None-Match", first->get_header_value("ETag")}});
    REQUIRE(cached);
    CHECK(cached->status == 304);
    CHECK(cached->get_header_value("x-ratelimit-remaining") == "4999");
    const auto missing = sb.github("/repos/octo/hello/issues/99");
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(missing->get_header_value("x-ratelimit-remaining") == "4998");
}

TEST_CASE("a spent budget answers 403 with x-ratelimit-remaining 0 until the window resets") {
    SandboxProcess sb({"--rate-limit", "github=2/60"});
    sb.admin_ok("POST", "/_sandbox/clock", R"({"freeze": true, "set": "2024-01-01T00:00:00Z"})");
    CHECK(sb.github("/repos/octo/hello/issues")->get_header_value("x-ratelimit-remaining") == "1");
    CHECK(sb.github("/repos/octo/hello/issues")->get_header_value("x-ratelimit-remaining") == "0");
    const auto spent = sb.github("/repos/octo/hello/issues");
    REQUIRE(spent);
    CHECK(spent->status == 403);
    CHECK(spent->get_header_value("x-ratelimit-remaining") == "0");
    CHECK(spent->get_header_value("x-ratelimit-reset") == "1704067260");
    CHECK(at(body_json(spent), "message").as_string().find("rate limit exceeded") !=
          std::string::npos);

    sb.admin_ok("POST", "/_sandbox/clock", R"({"advance_s": 59})");
    CHECK(sb.github("/repos/octo/hello/issues")->status == 403);
    sb.admin_ok("POST", "/_sandbox/clock", R"({"advance_s": 1})");
    const auto fresh = sb.github("/repos/octo/hello/issues");
    REQUIRE(fresh);
    CHECK(fresh->status == 200);
    CHECK(fresh->get_header_value("x-ratelimit-remaining") == "1");
}

TEST_CASE("the budget can be changed at runtime, and a burst answers 403 with retry-after") {
    SandboxProcess sb;
    sb.admin_ok("POST", "/_sandbox/rate-limit",
                R"({"api": "github", "limit": 1, "window_s": 600})");
    CHECK(sb.github("/repos/octo/hello/issues")->status == 200);
    CHECK(sb.github("/repos/octo/hello/issues")->status == 403);
    const Json limits = sb.admin_ok("GET", "/_sandbox/rate-limit");
    CHECK(at(at(limits, "github"), "remaining").as_int() == 0);
    sb.admin_ok("POST", "/_sandbox/rate-limit", R"({"api": "github", "limit": 0})");
    CHECK(sb.github("/repos/octo/hello/issues")->get_header_value("x-ratelimit-limit") == "5000");

    sb.admin_ok("POST", "/_sandbox/burst", R"({"api": "github", "count": 2})");
    for (int i = 0; i < 2; ++i) {
        const auto r = sb.github("/repos/octo/hello/issues");
        REQUIRE(r);
        CHECK(r->status == 403);
        CHECK(r->get_header_value("retry-after") == "1");
        CHECK(at(body_json(r), "message").as_string().find("secondary rate limit") !=
              std::string::npos);
    }
    CHECK(sb.github("/repos/octo/hello/issues")->status == 200);
}

TEST_SUITE_END();
