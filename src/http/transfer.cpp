#include "transfer.hpp"

#include "issuebridge/util/error.hpp"
#include "issuebridge/util/secrets.hpp"
#include "issuebridge/util/strings.hpp"
#include "redact.hpp"

#include <cctype>
#include <cstring>

namespace issuebridge::http {

namespace {

using util::Failure;

// Adds `line` to `list` and returns it; throws when out of memory (`list` stays valid and owned by the caller).
curl_slist* append(curl_slist* list, const std::string& line) {
    curl_slist* grown = curl_slist_append(list, line.c_str());
    if (grown == nullptr) {
        throw util::Error("out of memory building request headers");
    }
    return grown;
}

// "Name: value"; "Name;" for an empty value (curl would read "Name:" as "remove this header").
std::string header_line(std::string_view name, std::string_view value) {
    std::string line(name);
    line += value.empty() ? ";" : ": ";
    line += value;
    return line;
}

std::string mebibytes(std::size_t bytes) {
    if (bytes % (std::size_t{1} << 20) == 0) {
        return std::to_string(bytes >> 20) + " MiB";
    }
    return std::to_string(bytes) + " bytes";
}

Delivery delivery_of(CURLcode code, curl_off_t request_bytes) {
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
        return Delivery::not_sent;
    case CURLE_OPERATION_TIMEDOUT:
        return request_bytes == 0 ? Delivery::not_sent : Delivery::transient;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_HTTP3:
        return Delivery::transient;
    default:
        return Delivery::permanent;
    }
}

} // namespace

Transfer::Transfer() : m_easy(curl_easy_init()) {
    if (m_easy == nullptr) {
        throw util::Error("cannot create a libcurl handle");
    }
}

Transfer::~Transfer() {
    curl_slist_free_all(m_request_headers);
    curl_easy_cleanup(m_easy);
}

bool Transfer::prepare(const Request& request, const HostPolicy& policy, const std::string& user_agent) {
    curl_easy_reset(m_easy);
    m_headers.clear();
    m_body.clear();
    m_over_cap = false;
    m_error[0] = '\0';
    m_cap = policy.max_body;
    m_ca_file = !policy.ca_file.empty();
    CURL* e = m_easy;
    m_setup = curl_easy_setopt(e, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, m_error);
    curl_easy_setopt(e, CURLOPT_USERAGENT, user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, ""); // every encoding this libcurl decodes
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    if (request.url.starts_with("https:")) {
        curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L); // prefer a stream on an HTTP/2 connection to a new one
    }
    if (!retry_safe(request)) {
        // libcurl resends a request by itself when a reused connection gives no answer at all, whatever the
        // method: for a create that is a second create if the server did the first and then failed to answer.
        // A fresh connection is never "reused", so curl never resends it; whether to retry stays ours.
        curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
    }
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(policy.connect_timeout.count()));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(policy.total_timeout.count()));
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, policy.low_speed_limit);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, static_cast<long>(policy.low_speed_time.count()));
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(policy.max_body));
    if (!policy.ca_file.empty()) {
        curl_easy_setopt(e, CURLOPT_CAINFO, policy.ca_file.c_str());
    }
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Transfer::on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Transfer::on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, this);
    set_method(request);
    set_headers(request);
    return m_setup == CURLE_OK;
}

void Transfer::set_headers(const Request& request) {
    curl_slist_free_all(m_request_headers);
    m_request_headers = nullptr;
    for (const auto& [name, value] : request.headers) {
        m_request_headers = append(m_request_headers, header_line(name, value));
    }
    if (!request.if_none_match.empty() && !util::has_control(request.if_none_match)) { // see Request
        m_request_headers = append(m_request_headers, header_line("If-None-Match", request.if_none_match));
    }
    if (!request.if_modified_since.empty()) {
        m_request_headers = append(m_request_headers, header_line("If-Modified-Since", request.if_modified_since));
    }
    if (!request.body.empty()) {
        m_request_headers = append(m_request_headers, "Expect:"); // no 100-continue round trip
    }
    curl_easy_setopt(m_easy, CURLOPT_HTTPHEADER, m_request_headers);
}

