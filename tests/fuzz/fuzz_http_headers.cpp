// libFuzzer harness: the response headers the HTTP layer reads: Link (RFC 8288), Retry-After (seconds
// or an HTTP date), the rate-limit headers (x-ratelimit-remaining/-reset, RateLimit-Reset, X-RateLimit-Reset as
// epoch seconds or ISO 8601) and the dates in them.
//
// Input: "name: value" lines, then an empty line and a body (read for 403 rate-limit wording). The first byte also
// picks the status.

#include "http/retry.hpp"
#include "http/time_parse.hpp"
#include "issuebridge/http/pagination.hpp"

#include "fuzz_support.hpp"

#include <array>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace issuebridge;
    constexpr std::array<long, 6> statuses{200, 403, 429, 503, 302, 0};
    const std::string_view input = fuzz::text(data, size);
    const http::WallTime now{std::chrono::seconds{1'700'000'000}};
    http::Response response;
    response.status = size == 0 ? 200 : statuses[std::size_t{data[0]} % statuses.size()];
    std::size_t start = 0;
    while (start <= input.size()) {
        std::size_t end = input.find('\n', start);
        end = end == std::string_view::npos ? input.size() : end;
        const std::string_view line = input.substr(start, end - start);
        start = end + 1;
        if (line.empty()) {
            response.body = std::string(input.substr(std::min(start, input.size())));
            break;
        }
        const std::size_t colon = line.find(':');
        const std::string_view value = colon == std::string_view::npos ? line : line.substr(colon + 1);
        response.headers.add(std::string(line.substr(0, std::min(colon, line.size()))), std::string(value));
        static_cast<void>(http::parse_retry_after(value, now));
        static_cast<void>(http::parse_reset(value));
        static_cast<void>(http::parse_http_date(value));
        static_cast<void>(http::parse_iso8601(value));
    }
    static_cast<void>(http::link_rel(response, "next"));
    static_cast<void>(http::link_rel(response, "last"));
    static_cast<void>(http::rate_signal(response, now));
    static_cast<void>(http::quota_exhausted_until(response));
    return 0;
}
