#include "http/retry.hpp"
#include "test_policies.hpp"

#include "support/fake_client.hpp"

#include <doctest/doctest.h>

using namespace issuebridge::http;
using issuebridge::util::Failure;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

const WallTime k_now{seconds{1'700'000'000}}; // 2023-11-14T22:13:20Z

Response answer(long status, std::vector<std::pair<std::string, std::string>> headers = {}, std::string body = {}) {
    return FakeClient::response(status, std::move(body), std::move(headers));
}

Decision judge(const Request& request, const Outcome& outcome, int attempts = 1, Delivery delivery = Delivery::answered,
               const HostPolicy& policy = {}) {
    std::mt19937_64 rng(7);
    return decide(Attempt{request, outcome, delivery, attempts, milliseconds{0}}, policy, k_now, rng);
}

Request get() { return Request{}; }
Request post() {
    Request r;
    r.method = "POST";
    return r;
}

} // namespace

TEST_SUITE_BEGIN("http.retry");

TEST_CASE("Retry-After in seconds and as an HTTP-date") {
    CHECK(parse_retry_after("120", k_now) == milliseconds{120'000});
    CHECK(parse_retry_after(" 0 ", k_now) == milliseconds{0});
    CHECK(parse_retry_after("Tue, 14 Nov 2023 22:13:50 GMT", k_now) == milliseconds{30'000});
    CHECK(parse_retry_after("Tue, 14 Nov 2023 22:00:00 GMT", k_now) == milliseconds{0}); // in the past
    CHECK(!parse_retry_after("soon", k_now));
    CHECK(!parse_retry_after("-5", k_now));
    CHECK(!parse_retry_after("Tue, 14 Nov 2023 22:13:50 PST", k_now));
}

TEST_CASE("reset times as epoch seconds and ISO 8601") {
    CHECK(parse_reset("1700000060") == k_now + seconds{60});
    CHECK(parse_reset("2023-11-14T22:15Z") == k_now + seconds{100});
    CHECK(parse_reset("2023-11-14T22:13:21.250Z") == k_now + seconds{1});
    CHECK(parse_reset("2023-11-14T23:15:00+01:00") == k_now + seconds{100});
    CHECK(parse_reset("2023-11-14T21:15:00-0100") == k_now + seconds{100});
    CHECK(!parse_reset("2023-13-14T22:15Z"));
    CHECK(!parse_reset("tomorrow"));
}

TEST_CASE("a reset or retry date past what the clock holds is refused or capped, never overflows") {
    // Found by fuzz_http_headers: year 4050 overflowed the nanosecond clock (undefined behaviour).
    CHECK(!parse_reset("4050-11-22T10:15:30.5+01:00"));
    CHECK(!parse_reset("0000-01-01T00:00Z"));
    CHECK(!parse_retry_after("Sun, 06 Nov 9999 08:49:37 GMT", k_now));
    CHECK(parse_reset("100000000000") == WallTime{seconds{7'258'118'400}}); // capped at 2200-01-01
    CHECK(parse_reset("2199-12-31T23:59Z").has_value());
}

TEST_CASE("a 429 waits as long as Retry-After says, for any method") {
    const Outcome o = answer(429, {{"Retry-After", "7"}});
    const Decision d = judge(post(), o);
    CHECK(d.action == Decision::Action::retry);
    CHECK(d.wait == seconds{7});
    CHECK(d.host_wide);
    CHECK(d.why == "retry-after");
}

TEST_CASE("GitHub primary limit: 403 with x-ratelimit-remaining 0 waits for the reset") {
    const Outcome o = answer(403, {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "1700000045"}},
                             R"({"message":"API rate limit exceeded for user ID 1."})");
    const Decision d = judge(get(), o);
    CHECK(d.action == Decision::Action::retry);
    CHECK(d.wait == seconds{45});
    CHECK(d.why == "rate limit reset");
    CHECK(failure_from(o.value(), "list issues").kind == Failure::Kind::rate_limit);
}

TEST_CASE("a 403 without rate signals is a permission error, returned as it is") {
    const Outcome o = answer(403, {{"x-ratelimit-remaining", "4999"}}, R"({"message":"Resource not accessible"})");
    CHECK(judge(get(), o).action == Decision::Action::finish);
    CHECK(!rate_signal(o.value(), k_now).limited);
    const Failure f = failure_from(o.value(), "list issues of 'o/r'");
    CHECK(f.kind == Failure::Kind::auth);
    CHECK(f.status == 403);
    CHECK(f.message == R"(list issues of 'o/r': HTTP 403: {"message":"Resource not accessible"})");
}

TEST_CASE("GitHub secondary limit: retry-after if given, else at least a minute") {
    const HostPolicy github = issuebridge::testing::github_like_policy();
    const Outcome with =
        answer(403, {{"Retry-After", "30"}}, R"({"message":"You have triggered an abuse detection mechanism"})");
    CHECK(judge(post(), with, 1, Delivery::answered, github).wait == seconds{30});
    const Outcome without = answer(403, {}, R"({"message":"You have exceeded a secondary rate limit."})");
    const Decision d = judge(post(), without, 1, Delivery::answered, github);
    CHECK(d.action == Decision::Action::retry);
    CHECK(d.wait >= seconds{60});
    CHECK(d.why == "secondary rate limit");
}

TEST_CASE("a vendor's rate-limit words are the host policy's: the HTTP core knows only \"rate limit\"") {
    const Outcome abuse = answer(403, {}, R"({"message":"You have triggered an abuse detection mechanism"})");
    CHECK_FALSE(rate_signal(abuse.value(), k_now).limited); // a 403 saying nothing the core knows
    CHECK(judge(post(), abuse).action == Decision::Action::finish);
    const std::vector<std::string> words{"Abuse"};
    CHECK(rate_signal(abuse.value(), k_now, words).limited); // any case
    CHECK(rate_signal(abuse.value(), k_now, words).why == "Abuse");
    const Decision d = judge(post(), abuse, 1, Delivery::answered, issuebridge::testing::github_like_policy());
    CHECK(d.action == Decision::Action::retry);
    CHECK(d.wait >= seconds{60}); // the policy's floor
    CHECK(d.why == "abuse");
    // The generic wording needs no word of the host's, and waits the default floor.
    const Outcome generic = answer(403, {}, R"({"message":"API rate limit exceeded"})");
    CHECK(judge(post(), generic).action == Decision::Action::retry);
}

TEST_CASE("a 429 without any wait signal backs off, at least the policy's floor (Trello, GitLab)") {
    const Outcome trello = answer(429, {}, R"({"error":"API_TOKEN_LIMIT_EXCEEDED","message":"Rate limit exceeded"})");
    const Decision d = judge(post(), trello, 1, Delivery::answered, issuebridge::testing::trello_like_policy());
    CHECK(d.action == Decision::Action::retry);
    CHECK(d.wait >= seconds{10});
    CHECK(d.wait <= seconds{30});
}

TEST_CASE("Jira 429: Retry-After first, else X-RateLimit-Reset in ISO 8601") {
    const Outcome both = answer(429, {{"Retry-After", "5"}, {"X-RateLimit-Reset", "2023-11-14T22:15Z"}});
    CHECK(judge(get(), both).wait == seconds{5});
    const Outcome reset_only = answer(429, {{"X-RateLimit-Reset", "2023-11-14T22:15Z"}});
    CHECK(judge(get(), reset_only).wait == seconds{100});
    const Outcome gitlab = answer(429, {{"RateLimit-Reset", "1700000010"}});
    CHECK(judge(get(), gitlab).wait == seconds{10});
}

TEST_CASE("a wait beyond max_wait gives up with rate_limit") {
    const Outcome o = answer(429, {{"Retry-After", "3600"}});
    const Decision d = judge(get(), o);
    CHECK(d.action == Decision::Action::give_up);
    CHECK(d.failure.kind == Failure::Kind::rate_limit);
    CHECK(d.failure.message == "the server asked to wait 60 min (retry-after), more than max_wait 5 min");
}

TEST_CASE("server errors: GET retried, POST not, unless marked idempotent or 503 with Retry-After") {
    const Outcome e500 = answer(500);
    CHECK(judge(get(), e500).action == Decision::Action::retry);
    CHECK(judge(get(), e500).why == "backoff");
    CHECK(judge(post(), e500).action == Decision::Action::finish);
    Request marked = post();
    marked.idempotent = true;
    CHECK(judge(marked, e500).action == Decision::Action::retry);
    CHECK(judge(post(), answer(503)).action == Decision::Action::finish);
    const Decision d = judge(post(), answer(503, {{"Retry-After", "2"}}));
    CHECK(d.action == Decision::Action::retry);
    CHECK(d.wait == seconds{2});
    CHECK(!d.host_wide);
    for (long status : {200L, 201L, 304L, 400L, 401L, 404L, 409L, 422L}) {
        CHECK(judge(get(), answer(status)).action == Decision::Action::finish);
    }
}

TEST_CASE("transport failures: not_sent retried for any method, transient only when safe") {
    const Outcome refused = Failure{Failure::Kind::transport, "refused"};
    CHECK(judge(post(), refused, 1, Delivery::not_sent).action == Decision::Action::retry);
    CHECK(judge(post(), refused, 1, Delivery::transient).action == Decision::Action::finish);
    CHECK(judge(get(), refused, 1, Delivery::transient).action == Decision::Action::retry);
    CHECK(judge(get(), refused, 1, Delivery::permanent).action == Decision::Action::finish);
}

TEST_CASE("retries are bounded in count and in total time") {
    HostPolicy policy;
    policy.max_retries = 2;
    CHECK(judge(get(), answer(502), 2, Delivery::answered, policy).action == Decision::Action::retry);
    CHECK(judge(get(), answer(502), 3, Delivery::answered, policy).action == Decision::Action::finish);
    policy.retry_budget = seconds{10};
    std::mt19937_64 rng(1);
    const Outcome o = answer(429, {{"Retry-After", "5"}});
    const Request r = get();
    CHECK(decide(Attempt{r, o, Delivery::answered, 1, seconds{4}}, policy, k_now, rng).action ==
          Decision::Action::retry);
    CHECK(decide(Attempt{r, o, Delivery::answered, 1, seconds{6}}, policy, k_now, rng).action ==
          Decision::Action::finish);
}

TEST_CASE("a wait the server named within max_wait is waited, not counted as a failed attempt") {
    HostPolicy policy;
    policy.max_retries = 2;
    std::mt19937_64 rng(1);
    const Request r = post();
    const Outcome told = answer(429, {{"Retry-After", "1"}});
    // Ten answers of 429 with Retry-After, all waited: still retried, each uncounted.
    const Decision d = decide(Attempt{r, told, Delivery::answered, 11, seconds{10}, 10}, policy, k_now, rng);
    CHECK(d.action == Decision::Action::retry);
    CHECK_FALSE(d.counted);
    CHECK(d.wait == seconds{1});
    // A 429 that names no wait is a counted retry, and stops at max_retries -- the named waits not counting.
    const Outcome untold = answer(429);
    const Decision counted = decide(Attempt{r, untold, Delivery::answered, 12, seconds{11}, 10}, policy, k_now, rng);
    CHECK(counted.action == Decision::Action::retry);
    CHECK(counted.counted);
    CHECK(decide(Attempt{r, untold, Delivery::answered, 13, seconds{12}, 10}, policy, k_now, rng).action ==
          Decision::Action::finish);
    // Without the named waits set apart, the same attempt would have been the last.
    CHECK(decide(Attempt{r, untold, Delivery::answered, 12, seconds{11}, 0}, policy, k_now, rng).action ==
          Decision::Action::finish);
    // The retry budget still bounds waiting as asked.
    policy.retry_budget = seconds{10};
    CHECK(decide(Attempt{r, told, Delivery::answered, 11, seconds{10}, 10}, policy, k_now, rng).action ==
          Decision::Action::finish);
}

TEST_CASE("backoff is full jitter under an exponential ceiling, reproducible from the seed") {
    HostPolicy policy;
    policy.backoff_base = milliseconds{100};
    policy.backoff_cap = milliseconds{1'000};
    std::mt19937_64 a(42);
    std::mt19937_64 b(42);
    for (int retry = 0; retry < 8; ++retry) {
        const auto ceiling = std::min(milliseconds{100 << retry}, milliseconds{1'000});
        for (int i = 0; i < 50; ++i) {
            const auto wait = backoff(retry, policy, a);
            CHECK(wait >= milliseconds{0});
            CHECK(wait <= ceiling);
            CHECK(wait == backoff(retry, policy, b));
        }
    }
}

TEST_CASE("a spent quota on any response holds the host until the reset") {
    CHECK(quota_exhausted_until(answer(200, {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "1700000100"}})) ==
          k_now + seconds{100});
    CHECK(!quota_exhausted_until(answer(200, {{"X-RateLimit-Remaining", "1"}, {"X-RateLimit-Reset", "1700000100"}})));
}

TEST_CASE("failure_from: kinds, a trimmed and redacted excerpt") {
    CHECK(failure_from(answer(401), "get myself").kind == Failure::Kind::auth);
    CHECK(failure_from(answer(401), "get myself").message == "get myself: HTTP 401");
    const Failure f = failure_from(answer(400, {}, "  {\"errorMessages\":\n  [\"bad  token=abc123\"]}\n"), "create");
    CHECK(f.kind == Failure::Kind::http);
    CHECK(f.message == R"(create: HTTP 400: {"errorMessages": ["bad token=********"]})");
    const Failure long_body = failure_from(answer(500, {}, std::string(5000, 'x')), "x");
    CHECK(long_body.message.size() < 400);
    CHECK(failure_from(answer(429), "x").kind == Failure::Kind::rate_limit);
}

TEST_SUITE_END();