void Transfer::set_method(const Request& request) {
    const std::string& m = request.method;
    if (m == "GET") {
        curl_easy_setopt(m_easy, CURLOPT_HTTPGET, 1L);
        return;
    }
    if (m == "HEAD") {
        curl_easy_setopt(m_easy, CURLOPT_NOBODY, 1L);
        return;
    }
    // Every other method sends its body (possibly empty, so a PUT still carries Content-Length: 0).
    curl_easy_setopt(m_easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(m_easy, CURLOPT_POSTFIELDS, request.body.data());
    if (m != "POST") {
        curl_easy_setopt(m_easy, CURLOPT_CUSTOMREQUEST, m.c_str());
    }
}

std::size_t Transfer::on_body(char* data, std::size_t size, std::size_t count, void* self) noexcept {
    auto* t = static_cast<Transfer*>(self);
    const std::size_t n = size * count;
    if (t->m_body.size() + n > t->m_cap) {
        t->m_over_cap = true;
        return 0; // curl aborts the transfer with CURLE_WRITE_ERROR
    }
    try {
        t->m_body.append(data, n);
    } catch (...) {
        return 0;
    }
    return n;
}

std::size_t Transfer::on_header(char* data, std::size_t size, std::size_t count, void* self) noexcept {
    auto* t = static_cast<Transfer*>(self);
    const std::size_t n = size * count;
    const std::string_view line(data, n);
    try {
        if (line.starts_with("HTTP/")) {
            t->m_headers.clear(); // a new response (after 100 Continue or an auth round trip)
        } else if (const std::size_t colon = line.find(':'); colon != std::string_view::npos && colon > 0) {
            t->m_headers.add(std::string(util::trim(line.substr(0, colon))),
                             std::string(util::trim(line.substr(colon + 1))));
        }
    } catch (...) {
        return 0;
    }
    return n;
}

AttemptResult Transfer::finish(CURLcode code, const Request& request) {
    curl_off_t total_us = 0;
    curl_easy_getinfo(m_easy, CURLINFO_TOTAL_TIME_T, &total_us);
    const std::size_t bytes = m_body.size();
    const auto time = std::chrono::microseconds{total_us};
    if (code != CURLE_OK || m_setup != CURLE_OK) {
        curl_off_t request_bytes = 0;
        curl_easy_getinfo(m_easy, CURLINFO_REQUEST_SIZE, &request_bytes);
        const CURLcode cause = m_setup != CURLE_OK ? m_setup : code;
        const Delivery delivery = m_over_cap ? Delivery::permanent : delivery_of(cause, request_bytes);
        return AttemptResult{failure(cause, request), delivery, bytes, time};
    }
    Response response;
    curl_easy_getinfo(m_easy, CURLINFO_RESPONSE_CODE, &response.status);
    response.headers = std::move(m_headers);
    response.body = std::move(m_body);
    m_headers.clear();
    m_body.clear();
    return AttemptResult{std::move(response), Delivery::answered, bytes, time};
}

util::Failure Transfer::failure(CURLcode code, const Request& request) const {
    const std::string prefix = request.method + " '" + redact_url(request.url) + "': ";
    if (m_over_cap || code == CURLE_FILESIZE_EXCEEDED) {
        return Failure{Failure::Kind::transport, prefix + "the response body exceeds the cap of " + mebibytes(m_cap)};
    }
    std::string detail = m_error[0] != '\0' ? std::string(m_error) : std::string(curl_easy_strerror(code));
    if (detail.size() > 1 && std::isupper(static_cast<unsigned char>(detail[1])) == 0) { // "SSL" stays
        detail[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(detail[0])));
    }
    long os_error = 0;
    curl_easy_getinfo(m_easy, CURLINFO_OS_ERRNO, &os_error);
    if (os_error != 0) {
        detail += " (" + util::to_lower(std::strerror(static_cast<int>(os_error))) + ")"; // e.g. "connection refused"
    }
    if (code == CURLE_PEER_FAILED_VERIFICATION && !m_ca_file) {
        detail += "; if the server's certificate comes from a private CA, set 'ca_file' to that CA's certificate "
                  "(PEM) in the config";
    } else if (code == CURLE_SSL_CACERT_BADFILE && m_ca_file) {
        detail += "; check that 'ca_file' names a readable PEM file";
    }
    const auto kind = code == CURLE_OPERATION_TIMEDOUT ? Failure::Kind::timeout : Failure::Kind::transport;
    return Failure{kind, util::scrub(prefix + redact_text(detail))};
}

} // namespace issuebridge::http
