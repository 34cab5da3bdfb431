#include "issuebridge/sources/github.hpp"

#include "issuebridge/util/strings.hpp"

#include <simdjson.h>

#include <optional>

namespace issuebridge::sources::github {

namespace {

namespace od = simdjson::ondemand;

// A field error with the field's name; thrown inside one item's parse and caught there.
struct FieldError {
    std::string field;
    std::string expected;
};

std::string text(od::object& o, const char* field) {
    std::string_view v;
    if (o[field].get_string().get(v) != simdjson::SUCCESS) {
        throw FieldError{field, "a string"};
    }
    return std::string(v);
}

// A string that may be null or absent (body, closed_at, merged_at).
std::string nullable_text(od::object& o, const char* field) {
    od::value v;
    const auto error = o[field].get(v);
    if (error == simdjson::NO_SUCH_FIELD) {
        return {};
    }
    bool is_null = false;
    if (error || v.is_null().get(is_null) || is_null) {
        if (error) {
            throw FieldError{field, "a string or null"};
        }
        return {};
    }
    std::string_view s;
    if (v.get_string().get(s)) {
        throw FieldError{field, "a string or null"};
    }
    return std::string(s);
}

std::int64_t number(od::object& o, const char* field) {
    std::int64_t n = 0;
    if (o[field].get_int64().get(n) || n <= 0) {
        throw FieldError{field, "a positive integer"};
    }
    return n;
}

// labels[].name and assignees[].login: arrays of objects, each with a string.
std::vector<std::string> names(od::object& o, const char* field, const char* key) {
    std::vector<std::string> out;
    od::array array;
    if (o[field].get_array().get(array)) {
        throw FieldError{field, "an array"};
    }
    for (auto element : array) {
        od::object inner;
        if (element.get_object().get(inner)) {
            throw FieldError{std::string(field) + "[]", "an object"};
        }
        out.push_back(text(inner, key));
    }
    return out;
}

model::SourceItem parse_item(od::object& o, const PageContext& context) {
    model::SourceItem item;
    item.number = number(o, "number");
    item.repo = context.repo;
    item.title = text(o, "title");
    item.body = nullable_text(o, "body");
    const std::string state = text(o, "state");
    if (state != "open" && state != "closed") {
        throw FieldError{"state", "'open' or 'closed'"};
    }
    item.state = state == "open" ? model::ItemState::open : model::ItemState::closed;
    item.labels = names(o, "labels", "name");
    od::object assignee;
    if (o["assignees"].error() != simdjson::NO_SUCH_FIELD) {
        item.assignees = names(o, "assignees", "login");
    } else if (o["assignee"].get_object().get(assignee) == simdjson::SUCCESS) {
        item.assignees = {text(assignee, "login")}; // before 2016 (and old Enterprise) only one assignee
    }
    od::object user;
    if (o["user"].get_object().get(user)) {
        throw FieldError{"user", "an object"};
    }
    item.author = text(user, "login");
    item.url = text(o, "html_url");
    item.created_at = text(o, "created_at");
    item.updated_at = text(o, "updated_at");
    item.closed_at = nullable_text(o, "closed_at");
    od::object milestone;
    if (o["milestone"].get_object().get(milestone) == simdjson::SUCCESS) {
        item.milestone = text(milestone, "title");
    }
    od::object pull_request;
    item.kind = model::Kind::issue;
    if (o["pull_request"].get_object().get(pull_request) == simdjson::SUCCESS) {
        item.kind = model::Kind::pull_request;
        item.merged = !nullable_text(pull_request, "merged_at").empty();
    }
    // GitHub names owners and repositories case-insensitively: the id must not depend on how the route spells them.
    item.external_id =
        model::make_external_id("github", context.host, util::to_lower(context.repo), std::to_string(item.number));
    return item;
}

// One item, or its Failure naming the field, and naming the item (its subject) when its number is readable, so
// that it can be set aside and fetched again alone.
ParsedItem parse_one(od::object& o, const PageContext& context, const std::string& where) {
    std::int64_t n = 0;
    const bool numbered = o["number"].get_int64().get(n) == simdjson::SUCCESS && n > 0;
    try {
        return parse_item(o, context);
    } catch (const FieldError& e) {
        return util::Failure{util::Failure::Kind::parse, where + ": field '" + e.field + "' must be " + e.expected, 0,
                             numbered ? model::make_external_id("github", context.host, context.repo,
                                                                std::to_string(n))
                                      : std::string()};
    }
}

} // namespace

util::Result<std::vector<ParsedItem>> parse_issues_page(std::string_view body, const PageContext& context) {
    const simdjson::padded_string json(body);
    od::parser parser;
    od::document doc;
    od::array array;
    if (parser.iterate(json).get(doc) || doc.get_array().get(array)) {
        return util::Failure{util::Failure::Kind::parse, "github issues page: expected a JSON array", 0};
    }
    std::vector<ParsedItem> items;
    std::size_t index = 0;
    for (auto element : array) {
        od::object o;
        if (element.get_object().get(o)) {
            // A broken document (truncated, invalid) shows here; nothing after this point can be trusted.
            return util::Failure{util::Failure::Kind::parse,
                                 "github issues page: item " + std::to_string(index) + " is not a JSON object", 0};
        }
        items.push_back(parse_one(o, context, "github item " + std::to_string(index) + " of " + context.repo));
        ++index;
    }
    return items;
}

ParsedItem parse_issue(std::string_view body, const PageContext& context) {
    const simdjson::padded_string json(body);
    od::parser parser;
    od::document doc;
    od::object o;
    if (parser.iterate(json).get(doc) || doc.get_object().get(o)) {
        return util::Failure{util::Failure::Kind::parse, "github issue of " + context.repo + ": expected a JSON object",
                             0};
    }
    return parse_one(o, context, "github item of " + context.repo);
}

std::string host_of(std::string_view base_url) {
    // Only what GitHub tells apart is kept: hosts are case-insensitive, a default port is no port, and the
    // loopback names are one machine.
    auto start = base_url.find("://");
    const std::string scheme = util::to_lower(base_url.substr(0, start == std::string_view::npos ? 0 : start));
    start = start == std::string_view::npos ? 0 : start + 3;
    const std::string authority = util::to_lower(base_url.substr(start, base_url.find('/', start) - start));
    const auto port_at = authority.find(':', authority.starts_with("[") ? authority.find(']') : 0);
    std::string host = authority.substr(0, port_at);
    std::string port = port_at == std::string::npos ? "" : authority.substr(port_at);
    if (port == (scheme == "http" ? ":80" : ":443")) {
        port.clear();
    }
    if (host == "localhost" || host == "[::1]") {
        host = "127.0.0.1";
    } else if (host == "api.github.com") {
        host = "github.com";
    }
    return host + port;
}

} // namespace issuebridge::sources::github
