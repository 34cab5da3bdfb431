#include "wire_log.hpp"

#include "redact.hpp"
#include "transfer.hpp"

namespace issuebridge::http {

namespace {

std::string head(const Request& request) { return "http: " + request.method + " " + redact_url(request.url); }

void log_header(util::Logger& log, char direction, std::string_view name, std::string_view value) {
    std::string line = "http: ";
    line += direction;
    line += ' ';
    line += name;
    line += ": ";
    line += redact_header(name, value);
    log.debug(line);
}

} // namespace

void log_request_headers(util::Logger& log, const Request& request, const std::string& user_agent) {
    if (!log.enabled(util::LogLevel::debug)) {
        return;
    }
    log.debug(head(request));
    log_header(log, '>', "User-Agent", user_agent);
    for (const auto& [name, value] : request.headers) {
        log_header(log, '>', name, value);
    }
    if (!request.if_none_match.empty()) {
        log_header(log, '>', "If-None-Match", request.if_none_match);
    }
    if (!request.if_modified_since.empty()) {
        log_header(log, '>', "If-Modified-Since", request.if_modified_since);
    }
}

void log_attempt(util::Logger& log, const Request& request, const AttemptResult& result, int retry) {
    if (!log.enabled(util::LogLevel::info)) {
        return;
    }
    std::string line = head(request);
    if (result.outcome.ok()) {
        line += " " + std::to_string(result.outcome.value().status);
    } else {
        line += " failed (" + std::string(util::to_string(result.outcome.failure().kind)) + ")";
    }
    line += " " + std::to_string(result.bytes) + " bytes " + std::to_string(result.time.count() / 1000) + " ms retry " +
            std::to_string(retry);
    log.info(line);
    if (result.outcome.ok() && log.enabled(util::LogLevel::debug)) {
        for (const auto& [name, value] : result.outcome.value().headers.items()) {
            log_header(log, '<', name, value);
        }
    }
}

void log_wait(util::Logger& log, const Request& request, std::chrono::milliseconds wait, std::string_view why,
              int retry) {
    if (!log.enabled(util::LogLevel::info)) {
        return;
    }
    log.info(head(request) + ": waiting " + std::to_string(wait.count()) + " ms (" + std::string(why) +
             ") before retry " + std::to_string(retry));
}

} // namespace issuebridge::http
