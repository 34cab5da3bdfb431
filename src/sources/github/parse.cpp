#include "issuebridge/sources/github.hpp"

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
    item.state = state == "open" ? model::ItemState::open : model::ItemState::closed;
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
    item.kind = model::Kind::issue;
    if (o["pull_request"].get_object().get(pull_request) == simdjson::SUCCESS) {
        item.kind = model::Kind::pull_request;
        item.merged = !nullable_text(pull_request, "merged_at").empty();
    }
    item.external_id = model::make_external_id("github", context.host, context.repo, std::to_string(item.number));
    return item;
}

} // namespace

util::Result<std::vector<ParsedItem>> parse_issues_page(std::string_view body, const PageContext& context) {
    const auto page_failure = [](const char* why) {
        return util::Failure{util::Failure::Kind::parse, std::string("github issues page: ") + why, 0};
    };
    // One parser per thread, reused: its buffers are sized to the largest page seen, so a run does not allocate
    // (and fault in) a tape per page. Nothing below parses another document while `root` is in use.
    static thread_local dom::parser parser;
    dom::element root;
    dom::array array;
    if (parser.parse(body.data(), body.size()).get(root)) {
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
            try {
                items.emplace_back(parse_item(o, context));
            } catch (const FieldError& e) {
                items.emplace_back(item_failure("field '" + e.field + "' must be " + e.expected));
            }
        }
        ++index;
    }
    return items;
}

std::string host_of(std::string_view base_url) {
    auto start = base_url.find("://");
    start = start == std::string_view::npos ? 0 : start + 3;
    std::string host(base_url.substr(start, base_url.find('/', start) - start));
    if (host == "api.github.com") {
        return "github.com";
    }
    return host;
}

} // namespace issuebridge::sources::github
