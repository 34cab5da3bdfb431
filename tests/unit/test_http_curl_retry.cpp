// CurlClient's retries against a local server, with a ManualClock: the waits chosen are checked, never slept.

#include "issuebridge/http/curl_client.hpp"
#include "test_http_server.hpp"
#include "test_policies.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <vector>

using namespace issuebridge::http;
using issuebridge::testing::HttpServer;
using issuebridge::util::Failure;
using issuebridge::util::Logger;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

// A server whose n-th request to /x (from 0) gets answers[min(n, last)]; counts requests.
struct Scripted {
    struct Answer {
        int status;
        std::vector<std::pair<std::string, std::string>> headers;
        std::string body;
    };

    explicit Scripted(std::vector<Answer> script) : answers(std::move(script)) {
        const auto handler = [this](const httplib::Request&, httplib::Response& res) {
            const std::size_t n = static_cast<std::size_t>(count++);
            const Answer& a = answers[std::min(n, answers.size() - 1)];
            res.status = a.status;
            for (const auto& [name, value] : a.headers) {
                res.set_header(name, value);
            }
            res.set_content(a.body, "application/json");
        };
        server.server().Get("/x", handler).Post("/x", handler);
        server.start();
    }

    std::vector<Answer> answers;
    std::atomic<int> count{0};
    HttpServer server;
};

Request request(const Scripted& s, const char* method = "GET") {
    Request r;
    r.method = method;
    r.url = s.server.url("/x");
    return r;
}

} // namespace

TEST_SUITE_BEGIN("http.curl_retry");

TEST_CASE("429 with Retry-After in seconds: waits that long, then succeeds") {
    Scripted s({{429, {{"Retry-After", "3"}}, ""}, {200, {}, "ok"}});
    ManualClock clock;
    CurlClient client(Logger::null(), {&clock});
    const Outcome o = client.send(request(s, "POST"));
    REQUIRE(o.ok());
    CHECK(o->status == 200);
    CHECK(o->attempts == 2);
    CHECK(o->elapsed >= seconds{3});
    CHECK(clock.sleeps() == std::vector<milliseconds>{seconds{3}});
}

TEST_CASE("429 with Retry-After as an HTTP-date") {
    // ManualClock's calendar starts at 2023-11-14T22:13:20Z.
    Scripted s({{429, {{"Retry-After", "Tue, 14 Nov 2023 22:13:32 GMT"}}, ""}, {200, {}, "ok"}});
    ManualClock clock;
    CurlClient client(Logger::null(), {&clock});
    const Outcome o = client.send(request(s));
    REQUIRE(o.ok());
    CHECK(o->status == 200);
    CHECK(clock.sleeps() == std::vector<milliseconds>{seconds{12}});
}

TEST_CASE("GitHub primary limit: 403 with x-ratelimit-remaining 0 waits until x-ratelimit-reset") {
    Scripted s({{403,
                 {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "1700000042"}},
                 R"({"message":"API rate limit exceeded"})"},
                {200, {}, "[]"}});
    ManualClock clock;
    CurlClient client(Logger::null(), {&clock});
    const Outcome o = client.send(request(s));
    REQUIRE(o.ok());
    CHECK(o->status == 200);
    CHECK(clock.sleeps() == std::vector<milliseconds>{seconds{42}});
}

TEST_CASE("a permission 403 comes back at once") {
    Scripted s({{403, {{"x-ratelimit-remaining", "4000"}}, R"({"message":"Must have admin rights"})"}});
    ManualClock clock;
    CurlClient client(Logger::null(), {&clock});
    const Outcome o = client.send(request(s));
    REQUIRE(o.ok());
    CHECK(o->status == 403);
    CHECK(o->attempts == 1);
    CHECK(s.count.load() == 1);
    CHECK(clock.sleeps().empty());
    CHECK(failure_from(*o, "x").kind == Failure::Kind::auth);
}

