// CurlClient against broken servers: refused connections, resets, truncated and oversized bodies, stalls.

#include "issuebridge/http/curl_client.hpp"
#include "test_http_server.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <poll.h>

using namespace issuebridge::http;
using issuebridge::testing::arm_reset;
using issuebridge::testing::HttpServer;
using issuebridge::testing::RawServer;
using issuebridge::testing::write_all;
using issuebridge::util::Failure;
using issuebridge::util::Logger;
using std::chrono::milliseconds;

namespace {

constexpr std::string_view k_ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
constexpr std::string_view k_short_head = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n";

Request request(std::string url, const char* method = "GET") {
    Request r;
    r.method = method;
    r.url = std::move(url);
    return r;
}

// The first connection gets a 200 whose body stops after 10 of 100 bytes (reset or closed); later ones get "ok".
RawServer::Handler break_first(bool reset) {
    return [reset](int fd, int connection) {
        RawServer::read_request(fd);
        if (connection > 0) {
            write_all(fd, k_ok);
            return;
        }
        write_all(fd, std::string(k_short_head) + "0123456789");
        if (reset) {
            arm_reset(fd);
        }
    };
}

} // namespace

TEST_SUITE_BEGIN("http.curl_faults");

TEST_CASE("connection refused: retried for any method, then a transport failure") {
    RawServer nobody([](int, int) {}, false);
    ManualClock clock;
    CurlClient client(Logger::null(), {&clock});
    HostPolicy policy;
    policy.max_retries = 2;
    policy.backoff_base = milliseconds{1'000};
    client.set_policy(nobody.url("/"), policy);
    const Outcome o = client.send(request(nobody.url("/x"), "POST"));
    REQUIRE(!o.ok());
    INFO(o.failure().message);
    CHECK(o.failure().kind == Failure::Kind::transport);
    CHECK(o.failure().message.starts_with("POST '" + nobody.url("/x") + "': "));
    CHECK(o.failure().message.find("refused") != std::string::npos);
    CHECK(nobody.connections() == 0);
}

TEST_CASE("a POST is retried after connection refused and reaches the server once it listens") {
    RawServer later(
        [](int fd, int) {
            RawServer::read_request(fd);
            write_all(fd, "HTTP/1.1 201 Created\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        },
        false);
    ManualClock clock;
    clock.on_sleep([&](milliseconds) {
        if (clock.sleeps().empty()) {
            later.listen();
        }
    });
    CurlClient client(Logger::null(), {&clock, nullptr, 3});
    HostPolicy policy;
    policy.backoff_base = milliseconds{1'000};
    client.set_policy(later.url("/"), policy);
    Request post = request(later.url("/cards"), "POST");
    post.body = R"({"name":"x"})";
    const Outcome o = client.send(post); // seed 3 draws a non-zero first backoff, so the client sleeps
    REQUIRE(o.ok());
    CHECK(o->status == 201);
    CHECK(later.connections() == 1);
}

TEST_CASE("connection reset mid-body: a GET is retried, a POST is not") {
    SUBCASE("GET") {
        RawServer s(break_first(true));
        ManualClock clock;
        CurlClient client(Logger::null(), {&clock});
        const Outcome o = client.send(request(s.url("/x")));
        REQUIRE(o.ok());
        CHECK(o->body == "ok");
        CHECK(o->attempts == 2);
    }
    SUBCASE("POST") {
        RawServer s(break_first(true));
        ManualClock clock;
        CurlClient client(Logger::null(), {&clock});
        const Outcome o = client.send(request(s.url("/x"), "POST"));
        REQUIRE(!o.ok());
        CHECK(o.failure().kind == Failure::Kind::transport);
        CHECK(s.connections() == 1);
    }
}

TEST_CASE("a truncated body (Content-Length larger than what is sent) is a transport failure") {
    RawServer s(break_first(false));
    ManualClock clock;
    CurlClient client(Logger::null(), {&clock});
    HostPolicy policy;
    policy.max_retries = 0;
    client.set_policy(s.url("/"), policy);
    const Outcome o = client.send(request(s.url("/x")));
    REQUIRE(!o.ok());
    INFO(o.failure().message);
    CHECK(o.failure().kind == Failure::Kind::transport);
    CHECK(o.failure().message.find("closed with 90 bytes remaining") != std::string::npos);

    RawServer again(break_first(false));
    const Outcome retried = client.send(request(again.url("/x")));
    REQUIRE(retried.ok());
    CHECK(retried->body == "ok");
    CHECK(retried->attempts == 2);
}

TEST_CASE("a server slower than the total timeout: a timeout, and a POST is not sent again") {
    HttpServer s;
    std::atomic<int> count{0};
    s.server().Post("/slow", [&](const httplib::Request&, httplib::Response& res) {
        ++count;
        std::this_thread::sleep_for(milliseconds{400}); // the fault under test, not synchronisation
        res.set_content("late", "text/plain");
    });
    s.start();
    ManualClock clock;
    CurlClient client(Logger::null(), {&clock});
    HostPolicy policy;
    policy.total_timeout = milliseconds{100};
    client.set_policy(s.url("/"), policy);
    const Outcome o = client.send(request(s.url("/slow"), "POST"));
    REQUIRE(!o.ok());
    CHECK(o.failure().kind == Failure::Kind::timeout);
    CHECK(o.failure().message.find("timed out") != std::string::npos);
    CHECK(count.load() == 1);
}

TEST_CASE("a stalled transfer (below the low-speed limit) fails as a timeout") {
    RawServer s([&](int fd, int) {
        RawServer::read_request(fd);
        write_all(fd, std::string(k_short_head) + "0123456789");
        s.wait_for_stop(milliseconds{10'000}); // stall until the test ends
    });
    ManualClock clock;
    CurlClient client(Logger::null(), {&clock});
    HostPolicy policy;
    policy.low_speed_limit = 1'000;
    policy.low_speed_time = std::chrono::seconds{1};
    policy.max_retries = 0;
    client.set_policy(s.url("/"), policy);
    const Outcome o = client.send(request(s.url("/x")));
    REQUIRE(!o.ok());
    CHECK(o.failure().kind == Failure::Kind::timeout);
}

TEST_CASE("a body over the cap aborts the transfer with a failure naming the cap") {
    HttpServer s;
    const std::string big(3 << 20, 'x');
    s.server().Get("/sized",
                   [&](const httplib::Request&, httplib::Response& res) { res.set_content(big, "text/plain"); });
    s.server().Get("/chunked", [&](const httplib::Request&, httplib::Response& res) {
        res.set_chunked_content_provider("text/plain", [&](std::size_t offset, httplib::DataSink& sink) {
            if (offset < big.size()) {
                sink.write(big.data() + offset, std::min<std::size_t>(64 << 10, big.size() - offset));
            } else {
                sink.done();
            }
            return true;
        });
    });
    s.start();
    CurlClient client(Logger::null());
    HostPolicy policy;
    policy.max_body = std::size_t{1} << 20;
    client.set_policy(s.url("/"), policy);
    for (const char* path : {"/sized", "/chunked"}) {
        const Outcome o = client.send(request(s.url(path)));
        REQUIRE(!o.ok());
        CHECK(o.failure().kind == Failure::Kind::transport);
        CHECK(o.failure().message == "GET '" + s.url(path) + "': the response body exceeds the cap of 1 MiB");
    }
    policy.max_body = big.size();
    client.set_policy(s.url("/"), policy);
    const Outcome fits = client.send(request(s.url("/chunked")));
    REQUIRE(fits.ok());
    CHECK(fits->body.size() == big.size());
}

TEST_CASE("a create is never resent by libcurl when a reused connection dies without an answer") {
    // Connection 0 answers a GET and keeps the connection alive; a POST that arrives on it is done (counted)
    // and the connection closed without an answer, as a server that crashed after the work would. Later
    // connections answer 201. libcurl resends a request on its own when a reused connection answers nothing;
    // for a POST that would be a second create.
    std::atomic<int> posts{0};
    RawServer server([&](int fd, int connection) {
        std::string head = RawServer::read_request(fd);
        if (connection == 0) {
            write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 500) <= 0) {
                return; // nothing came on the kept-alive connection: the POST went on a fresh one
            }
            head = RawServer::read_request(fd);
            posts += head.starts_with("POST") ? 1 : 0;
            return; // closed without an answer
        }
        posts += head.starts_with("POST") ? 1 : 0;
        write_all(fd, "HTTP/1.1 201 Created\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    });
    CurlClient client(Logger::null());
    REQUIRE(client.send(request(server.url("/a"))).ok());
    Request create = request(server.url("/issues"), "POST");
    create.body = "{}";
    const auto outcome = client.send(create);
    CHECK(posts.load() == 1);
    if (outcome.ok()) {
        CHECK(outcome->status == 201);
    }
}

TEST_SUITE_END();
