// CurlClient against a local cpp-httplib server: requests, responses, pagination, conditional requests, logging.

#include "issuebridge/http/curl_client.hpp"
#include "issuebridge/http/pagination.hpp"
#include "issuebridge/util/paths.hpp"
#include "test_http_server.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace issuebridge::http;
using issuebridge::testing::HttpServer;
using issuebridge::testing::MemoryLog;
using issuebridge::testing::RawServer;
using issuebridge::util::Failure;
using issuebridge::util::Logger;
using issuebridge::util::LogLevel;

namespace {
Request get(std::string url) {
    Request r;
    r.url = std::move(url);
    return r;
}
} // namespace

TEST_SUITE_BEGIN("http.curl_basic");

TEST_CASE("following Link rel=next through every page") {
    HttpServer s;
    s.server().Get("/items", [](const httplib::Request& req, httplib::Response& res) {
        const int page = req.has_param("page") ? std::stoi(req.get_param_value("page")) : 1;
        if (page < 3) {
            const std::string next =
                "http://" + req.get_header_value("Host") + "/items?ids=1,2&page=" + std::to_string(page + 1);
            res.set_header("Link", "<" + next + ">; rel=\"next\", <http://x/items?page=3>; rel=\"last\"");
        }
        res.set_content("[" + std::to_string(page) + "]", "application/json");
    });
    s.start();
    CurlClient client(Logger::null());
    std::vector<std::string> bodies;
    std::optional<std::string> url = s.url("/items");
    while (url) {
        const Outcome page = client.send(get(*url));
        REQUIRE(page.ok());
        REQUIRE(page->status == 200);
        bodies.push_back(page->body);
        url = link_rel(*page, "next");
    }
    CHECK(bodies == std::vector<std::string>{"[1]", "[2]", "[3]"});
}

TEST_CASE("conditional requests: a matching ETag gives 304, not modified") {
    HttpServer s;
    std::string seen_since;
    s.server().Get("/repo", [&](const httplib::Request& req, httplib::Response& res) {
        seen_since = req.get_header_value("If-Modified-Since");
        if (req.get_header_value("If-None-Match") == "\"v1\"") {
            res.status = 304;
            return;
        }
        res.set_header("ETag", "\"v1\"");
        res.set_content("{}", "application/json");
    });
    s.start();
    CurlClient client(Logger::null());
    const Outcome first = client.send(get(s.url("/repo")));
    REQUIRE(first.ok());
    CHECK(!first->not_modified());
    REQUIRE(first->header("etag"));
    Request again = get(s.url("/repo"));
    again.if_none_match = *first->header("ETag");
    again.if_modified_since = "Tue, 14 Nov 2023 22:13:20 GMT";
    const Outcome second = client.send(again);
    REQUIRE(second.ok());
    CHECK(second->not_modified());
    CHECK(second->status == 304);
    CHECK(second->body.empty());
    CHECK(second->attempts == 1);
    CHECK(seen_since == "Tue, 14 Nov 2023 22:13:20 GMT");
}

TEST_CASE("methods, bodies, headers and the User-Agent reach the server") {
    HttpServer s;
    const auto echo = [](const httplib::Request& req, httplib::Response& res) {
        res.status = req.method == "POST" ? 201 : 200;
        res.set_content(req.method + " " + req.get_header_value("Content-Type") + " " +
                            req.get_header_value("Content-Length") + " " + req.body + " " +
                            req.get_header_value("User-Agent") + " " + req.get_header_value("X-Custom"),
                        "text/plain");
    };
    s.server().Get("/e", echo).Post("/e", echo).Put("/e", echo).Patch("/e", echo).Delete("/e", echo);
    s.start();
    CurlClient client(Logger::null());
    const std::string agent = std::string("issuebridge/") + issuebridge::util::version();

    Request post = get(s.url("/e"));
    post.method = "POST";
    post.body = R"({"a":1})";
    post.headers = {{"Content-Type", "application/json"}, {"X-Custom", "yes"}};
    Outcome o = client.send(post);
    REQUIRE(o.ok());
    CHECK(o->status == 201);
    CHECK(o->body == "POST application/json 7 {\"a\":1} " + agent + " yes");

    Request put = post;
    put.method = "PUT";
    put.body.clear();
    o = client.send(put);
    REQUIRE(o.ok());
    CHECK(o->body == "PUT application/json 0  " + agent + " yes");

    for (const char* method : {"PATCH", "DELETE"}) {
        Request r = post;
        r.method = method;
        o = client.send(r);
        REQUIRE(o.ok());
        CHECK(o->body.starts_with(std::string(method) + " application/json 7 {\"a\":1}"));
    }
    o = client.send(get(s.url("/e")));
    REQUIRE(o.ok());
    CHECK(o->body == "GET    " + agent + " ");
    Request head = get(s.url("/e"));
    head.method = "HEAD";
    o = client.send(head);
    REQUIRE(o.ok());
    CHECK(o->status == 200);
    CHECK(o->body.empty());
}

