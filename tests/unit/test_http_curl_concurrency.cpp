// CurlClient's send_all: bounded concurrency per host, pacing (checked in virtual time), callbacks.

#include "issuebridge/http/curl_client.hpp"
#include "test_http_server.hpp"
#include "test_policies.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace issuebridge::http;
using issuebridge::testing::HttpServer;
using issuebridge::util::Logger;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

// Counts simultaneous handlers and remembers the most seen at once.
struct InFlightCounter {
    void enter() {
        const int now = ++current;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
    }
    void leave() { --current; }

    std::atomic<int> current{0};
    std::atomic<int> most{0};
};

std::vector<Request> copies(const std::string& url, std::size_t n, const char* method = "GET") {
    Request r;
    r.method = method;
    r.url = url;
    return std::vector<Request>(n, r);
}

} // namespace

TEST_SUITE_BEGIN("http.curl_concurrency");

TEST_CASE("at most the host's concurrency in flight, and more than one") {
    HttpServer s;
    InFlightCounter counter;
    s.server().Get("/work", [&](const httplib::Request&, httplib::Response& res) {
        counter.enter();
        std::this_thread::sleep_for(milliseconds{20}); // latency, so that requests overlap
        counter.leave();
        res.set_content("done", "text/plain");
    });
    s.start();
    CurlClient client(Logger::null());
    HostPolicy policy;
    policy.concurrency = 4;
    client.set_policy(s.url("/"), policy);
    const auto requests = copies(s.url("/work"), 32);
    std::vector<int> seen(requests.size(), 0);
    const auto caller = std::this_thread::get_id();
    bool same_thread = true;
    client.send_all(requests, [&](std::size_t i, Outcome o) {
        same_thread = same_thread && std::this_thread::get_id() == caller;
        REQUIRE(o.ok());
        CHECK(o->body == "done");
        ++seen[i];
    });
    CHECK(same_thread);
    CHECK(std::all_of(seen.begin(), seen.end(), [](int n) { return n == 1; }));
    CHECK(counter.most.load() <= 4);
    CHECK(counter.most.load() >= 2);
}

TEST_CASE("pacing holds the configured rate, counted in virtual time") {
    HttpServer s;
    s.server().Get("/p", [](const httplib::Request&, httplib::Response& res) { res.set_content("", "text/plain"); });
    s.start();
    ManualClock clock;
    const SteadyTime t0 = clock.now();
    CurlClient client(Logger::null(), {&clock});
    HostPolicy policy;
    policy.rate = issuebridge::util::Rate{10, seconds{1}};
    client.set_policy(s.url("/"), policy);
    // A request finishes at the virtual time it started: virtual time moves only while nothing is in flight.
    std::vector<SteadyTime> done;
    client.send_all(copies(s.url("/p"), 35), [&](std::size_t, Outcome o) {
        REQUIRE(o.ok());
        done.push_back(clock.now());
    });
    REQUIRE(done.size() == 35);
    std::sort(done.begin(), done.end());
    for (std::size_t i = 10; i < done.size(); ++i) {
        CHECK(done[i] - done[i - 10] >= seconds{1}); // never 11 in any one-second window
    }
    std::vector<int> per_second(4, 0);
    for (const SteadyTime t : done) {
        ++per_second.at(static_cast<std::size_t>((t - t0) / seconds{1}));
    }
    CHECK(per_second == std::vector<int>{10, 10, 10, 5});
}

TEST_CASE("GitHub write pacing: at least a second between writes, reads unaffected") {
    HttpServer s;
    const auto ok = [](const httplib::Request&, httplib::Response& res) { res.set_content("{}", "application/json"); };
    s.server().Post("/w", ok).Get("/r", ok);
    s.start();
    ManualClock clock;
    CurlClient client(Logger::null(), {&clock});
    client.set_policy(s.url("/"), issuebridge::testing::github_like_policy());
    std::vector<SteadyTime> writes;
    client.send_all(copies(s.url("/w"), 4, "POST"), [&](std::size_t, Outcome o) {
        REQUIRE(o.ok());
        writes.push_back(clock.now());
    });
    REQUIRE(writes.size() == 4);
    for (std::size_t i = 1; i < writes.size(); ++i) {
        CHECK(writes[i] - writes[i - 1] >= seconds{1});
    }
    const SteadyTime before_reads = clock.now();
    client.send_all(copies(s.url("/r"), 20), [](std::size_t, Outcome o) { REQUIRE(o.ok()); });
    CHECK(clock.now() == before_reads);
}

TEST_CASE("hosts are paced and bounded independently") {
    HttpServer slow;
    HttpServer fast;
    const auto ok = [](const httplib::Request&, httplib::Response& res) { res.set_content("", "text/plain"); };
    slow.server().Get("/x", ok);
    fast.server().Get("/x", ok);
    slow.start();
    fast.start();
    ManualClock clock;
    CurlClient client(Logger::null(), {&clock});
    HostPolicy paced;
    paced.rate = RateLimit{1, seconds{10}};
    client.set_policy(slow.url("/"), paced);
    std::vector<Request> requests = copies(slow.url("/x"), 2);
    const auto fast_ones = copies(fast.url("/x"), 10);
    requests.insert(requests.end(), fast_ones.begin(), fast_ones.end());
    std::vector<SteadyTime> when(requests.size());
    client.send_all(requests, [&](std::size_t i, Outcome o) {
        REQUIRE(o.ok());
        when[i] = clock.now();
    });
    CHECK(when[1] - when[0] >= seconds{10});
    for (std::size_t i = 2; i < when.size(); ++i) {
        CHECK(when[i] == when[0]); // the fast host never waited for the slow one
    }
}

TEST_CASE("on_done must not call back into the client; the client stays usable") {
    HttpServer s;
    s.server().Get("/x", [](const httplib::Request&, httplib::Response& res) { res.set_content("", "text/plain"); });
    s.start();
    CurlClient client(Logger::null());
    const auto requests = copies(s.url("/x"), 3);
    CHECK_THROWS_AS(client.send_all(requests, [&](std::size_t, Outcome) { (void)client.send(requests[0]); }),
                    std::logic_error);
    const Outcome after = client.send(requests[0]);
    REQUIRE(after.ok());
    CHECK(after->status == 200);
}

TEST_CASE("an exception from on_done abandons the rest and leaves the client usable") {
    HttpServer s;
    s.server().Get("/x", [](const httplib::Request&, httplib::Response& res) { res.set_content("", "text/plain"); });
    s.start();
    CurlClient client(Logger::null());
    const auto requests = copies(s.url("/x"), 8);
    CHECK_THROWS_AS(client.send_all(requests, [](std::size_t, Outcome) { throw std::runtime_error("stop"); }),
                    std::runtime_error);
    int answered = 0;
    client.send_all(requests, [&](std::size_t, Outcome o) { answered += o.ok() ? 1 : 0; });
    CHECK(answered == 8);
}

TEST_SUITE_END();
