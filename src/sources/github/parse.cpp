#include "github.hpp"

#include "issuebridge/util/strings.hpp"

#include <simdjson.h>

#include <optional>

namespace issuebridge::sources::github {

namespace {

// Every parser of untrusted JSON uses simdjson's DOM API: parse() checks the whole document (grammar, UTF-8,
// escapes, numbers) before any field is read, and what is read after is a finished, immutable tape. A broken
// document therefore fails as a whole, before any item, and a field of the wrong type or a missing field is an error
// value that cannot leave the parser in a bad state. (The on-demand API reads lazily: a caller that goes on after one
// of its errors, as this file once did, reads freed memory.)
namespace dom = simdjson::dom;

// A field error with the field's name; thrown inside one item's parse and caught there.
struct FieldError {
    std::string field;
    std::string expected;
};

std::string text(dom::object o, const char* field) {
    std::string_view v;
    if (o[field].get_string().get(v) != simdjson::SUCCESS) {
        throw FieldError{field, "a string"};
    }
    return std::string(v);
}

// A string that may be null or absent (body, closed_at, merged_at).
std::string nullable_text(dom::object o, const char* field) {
    dom::element v;
    if (o[field].get(v) != simdjson::SUCCESS || v.is_null()) {
        return {};
    }
    std::string_view s;
    if (v.get_string().get(s)) {
        throw FieldError{field, "a string or null"};
    }
    return std::string(s);
}

std::int64_t number(dom::object o, const char* field) {
    std::int64_t n = 0;
    if (o[field].get_int64().get(n) || n <= 0) {
        throw FieldError{field, "a positive integer"};
    }
    return n;
}

// labels[].name and assignees[].login: arrays of objects, each with a string.
std::vector<std::string> names(dom::object o, const char* field, const char* key) {
    std::vector<std::string> out;
    dom::array array;
    if (o[field].get_array().get(array)) {
        throw FieldError{field, "an array"};
    }
    for (dom::element element : array) {
        dom::object inner;
        if (element.get_object().get(inner)) {
            throw FieldError{std::string(field) + "[]", "an object"};
        }
        out.push_back(text(inner, key));
    }
    return out;
}

// GitHub names owners and repositories case-insensitively: the id must not depend on how the route spells them.
std::string external_id(const PageContext& context, std::int64_t number) {
    return model::make_external_id("github", context.host, util::to_lower(context.repo), std::to_string(number));
}

model::SourceItem parse_item(dom::object o, const PageContext& context) {
    model::SourceItem item;
    item.number = number(o, "number");
    item.repo = context.repo;
    item.title = text(o, "title");
    item.body = nullable_text(o, "body");
    const std::string state = text(o, "state");
    if (state != "open" && state != "closed") {
        throw FieldError{"state", "'open' or 'closed'"};
    }
    item.state = state;
    // state_reason: since 2022, so absent on older Enterprise servers.
    item.not_planned = state == "closed" && nullable_text(o, "state_reason") == "not_planned";
    item.labels = names(o, "labels", "name");
    dom::object assignee;
    if (o["assignees"].error() != simdjson::NO_SUCH_FIELD) {
        item.assignees = names(o, "assignees", "login");
    } else if (o["assignee"].get_object().get(assignee) == simdjson::SUCCESS) {
        item.assignees = {text(assignee, "login")}; // before 2016 (and old Enterprise) only one assignee
    }
    dom::object user;
    if (o["user"].get_object().get(user)) {
        throw FieldError{"user", "an object"};
    }
    item.author = text(user, "login");
    item.url = text(o, "html_url");
    item.created_at = text(o, "created_at");
    item.updated_at = text(o, "updated_at");
    item.closed_at = nullable_text(o, "closed_at");
    dom::object milestone;
    if (o["milestone"].get_object().get(milestone) == simdjson::SUCCESS) {
        item.milestone = text(milestone, "title");
    }
    dom::object pull_request;
    item.kind = "issue";
    if (o["pull_request"].get_object().get(pull_request) == simdjson::SUCCESS) {
        item.kind = "pull_request";
        if (!nullable_text(pull_request, "merged_at").empty()) {
            item.state = "merged"; // a state word of its own: the route says what it means (closed by default)
        }
        item.not_planned = item.state == "closed"; // closed unmerged
    }
    item.external_id = external_id(context, item.number);
    return item;
}

// One item, or its Failure naming the field, and naming the item (its subject) when its number is readable, so
// that it can be set aside and fetched again alone.
ParsedItem parse_one(dom::object o, const PageContext& context, const std::string& where) {
    std::int64_t n = 0;
    const bool numbered = o["number"].get_int64().get(n) == simdjson::SUCCESS && n > 0;
    try {
        return parse_item(o, context);
    } catch (const FieldError& e) {
        return util::Failure{util::Failure::Kind::parse, where + ": field '" + e.field + "' must be " + e.expected, 0,
                             numbered ? external_id(context, n) : std::string()};
    }
}

// One parser per thread, reused: its buffers are sized to the largest answer seen, so a run does not allocate
// (and fault in) a tape per page. The element it returns is valid until the next parse on this thread.
dom::parser& thread_parser() {
    static thread_local dom::parser parser;
    return parser;
}

} // namespace

util::Result<std::vector<ParsedItem>> parse_issues_page(std::string_view body, const PageContext& context) {
    const auto page_failure = [](const char* why) {
        return util::Failure{util::Failure::Kind::parse, std::string("github issues page: ") + why, 0};
    };
    dom::element root;
    dom::array array;
    if (thread_parser().parse(body.data(), body.size()).get(root)) {
        return page_failure("the body is not valid JSON");
    }
    if (root.get_array().get(array)) {
        return page_failure("expected a JSON array");
    }
    std::vector<ParsedItem> items;
    std::size_t index = 0;
    for (dom::element element : array) {
        const auto item_failure = [&](const std::string& why) {
            return util::Failure{util::Failure::Kind::parse,
                                 "github item " + std::to_string(index) + " of " + context.repo + ": " + why, 0};
        };
        dom::object o;
        if (element.get_object().get(o)) {
            items.emplace_back(item_failure("must be a JSON object"));
        } else {
            items.push_back(parse_one(o, context, "github item " + std::to_string(index) + " of " + context.repo));
        }
        ++index;
    }
    return items;
}

util::Result<std::vector<std::string>> parse_repos_page(std::string_view body, bool include_archived,
                                                        bool include_forks) {
    const auto failure = [](const std::string& why) {
        return util::Failure{util::Failure::Kind::parse, "github repositories page: " + why, 0};
    };
    dom::element root;
    dom::array array;
    if (thread_parser().parse(body.data(), body.size()).get(root)) {
        return failure("the body is not valid JSON");
    }
    if (root.get_array().get(array)) {
        return failure("expected a JSON array");
    }
    std::vector<std::string> names;
    std::size_t index = 0;
    for (dom::element element : array) {
        const std::string where = "repository " + std::to_string(index++);
        dom::object o;
        if (element.get_object().get(o)) {
            return failure(where + ": must be a JSON object");
        }
        bool archived = false;
        bool fork = false;
        for (const auto& [field, value] : {std::pair{"archived", &archived}, std::pair{"fork", &fork}}) {
            if (o[field].get_bool().get(*value)) {
                return failure(where + ": field '" + field + "' must be a boolean");
            }
        }
        std::string_view name;
        if (o["full_name"].get_string().get(name)) {
            return failure(where + ": field 'full_name' must be a string");
        }
        if ((include_archived || !archived) && (include_forks || !fork)) {
            names.emplace_back(name);
        }
    }
    return names;
}

ParsedItem parse_issue(std::string_view body, const PageContext& context) {
    dom::element root;
    dom::object o;
    if (thread_parser().parse(body.data(), body.size()).get(root) || root.get_object().get(o)) {
        return util::Failure{util::Failure::Kind::parse, "github issue of " + context.repo + ": expected a JSON object",
                             0};
    }
    return parse_one(o, context, "github item of " + context.repo);
}

std::string canonical_id(std::string_view external_id) {
    constexpr std::string_view k_prefix = "github:";
    if (!external_id.starts_with(k_prefix)) {
        return std::string(external_id);
    }
    const std::string id = util::to_lower(external_id);
    const auto slash = id.find('/', k_prefix.size());
    if (slash == std::string::npos) {
        return id;
    }
    // The host part as host_of spells it, whatever scheme it was read with: no default port of either.
    std::string authority = id.substr(k_prefix.size(), slash - k_prefix.size());
    for (const std::string_view port : {":443", ":80"}) {
        if (authority.ends_with(port)) {
            authority.resize(authority.size() - port.size());
        }
    }
    const auto port_at = authority.find(':', authority.starts_with("[") ? authority.find(']') : 0);
    const std::string host = authority.substr(0, port_at);
    if (host == "localhost" || host == "[::1]") {
        authority = "127.0.0.1" + (port_at == std::string::npos ? std::string() : authority.substr(port_at));
    }
    return std::string(k_prefix) + authority + id.substr(slash);
}

std::optional<std::string> repo_of(const config::Source& source, std::string_view external_id,
                                   std::span<const std::string> repos) {
    const std::string id = canonical_id(external_id);
    const auto hash = id.rfind('#');
    if (!id.starts_with("github:") || hash == std::string::npos) {
        return std::nullopt;
    }
    const std::string path = id.substr(7, hash - 7); // host/owner/name
    const std::string host = host_of(source.base_url) + "/";
    for (const auto& r : repos) {
        if (host + util::to_lower(r) == path) {
            return r;
        }
        if (config::is_pattern(r) && path.starts_with(host) && config::pattern_covers(r, path.substr(host.size()))) {
            return path.substr(host.size());
        }
    }
    return std::nullopt;
}

std::string host_of(std::string_view base_url) {
    const std::string host = util::url_host(base_url);
    return host == "api.github.com" ? "github.com" : host; // github.com's API host names github.com's items
}

} // namespace issuebridge::sources::github
