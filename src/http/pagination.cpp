#include "issuebridge/http/pagination.hpp"

#include "issuebridge/http/policy.hpp"
#include "issuebridge/util/strings.hpp"
#include "redact.hpp"

#include <cctype>
#include <functional>

namespace issuebridge::http {

namespace {

using util::Failure;

bool is_space(char c) { return c == ' ' || c == '\t'; }

// One parameter value of a link-value: a quoted-string (backslash escapes) or a token; `i` moves past it.
std::string param_value(std::string_view v, std::size_t& i) {
    std::string out;
    if (i < v.size() && v[i] == '"') {
        for (++i; i < v.size() && v[i] != '"'; ++i) {
            if (v[i] == '\\' && i + 1 < v.size()) {
                ++i;
            }
            out += v[i];
        }
        ++i;
        return out;
    }
    while (i < v.size() && v[i] != ';' && v[i] != ',') {
        out += v[i++];
    }
    return std::string(util::trim(out));
}

bool rel_matches(std::string_view rels, std::string_view wanted) {
    const std::string lowered = util::to_lower(wanted);
    for (const auto& r : util::split(util::to_lower(rels), ' ')) {
        if (!r.empty() && r == lowered) {
            return true;
        }
    }
    return false;
}

// Scans one Link field value: link-value *( "," link-value ), link-value = "<" URI ">" *( ";" param ).
std::optional<std::string> find_rel(std::string_view v, std::string_view wanted) {
    std::size_t i = 0;
    while ((i = v.find('<', i)) != std::string_view::npos) {
        const std::size_t close = v.find('>', i);
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        const std::string_view uri = v.substr(i + 1, close - i - 1);
        bool match = false;
        for (i = close + 1; i < v.size() && v[i] != ',';) {
            if (v[i] != ';' && !is_space(v[i])) {
                ++i;
                continue;
            }
            for (++i; i < v.size() && is_space(v[i]); ++i) {
            }
            const std::size_t name_start = i;
            while (i < v.size() && v[i] != '=' && v[i] != ';' && v[i] != ',') {
                ++i;
            }
            const std::string name = util::to_lower(util::trim(v.substr(name_start, i - name_start)));
            if (i < v.size() && v[i] == '=') {
                for (++i; i < v.size() && is_space(v[i]); ++i) {
                }
                const std::string value = param_value(v, i);
                match = match || (name == "rel" && rel_matches(value, wanted));
            }
        }
        if (match) {
            return std::string(uri);
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> link_rel(const Response& response, std::string_view rel) {
    for (const auto value : response.headers.all("link")) {
        if (auto uri = find_rel(value, rel)) {
            return uri;
        }
    }
    return std::nullopt;
}

NextLinks::NextLinks(std::string first_url) : m_origin(origin_of(first_url)) { m_read.insert(std::move(first_url)); }

util::Result<std::string> NextLinks::after(const Response& response, std::string_view what) {
    std::string next = link_rel(response, "next").value_or("");
    if (next.empty()) {
        return next;
    }
    if (const std::string origin = origin_of(next); origin != m_origin) {
        return Failure{Failure::Kind::other,
                       std::string(what) + ": the next page link points to another origin '" +
                           redact_url(origin.empty() ? next : origin) + "'; stopped so the credentials stay with '" +
                           m_origin + "'",
                       0};
    }
    if (!m_read.insert(next).second) {
        return Failure{
            Failure::Kind::other,
            std::string(what) + ": the next page link repeats '" + redact_url(next) + "', already read; stopped", 0};
    }
    return next;
}

} // namespace issuebridge::http
