#include "http/pacer.hpp"
#include "issuebridge/http/policy.hpp"
#include "test_policies.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace issuebridge::http;
using std::chrono::milliseconds;
using std::chrono::seconds;

TEST_SUITE_BEGIN("http.policy");

TEST_CASE("a host no adapter row describes gets the generic policy") {
    const HostPolicy generic{};
    CHECK(!generic.rate);
    CHECK(generic.concurrency == 4);
    CHECK(generic.max_body == 32U * 1024U * 1024U);
    CHECK(generic.max_wait == seconds{300});
}

TEST_CASE("origins key policies by scheme, host and port") {
    CHECK(origin_of("https://API.GitHub.com/repos/o/r?x=1") == "https://api.github.com:443");
    CHECK(origin_of("http://127.0.0.1:8080/x") == "http://127.0.0.1:8080");
    CHECK(origin_of("http://example.com") == "http://example.com:80");
    CHECK(origin_of("https://u:p@h.example:8443#f") == "https://h.example:8443");
    CHECK(origin_of("http://[::1]:9000/x") == "http://[::1]:9000");
    CHECK(origin_of("https://[::1]/x") == "https://[::1]:443");
    CHECK(origin_of("not a url").empty());
}

TEST_CASE("a rate window allows at most count starts in any window of period") {
    RateWindow window(RateLimit{3, seconds{1}});
    const SteadyTime t0{seconds{100}};
    std::vector<SteadyTime> starts;
    SteadyTime now = t0;
    for (int i = 0; i < 10; ++i) {
        now = window.next_allowed(now);
        window.record(now);
        starts.push_back(now);
    }
    CHECK(starts[0] == t0);
    CHECK(starts[2] == t0);              // a burst of 3
    CHECK(starts[3] == t0 + seconds{1}); // the 4th waits for the 1st to leave the window
    for (std::size_t i = 3; i < starts.size(); ++i) {
        CHECK(starts[i] - starts[i - 3] >= seconds{1});
    }
}

TEST_CASE("the pacer spaces writes and leaves reads to the overall rate") {
    HostPolicy policy = issuebridge::testing::github_like_policy();
    policy.rate.reset();
    Pacer pacer(policy);
    const SteadyTime t0{seconds{100}};
    pacer.record(t0, true);
    CHECK(pacer.next_allowed(t0, true) == t0 + seconds{1});
    CHECK(pacer.next_allowed(t0, false) == t0);
    SteadyTime now = t0;
    for (int i = 1; i < 80; ++i) {
        now = pacer.next_allowed(now, true);
        pacer.record(now, true);
    }
    CHECK(now == t0 + seconds{79});

    HostPolicy burst;
    burst.write_rate = RateLimit{2, seconds{1}};
    Pacer writes(burst);
    writes.record(t0, true);
    writes.record(t0, true);
    CHECK(writes.next_allowed(t0, true) == t0 + seconds{1});
    CHECK(writes.next_allowed(t0, false) == t0);
}

TEST_CASE("a server's advertised token bucket refill slows the pacer, never speeds it up") {
    const auto response = [](std::string fill) {
        Response r;
        r.status = 200;
        r.headers.add("X-RateLimit-Limit", "20");
        r.headers.add("X-RateLimit-Remaining", "19");
        r.headers.add("x-ratelimit-fillrate", std::move(fill)); // names ignore case
        r.headers.add("X-RateLimit-Interval-Seconds", "1");
        r.headers.add("retry-after", "0");
        return r;
    };
    const Response dc = response("2");
    REQUIRE(advertised_rate(dc));
    CHECK(*advertised_rate(dc) == RateLimit{2, seconds{1}});
    CHECK_FALSE(advertised_rate(response("0")));
    CHECK_FALSE(advertised_rate(response("2x")));
    CHECK_FALSE(advertised_rate(Response{}));

    HostPolicy policy;
    policy.rate = RateLimit{10, seconds{1}};
    Pacer pacer(policy);
    const SteadyTime t0{seconds{100}};
    pacer.slow_to(RateLimit{100, seconds{1}}); // faster than configured: ignored
    for (int i = 0; i < 10; ++i) {
        pacer.record(t0, false);
    }
    CHECK(pacer.next_allowed(t0, false) == t0 + seconds{1});
    pacer.slow_to(*advertised_rate(dc)); // 2 per second from now on
    pacer.record(t0, false);
    pacer.record(t0, false);
    CHECK(pacer.next_allowed(t0, false) == t0 + seconds{1});
    CHECK(pacer.next_allowed(t0 + seconds{1}, false) == t0 + seconds{1});
}

TEST_SUITE_END();
