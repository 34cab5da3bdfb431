#pragma once
// The -v/-vv lines of the HTTP layer (internal). Every URL and header goes through redact.hpp here.

#include "issuebridge/http/message.hpp"
#include "issuebridge/util/log.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace issuebridge::http {

struct AttemptResult;

// debug: "> Name: value" for each header sent (redacted).
void log_request_headers(util::Logger& log, const Request& request, const std::string& user_agent);
// info: "GET <url> 200 512 bytes 48 ms retry 0" (or "failed (timeout)"); debug: "< name: value" per header.
void log_attempt(util::Logger& log, const Request& request, const AttemptResult& result, int retry);
// info: "GET <url>: waiting 2 s (retry-after) before retry 1".
void log_wait(util::Logger& log, const Request& request, std::chrono::milliseconds wait, std::string_view why,
              int retry);

} // namespace issuebridge::http
