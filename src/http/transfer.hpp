#pragma once
// One attempt of one request on a libcurl easy handle (internal to CurlClient). The only other file that sees
// curl is curl_client.cpp.

#include "issuebridge/http/message.hpp"
#include "issuebridge/http/policy.hpp"
#include "retry.hpp"

#include <curl/curl.h>

#include <chrono>
#include <cstddef>
#include <string>

namespace issuebridge::http {

struct AttemptResult {
    Outcome outcome;
    Delivery delivery = Delivery::answered;
    std::size_t bytes = 0;             // body bytes received (decoded)
    std::chrono::microseconds time{0}; // this attempt's transfer time, as curl measured it
};

// Owns an easy handle; reused across attempts (curl_easy_reset keeps the handle's caches).
class Transfer {
public:
    Transfer();
    ~Transfer();
    Transfer(const Transfer&) = delete;
    Transfer& operator=(const Transfer&) = delete;

    // Configures the handle for `request` under `policy`: method, body, headers (with If-None-Match and
    // If-Modified-Since), timeouts, body cap, CA file, HTTP/2, compression. `request` must outlive the transfer.
    // Returns false (with `error()` set) only if curl rejects an option, e.g. a URL it cannot parse.
    bool prepare(const Request& request, const HostPolicy& policy, const std::string& user_agent);
    // The outcome once curl reports `code` for this handle; leaves the handle ready for the next prepare().
    AttemptResult finish(CURLcode code, const Request& request);

    CURL* easy() const noexcept { return m_easy; }
    std::size_t job = 0; // the scheduler's index for the request being sent

private:
    static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self) noexcept;
    static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self) noexcept;
    void set_method(const Request& request);
    void set_headers(const Request& request);
    util::Failure failure(CURLcode code, const Request& request) const;

    CURL* m_easy = nullptr;
    curl_slist* m_request_headers = nullptr;
    Headers m_headers;
    std::string m_body;
    std::size_t m_cap = 0;
    bool m_ca_file = false; // the policy names a ca_file: a refused certificate is not for want of one
    bool m_over_cap = false;
    CURLcode m_setup = CURLE_OK;
    char m_error[CURL_ERROR_SIZE] = {};
};

} // namespace issuebridge::http