TEST_CASE("GitHub secondary limit without Retry-After waits at least a minute") {
    Scripted s({{403, {}, R"({"message":"You have exceeded a secondary rate limit"})"}, {201, {}, "{}"}});
    ManualClock clock;
    CurlClient client(Logger::null(), {&clock});
    client.set_policy(s.server.url("/"), issuebridge::testing::github_like_policy());
    const Outcome o = client.send(request(s, "POST"));
    REQUIRE(o.ok());
    CHECK(o->status == 201);
    REQUIRE(clock.sleeps().size() == 1);
    CHECK(clock.sleeps()[0] >= seconds{60});
}

TEST_CASE("Trello 429 without Retry-After backs off about 10 s; Jira 429 with only X-RateLimit-Reset") {
    SUBCASE("trello") {
        Scripted s({{429, {}, R"({"error":"API_TOKEN_LIMIT_EXCEEDED"})"}, {200, {}, "{}"}});
        ManualClock clock;
        CurlClient client(Logger::null(), {&clock});
        client.set_policy(s.server.url("/"), issuebridge::testing::trello_like_policy());
        REQUIRE(client.send(request(s)).ok());
        REQUIRE(clock.sleeps().size() == 1);
        CHECK(clock.sleeps()[0] >= seconds{10});
    }
    SUBCASE("jira") {
        Scripted s({{429, {{"X-RateLimit-Reset", "2023-11-14T22:14Z"}}, ""}, {200, {}, "{}"}});
        ManualClock clock;
        CurlClient client(Logger::null(), {&clock});
        REQUIRE(client.send(request(s)).ok());
        CHECK(clock.sleeps() == std::vector<milliseconds>{seconds{40}});
    }
}

TEST_CASE("500 and 502 then success: a GET is retried") {
    Scripted s({{500, {}, ""}, {502, {}, ""}, {200, {}, "fine"}});
    ManualClock clock;
    CurlClient client(Logger::null(), {&clock, nullptr, 1});
    const Outcome o = client.send(request(s));
    REQUIRE(o.ok());
    CHECK(o->status == 200);
    CHECK(o->body == "fine");
    CHECK(o->attempts == 3);
    CHECK(s.count.load() == 3);
}

TEST_CASE("a POST is not retried after a 500, unless marked idempotent") {
    Scripted s({{500, {}, R"({"errorMessages":["boom"]})"}, {200, {}, "fine"}});
    Scripted again({{500, {}, ""}, {200, {}, "fine"}});
    ManualClock clock;
    CurlClient client(Logger::null(), {&clock});
    const Outcome o = client.send(request(s, "POST"));
    REQUIRE(o.ok());
    CHECK(o->status == 500);
    CHECK(o->body == R"({"errorMessages":["boom"]})");
    CHECK(o->attempts == 1);
    CHECK(s.count.load() == 1);
    Request marked = request(s, "POST");
    marked.idempotent = true;
    marked.url = again.server.url("/x");
    const Outcome retried = client.send(marked);
    REQUIRE(retried.ok());
    CHECK(retried->status == 200);
    CHECK(again.count.load() == 2);
}

TEST_CASE("a POST is retried after 503 with Retry-After") {
    Scripted s({{503, {{"Retry-After", "2"}}, ""}, {201, {}, "{}"}});
    ManualClock clock;
    CurlClient client(Logger::null(), {&clock});
    const Outcome o = client.send(request(s, "POST"));
    REQUIRE(o.ok());
    CHECK(o->status == 201);
    CHECK(clock.sleeps() == std::vector<milliseconds>{seconds{2}});
}

TEST_CASE("retries exhausted: the last answer comes back as a Response") {
    Scripted s({{502, {}, "bad gateway"}});
    ManualClock clock;
    CurlClient client(Logger::null(), {&clock});
    HostPolicy policy;
    policy.max_retries = 2;
    client.set_policy(s.server.url("/"), policy);
    const Outcome o = client.send(request(s));
    REQUIRE(o.ok());
    CHECK(o->status == 502);
    CHECK(o->attempts == 3);
    CHECK(s.count.load() == 3);
}