TEST_CASE("response headers: case-insensitive, several values joined; redirects are not followed") {
    HttpServer s;
    s.server().Get("/moved", [](const httplib::Request&, httplib::Response& res) {
        res.status = 301;
        res.set_header("Location", "http://elsewhere.invalid/new");
        res.set_header("X-Many", "a");
        res.headers.emplace("X-Many", "b");
    });
    s.start();
    CurlClient client(Logger::null());
    const Outcome o = client.send(get(s.url("/moved")));
    REQUIRE(o.ok());
    CHECK(o->status == 301);
    CHECK(o->header("location") == "http://elsewhere.invalid/new");
    CHECK(o->header("x-many") == "a, b");
    CHECK(o->headers.all("X-MANY").size() == 2);
    CHECK(!o->header("x-none"));
}

TEST_CASE("compressed responses are offered (curl decodes them)") {
    HttpServer s;
    s.server().Get("/big", [](const httplib::Request& req, httplib::Response& res) {
        res.set_content(req.get_header_value("Accept-Encoding").empty() ? "no" : "yes", "text/plain");
    });
    s.start();
    CurlClient client(Logger::null());
    const Outcome o = client.send(get(s.url("/big")));
    REQUIRE(o.ok());
    CHECK(o->body == "yes");
}

TEST_CASE("-v logs one redacted line per request; -vv adds redacted headers") {
    HttpServer s;
    s.server().Get("/x", [](const httplib::Request&, httplib::Response& res) {
        res.set_header("Set-Cookie", "sid=SETCOOKIESECRET; HttpOnly");
        res.set_header("Link", "<http://h/x?private_token=LINKSECRET&page=2>; rel=\"next\"");
        res.set_content("hello", "text/plain");
    });
    s.start();
    const std::string port = s.url("").substr(std::string("http://127.0.0.1:").size());
    Request r =
        get("http://user:USERINFOSECRET@127.0.0.1:" + port + "/x?key=TRELLOKEYSECRET&token=TRELLOTOKSECRET&q=1");
    r.headers = {{"Authorization", "Bearer BEARERSECRET"},
                 {"PRIVATE-TOKEN", "GITLABSECRET"},
                 {"Cookie", "session=COOKIESECRET"},
                 {"Accept", "application/json"}};
    const std::string line = "http: GET http://********@127.0.0.1:" + port + "/x?key=********&token=********&q=1";

    SUBCASE("-vv") {
        MemoryLog sink;
        Logger log(LogLevel::debug, sink.file());
        CurlClient client(log);
        REQUIRE(client.send(r).ok());
        const std::string text = sink.text();
        CHECK(text.find("SECRET") == std::string::npos);
        CHECK(text.find("issuebridge: info: " + line + " 200 5 bytes ") != std::string::npos);
        CHECK(text.find(" retry 0\n") != std::string::npos);
        CHECK(text.find("issuebridge: debug: http: > Authorization: Bearer ********\n") != std::string::npos);
        CHECK(text.find("http: > PRIVATE-TOKEN: ********\n") != std::string::npos);
        CHECK(text.find("http: > Cookie: ********\n") != std::string::npos);
        CHECK(text.find("http: > Accept: application/json\n") != std::string::npos);
        CHECK(text.find("http: < Set-Cookie: ********\n") != std::string::npos);
        CHECK(text.find("http: < Link: <http://h/x?private_token=********&page=2>; rel=\"next\"\n") !=
              std::string::npos);
    }
    SUBCASE("-v") {
        MemoryLog sink;
        Logger log(LogLevel::info, sink.file());
        CurlClient client(log);
        REQUIRE(client.send(r).ok());
        const std::string text = sink.text();
        CHECK(text.find("SECRET") == std::string::npos);
        CHECK(text.find(line + " 200 5 bytes ") != std::string::npos);
        CHECK(text.find("http: >") == std::string::npos);
        CHECK(text.find("http: <") == std::string::npos);
    }
}

TEST_CASE("failure messages and retry lines are redacted too") {
    RawServer nobody([](int, int) {}, false); // bound, never listening: connections are refused
    const std::string url = nobody.url("/x?token=TOKSECRET").replace(7, 0, "me:PWSECRET@");
    MemoryLog sink;
    Logger log(LogLevel::debug, sink.file());
    ManualClock clock;
    CurlClient client(log, ClientOptions{&clock});
    HostPolicy policy;
    policy.max_retries = 1;
    client.set_policy(url, policy);
    Request r = get(url);
    r.headers = {{"Authorization", "token GHSECRET"}};
    const Outcome o = client.send(r);
    REQUIRE(!o.ok());
    CHECK(o.failure().kind == Failure::Kind::transport);
    CHECK(o.failure().message.starts_with("GET 'http://********@127.0.0.1:"));
    CHECK(o.failure().message.find("SECRET") == std::string::npos);
    const std::string text = sink.text();
    CHECK(text.find("SECRET") == std::string::npos);
    CHECK(text.find("failed (transport) 0 bytes") != std::string::npos);
    CHECK(text.find("(backoff) before retry 1") != std::string::npos);
    CHECK(text.find("retry 1\n") != std::string::npos);
}

TEST_SUITE_END();
