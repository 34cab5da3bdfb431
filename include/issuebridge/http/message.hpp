#pragma once
// The values that cross the HTTP layer: a request, a response, and the outcome of sending one.
// Nothing here knows libcurl; adapters build Requests and read Responses.

#include "issuebridge/util/result.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace issuebridge::http {

// Response header fields in the order received; lookup ignores case, and a name may occur more than once.
class Headers {
public:
    void add(std::string name, std::string value);
    // The first value of `name`, or nullopt.
    std::optional<std::string_view> first(std::string_view name) const;
    // Every value of `name`, in order.
    std::vector<std::string_view> all(std::string_view name) const;
    const std::vector<std::pair<std::string, std::string>>& items() const noexcept { return m_items; }
    // Removes every field named `name` whose value satisfies `pred`; returns how many were removed.
    template <typename Pred> std::size_t erase_if(std::string_view name, Pred pred);
    bool empty() const noexcept { return m_items.empty(); }
    void clear() noexcept { m_items.clear(); }

private:
    static bool same_name(std::string_view a, std::string_view b) noexcept;
    std::vector<std::pair<std::string, std::string>> m_items;
};

template <typename Pred> std::size_t Headers::erase_if(std::string_view name, Pred pred) {
    return std::erase_if(m_items, [&](const auto& item) { return same_name(item.first, name) && pred(item.second); });
}

struct Request {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    bool idempotent = false;       // POST/PATCH only: the caller asserts that sending it twice is harmless
    std::string if_none_match;     // an ETag from an earlier response; sent as If-None-Match (never with a control
                                   // character, which could end the header and start another)
    std::string if_modified_since; // a Last-Modified from an earlier response; sent as If-Modified-Since
};

struct Response {
    long status = 0;
    Headers headers;
    std::string body;
    std::chrono::milliseconds elapsed{0}; // from the first attempt's start to this answer, waits included
    int attempts = 1;                     // 1 when the first attempt gave the answer

    bool not_modified() const noexcept { return status == 304; }
    bool success() const noexcept { return status >= 200 && status < 300; }
    // Every value of header `name` joined with ", " (RFC 9110 §5.3), or nullopt when absent.
    std::optional<std::string> header(std::string_view name) const;
};

// A final HTTP answer (any status, including 304, 4xx, and 5xx/429 once retries are spent) or a Failure:
// transport error, timeout, body over the cap, a rate-limit wait beyond max_wait, or interrupted (never sent).
using Outcome = util::Result<Response>;

// Turns a non-2xx response into a Failure for `what` (e.g. "create issue in 'PROJ'"): kind auth for 401 and for a
// 403 that is not a rate limit, rate_limit for 429 and a rate-limited 403, http otherwise. The message names the
// status and a short, whitespace-collapsed excerpt of the body, redacted and scrubbed of this run's secrets (a
// server may echo our token in an error).
util::Failure failure_from(const Response& response, std::string_view what);

// True for methods that may be sent twice without harm (GET, HEAD, OPTIONS, PUT, DELETE) or a request the caller
// marked idempotent.
bool retry_safe(const Request& request) noexcept;

// True for methods that change something (anything but GET, HEAD and OPTIONS); write pacing applies to these.
bool is_write(std::string_view method) noexcept;

} // namespace issuebridge::http
