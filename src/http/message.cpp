#include "issuebridge/http/message.hpp"

#include "issuebridge/util/secrets.hpp"
#include "issuebridge/util/strings.hpp"
#include "redact.hpp"
#include "retry.hpp"

#include <cctype>
#include <strings.h>

namespace issuebridge::http {

namespace {

constexpr std::size_t k_excerpt_limit = 300;

// Whitespace runs become one space; the result is cut at k_excerpt_limit bytes (on a UTF-8 boundary).
std::string excerpt(std::string_view body) {
    std::string out;
    bool space = false;
    for (const char c : util::trim(body)) {
        if (std::isspace(static_cast<unsigned char>(c)) != 0) {
            space = true;
            continue;
        }
        if (space) {
            out += ' ';
            space = false;
        }
        out += c;
    }
    if (out.size() > k_excerpt_limit) {
        std::size_t cut = k_excerpt_limit;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0U) == 0x80U) {
            --cut;
        }
        out.resize(cut);
        out += "…";
    }
    return out;
}

} // namespace

bool Headers::same_name(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

void Headers::add(std::string name, std::string value) { m_items.emplace_back(std::move(name), std::move(value)); }

std::optional<std::string_view> Headers::first(std::string_view name) const {
    for (const auto& [key, value] : m_items) {
        if (same_name(key, name)) {
            return std::string_view(value);
        }
    }
    return std::nullopt;
}

std::vector<std::string_view> Headers::all(std::string_view name) const {
    std::vector<std::string_view> out;
    for (const auto& [key, value] : m_items) {
        if (same_name(key, name)) {
            out.emplace_back(value);
        }
    }
    return out;
}

std::optional<std::string> Response::header(std::string_view name) const {
    const auto values = headers.all(name);
    if (values.empty()) {
        return std::nullopt;
    }
    std::string joined(values.front());
    for (std::size_t i = 1; i < values.size(); ++i) {
        joined += ", ";
        joined += values[i];
    }
    return joined;
}

util::Failure failure_from(const Response& response, std::string_view what) {
    using Kind = util::Failure::Kind;
    Kind kind = Kind::http;
    if (response.status == 401) {
        kind = Kind::auth;
    } else if (response.status == 429 || response.status == 403) {
        // The wall time only matters for the wait, which is not used here.
        const bool limited = rate_signal(response, WallTime{}).limited;
        kind = limited ? Kind::rate_limit : (response.status == 403 ? Kind::auth : Kind::http);
    }
    std::string message(what);
    message += ": HTTP " + std::to_string(response.status);
    // Scrubbed before the cut, so that a token the excerpt would cut in two is still found whole.
    const std::string body = redact_text(excerpt(util::scrub(response.body)));
    if (!body.empty()) {
        message += ": " + body;
    }
    return util::Failure{kind, std::move(message), static_cast<int>(response.status)};
}

bool retry_safe(const Request& request) noexcept {
    const std::string_view m = request.method;
    return request.idempotent || m == "GET" || m == "HEAD" || m == "OPTIONS" || m == "PUT" || m == "DELETE";
}

bool is_write(std::string_view method) noexcept { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

} // namespace issuebridge::http
