#include "issuebridge/http/pagination.hpp"

#include "issuebridge/http/policy.hpp"
#include "issuebridge/http/redact.hpp"
#include "issuebridge/util/strings.hpp"

#include <simdjson.h>

#include <cctype>
#include <functional>

namespace issuebridge::http {

namespace {

using util::Failure;
using NextPage = util::Result<std::optional<std::string>>;
// DOM, not on-demand: the whole body is checked before any field is read, so no error can leave a half-read
// document behind (see sources/github/parse.cpp).
namespace dom = simdjson::dom;

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

// Calls visit(key, value) for each field of the top-level object of `body`; a parse Failure names `what`.
util::Result<util::Unit> each_field(std::string_view body, std::string_view what,
                                    const std::function<simdjson::error_code(std::string_view, dom::element)>& visit) {
    const auto fail = [&](const char* why) {
        return Failure{Failure::Kind::parse, std::string("pagination: ") + why + " while reading '" +
                                                 std::string(what) + "'"};
    };
    dom::parser parser;
    dom::element root;
    dom::object object;
    if (parser.parse(body.data(), body.size()).get(root) != simdjson::SUCCESS) {
        return fail("the body is not valid JSON");
    }
    if (root.get_object().get(object) != simdjson::SUCCESS) {
        return fail("the body is not a JSON object");
    }
    for (const auto field : object) {
        if (visit(field.key, field.value) != simdjson::SUCCESS) {
            return fail("a field has the wrong type");
        }
    }
    return util::Unit{};
}

// A string or null value into `out`.
simdjson::error_code optional_string(dom::element value, std::optional<std::string>& out) {
    if (value.is_null()) {
        return simdjson::SUCCESS;
    }
    std::string_view s;
    if (auto error = value.get_string().get(s)) {
        return error;
    }
    out = std::string(s);
    return simdjson::SUCCESS;
}

NextPage result(util::Result<util::Unit> parsed, std::optional<std::string> next) {
    if (!parsed) {
        return std::move(parsed).failure();
    }
    return next;
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
        return Failure{Failure::Kind::other,
                       std::string(what) + ": the next page link repeats '" + redact_url(next) +
                           "', already read; stopped",
                       0};
    }
    return next;
}

std::optional<std::string> gitlab_next_page(const Response& response) {
    const auto value = response.headers.first("x-next-page");
    if (!value || util::trim(*value).empty()) {
        return std::nullopt;
    }
    return std::string(util::trim(*value));
}

NextPage jira_next_page_token(std::string_view body) {
    std::optional<std::string> token;
    bool last = false;
    auto parsed = each_field(body, "nextPageToken", [&](std::string_view key, dom::element value) {
        if (key == "nextPageToken") {
            return optional_string(value, token);
        }
        if (key == "isLast") {
            return value.get_bool().get(last);
        }
        return simdjson::SUCCESS;
    });
    return result(std::move(parsed), last ? std::nullopt : token);
}

NextPage asana_next_offset(std::string_view body) {
    std::optional<std::string> offset;
    auto parsed = each_field(body, "next_page.offset", [&](std::string_view key, dom::element value) {
        if (key != "next_page") {
            return simdjson::SUCCESS;
        }
        if (value.is_null()) {
            return simdjson::SUCCESS;
        }
        dom::object page;
        if (auto error = value.get_object().get(page)) {
            return error;
        }
        dom::element field;
        if (page["offset"].get(field)) {
            return simdjson::INCORRECT_TYPE;
        }
        return optional_string(field, offset);
    });
    return result(std::move(parsed), offset);
}

NextPage lgtm_next_page_url(std::string_view body) {
    std::optional<std::string> url;
    auto parsed = each_field(body, "nextPageUrl", [&](std::string_view key, dom::element value) {
        return key == "nextPageUrl" ? optional_string(value, url) : simdjson::SUCCESS;
    });
    return result(std::move(parsed), url);
}

} // namespace issuebridge::http