TEST_CASE("a burst of 429 with Retry-After longer than max_retries is waited out, not failed") {
    std::vector<Scripted::Answer> answers(8, Scripted::Answer{429, {{"Retry-After", "1"}}, ""});
    answers.push_back({201, {}, "{}"});
    Scripted s(answers);
    ManualClock clock;
    CurlClient client(Logger::null(), {&clock});
    HostPolicy policy;
    policy.max_retries = 2;
    client.set_policy(s.server.url("/"), policy);
    Request req = request(s);
    req.method = "POST";
    const Outcome o = client.send(req);
    REQUIRE(o.ok());
    CHECK(o->status == 201);
    CHECK(o->attempts == 9);
    CHECK(s.count.load() == 9);
}

TEST_CASE("a wait beyond max_wait gives up with rate_limit, and holds the host for queued requests") {
    Scripted s({{429, {{"Retry-After", "600"}}, ""}, {200, {}, ""}});
    ManualClock clock;
    CurlClient client(Logger::null(), {&clock});
    HostPolicy policy;
    policy.concurrency = 1;
    client.set_policy(s.server.url("/"), policy);
    const std::vector<Request> requests(4, request(s));
    std::vector<std::string> messages(4);
    client.send_all(requests, [&](std::size_t i, Outcome o) {
        REQUIRE(!o.ok());
        CHECK(o.failure().kind == Failure::Kind::rate_limit);
        messages[i] = o.failure().message;
    });
    CHECK(s.count.load() == 1);
    CHECK(clock.sleeps().empty());
    CHECK(messages[0] ==
          "GET '" + s.server.url("/x") + "': the server asked to wait 10 min (retry-after), more than max_wait 5 min");
    CHECK(messages[3].find("more than max_wait 5 min") != std::string::npos);
}

TEST_CASE("a spent quota on a success holds later requests to that host") {
    Scripted s({{200, {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "1700000030"}}, "[]"}, {200, {}, "[]"}});
    ManualClock clock;
    CurlClient client(Logger::null(), {&clock});
    REQUIRE(client.send(request(s)).ok());
    REQUIRE(client.send(request(s)).ok());
    CHECK(clock.sleeps() == std::vector<milliseconds>{seconds{30}});
}

TEST_CASE("the cancel flag: no request starts, waits end at once, in-flight ones finish") {
    std::atomic<bool> cancel{false};
    ManualClock clock;
    SUBCASE("set before sending") {
        Scripted s({{200, {}, ""}});
        cancel = true;
        CurlClient client(Logger::null(), {&clock, &cancel});
        const Outcome o = client.send(request(s));
        REQUIRE(!o.ok());
        CHECK(o.failure().kind == Failure::Kind::interrupted);
        CHECK(s.count.load() == 0);
    }
    SUBCASE("set during a retry wait") {
        Scripted s({{503, {{"Retry-After", "30"}}, ""}, {200, {}, ""}});
        clock.on_sleep([&](milliseconds) { cancel = true; });
        CurlClient client(Logger::null(), {&clock, &cancel});
        const Outcome o = client.send(request(s));
        REQUIRE(!o.ok());
        CHECK(o.failure().kind == Failure::Kind::interrupted);
        CHECK(s.count.load() == 1);
        CHECK(clock.sleeps().empty());
    }
    SUBCASE("set while a request is in flight: its answer stands, nothing is retried") {
        HttpServer server;
        server.server().Get("/x", [&](const httplib::Request&, httplib::Response& res) {
            cancel = true;
            res.status = 500;
        });
        server.start();
        CurlClient client(Logger::null(), {&clock, &cancel});
        Request r;
        r.url = server.url("/x");
        const Outcome o = client.send(r);
        REQUIRE(o.ok());
        CHECK(o->status == 500);
        CHECK(o->attempts == 1);
    }
}

TEST_SUITE_END();
