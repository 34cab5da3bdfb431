#include "retry.hpp"

#include "issuebridge/util/strings.hpp"
#include "time_parse.hpp"

#include <algorithm>
#include <charconv>

namespace issuebridge::http {

namespace {

using std::chrono::milliseconds;

constexpr std::size_t k_body_scan = 4096;           // rate-limit wording is at the start of an error body
constexpr long long k_latest_epoch = 7'258'118'400; // 2200-01-01T00:00:00Z

std::optional<long long> whole_number(std::string_view s) {
    s = util::trim(s);
    long long n = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc{} || end != s.data() + s.size() || s.empty() || n < 0) {
        return std::nullopt;
    }
    return n;
}

milliseconds until(WallTime t, WallTime now) {
    return std::max(milliseconds{0}, std::chrono::duration_cast<milliseconds>(t - now));
}

// Sets `phrase` to the first of the host's `limit_words` the body says, if any.
bool says_rate_limited(std::string_view body, std::span<const std::string> limit_words, std::string& phrase) {
    const std::string text = util::to_lower(body.substr(0, k_body_scan));
    for (const auto& word : limit_words) {
        if (phrase.empty() && text.find(util::to_lower(word)) != std::string::npos) {
            phrase = word;
        }
    }
    return !phrase.empty() || text.find("rate limit") != std::string::npos;
}

bool quota_spent(const Headers& h) {
    for (const auto name : {"x-ratelimit-remaining", "ratelimit-remaining"}) {
        if (const auto v = h.first(name); v && whole_number(*v) == 0) {
            return true;
        }
    }
    return false;
}

std::optional<WallTime> reset_time(const Headers& h) {
    for (const auto name : {"x-ratelimit-reset", "ratelimit-reset"}) {
        if (const auto v = h.first(name)) {
            if (auto t = parse_reset(*v)) {
                return t;
            }
        }
    }
    return std::nullopt;
}

bool transient_status(long status) {
    return status == 408 || status == 500 || status == 502 || status == 503 || status == 504;
}

// Rounded up to the unit shown: "800 ms", "42 s", "61 min", "3 h".
std::string duration_text(milliseconds d) {
    const long long ms = d.count();
    if (ms < 1'000) {
        return std::to_string(ms) + " ms";
    }
    if (ms < 120'000) {
        return std::to_string((ms + 999) / 1'000) + " s";
    }
    if (ms < 7'200'000) {
        return std::to_string((ms + 59'999) / 60'000) + " min";
    }
    return std::to_string((ms + 3'599'999) / 3'600'000) + " h";
}

} // namespace

std::optional<milliseconds> parse_retry_after(std::string_view value, WallTime now) {
    if (const auto seconds = whole_number(value)) {
        return milliseconds{std::min(*seconds, 1'000'000'000LL) * 1'000};
    }
    if (const auto date = parse_http_date(util::trim(value))) {
        return until(*date, now);
    }
    return std::nullopt;
}

std::optional<WallTime> parse_reset(std::string_view value) {
    if (const auto epoch = whole_number(value)) {
        // At most 2200-01-01: WallTime (nanoseconds) cannot hold a time much later.
        return WallTime{std::chrono::seconds{std::min(*epoch, k_latest_epoch)}};
    }
    return parse_iso8601(util::trim(value));
}

RateSignal rate_signal(const Response& response, WallTime now, std::span<const std::string> limit_words) {
    RateSignal s;
    const auto retry_after_header = response.headers.first("retry-after");
    const auto retry_after = retry_after_header ? parse_retry_after(*retry_after_header, now) : std::nullopt;
    const bool spent = quota_spent(response.headers);
    std::string phrase; // one of the host's limit_words, when the body says it
    if (response.status == 429) {
        s.limited = true;
        says_rate_limited(response.body, limit_words, phrase);
    } else if (response.status == 403) {
        const bool wording = says_rate_limited(response.body, limit_words, phrase);
        s.limited = retry_after_header.has_value() || spent || wording;
    }
    if (!s.limited) {
        if (response.status == 503 && retry_after) {
            s.wait = retry_after;
            s.why = "retry-after";
        }
        return s;
    }
    const auto reset = reset_time(response.headers);
    if (retry_after) {
        s.wait = retry_after;
        s.why = "retry-after";
    } else if (reset && (spent || response.status == 429)) {
        s.wait = until(*reset, now);
        s.why = "rate limit reset";
    } else if (!phrase.empty()) {
        s.why = phrase; // the wait is the host policy's rate_limit_floor (GitHub: at least a minute)
    } else {
        s.why = "rate limited";
    }
    return s;
}

std::optional<WallTime> quota_exhausted_until(const Response& response) {
    if (!quota_spent(response.headers)) {
        return std::nullopt;
    }
    return reset_time(response.headers);
}

milliseconds backoff(int retry, const HostPolicy& policy, std::mt19937_64& rng) {
    const long long cap = policy.backoff_cap.count();
    long long ceiling = std::max(0LL, static_cast<long long>(policy.backoff_base.count()));
    for (int i = 0; i < retry && ceiling < cap; ++i) {
        ceiling *= 2;
    }
    ceiling = std::min(ceiling, cap);
    std::uniform_int_distribution<long long> uniform(0, std::max(0LL, ceiling));
    return milliseconds{uniform(rng)};
}

std::string wait_refused_message(milliseconds wait, std::string_view why, milliseconds max_wait) {
    return "the server asked to wait " + duration_text(wait) + " (" + std::string(why) + "), more than max_wait " +
           duration_text(max_wait);
}

Decision decide(const Attempt& attempt, const HostPolicy& policy, WallTime now, std::mt19937_64& rng) {
    Decision d;
    const int retries_done = attempt.attempts - 1 - attempt.waited_retries;
    if (attempt.outcome.ok()) {
        const Response& r = attempt.outcome.value();
        const RateSignal signal = rate_signal(r, now, policy.rate_limit_words);
        if (signal.limited) {
            d.wait = signal.wait.value_or(
                std::max({policy.rate_limit_floor, signal.floor, backoff(retries_done, policy, rng)}));
            d.host_wide = true;
            d.why = signal.why;
            d.counted = !signal.wait;
        } else if (r.status == 503 && signal.wait) {
            d.wait = *signal.wait;
            d.why = signal.why;
        } else if (transient_status(r.status) && retry_safe(attempt.request)) {
            d.wait = backoff(retries_done, policy, rng);
            d.why = "backoff";
        } else {
            return d;
        }
    } else if (attempt.delivery == Delivery::not_sent ||
               (attempt.delivery == Delivery::transient && retry_safe(attempt.request))) {
        d.wait = backoff(retries_done, policy, rng);
        d.why = "backoff";
    } else {
        return d;
    }
    if (d.counted && retries_done >= policy.max_retries) {
        return d;
    }
    if (d.wait > policy.max_wait) {
        d.action = Decision::Action::give_up;
        const long status = attempt.outcome.ok() ? attempt.outcome.value().status : 0;
        d.failure = util::Failure{util::Failure::Kind::rate_limit, wait_refused_message(d.wait, d.why, policy.max_wait),
                                  static_cast<int>(status)};
        return d;
    }
    if (attempt.spent + d.wait > policy.retry_budget) {
        return d;
    }
    d.action = Decision::Action::retry;
    return d;
}

} // namespace issuebridge::http
