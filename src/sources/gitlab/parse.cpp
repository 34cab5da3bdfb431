// GitLab's v4 issue and merge request objects (spec/fixtures/api/schemas/public_api/v4/{issue,merge_request}.json)
// as SourceItems; external ids and cursors.

#include "../cursor_fields.hpp"
#include "gitlab.hpp"

#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/strings.hpp"
#include "issuebridge/util/time.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cctype>

namespace issuebridge::sources::gitlab {

namespace {

// DOM, as in sources/github: the whole document is checked before any field is read.
namespace dom = simdjson::dom;

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

std::int64_t positive(dom::object o, const char* field) {
    std::int64_t n = 0;
    if (o[field].get_int64().get(n) || n <= 0) {
        throw FieldError{field, "a positive integer"};
    }
    return n;
}

// An object that may be null or absent (milestone, assignee); nullopt then.
std::optional<dom::object> nullable_object(dom::object o, const char* field) {
    dom::element v;
    if (o[field].get(v) != simdjson::SUCCESS || v.is_null()) {
        return std::nullopt;
    }
    dom::object inner;
    if (v.get_object().get(inner)) {
        throw FieldError{field, "an object or null"};
    }
    return inner;
}

// labels: names by default; objects with "name" when the request asked with_labels_details=true.
std::vector<std::string> labels(dom::object o) {
    std::vector<std::string> out;
    dom::array array;
    if (o["labels"].get_array().get(array)) {
        throw FieldError{"labels", "an array"};
    }
    for (dom::element e : array) {
        std::string_view name;
        dom::object detail;
        if (e.get_string().get(name) == simdjson::SUCCESS) {
            out.emplace_back(name);
        } else if (e.get_object().get(detail) == simdjson::SUCCESS) {
            out.push_back(text(detail, "name"));
        } else {
            throw FieldError{"labels[]", "a string"};
        }
    }
    return out;
}

std::vector<std::string> assignees(dom::object o) {
    std::vector<std::string> out;
    dom::array array;
    if (o["assignees"].error() == simdjson::NO_SUCH_FIELD) {
        if (auto one = nullable_object(o, "assignee")) { // before GitLab 10 only one assignee
            out.push_back(text(*one, "username"));
        }
        return out;
    }
    if (o["assignees"].get_array().get(array)) {
        throw FieldError{"assignees", "an array"};
    }
    for (dom::element e : array) {
        dom::object user;
        if (e.get_object().get(user)) {
            throw FieldError{"assignees[]", "an object"};
        }
        out.push_back(text(user, "username"));
    }
    return out;
}

// ISO 8601 with Z or a +hh:mm/-hh:mm offset (a self-managed instance may answer in its own zone), as unix seconds.
std::optional<std::int64_t> seconds_of(std::string_view text) {
    if (auto utc = util::parse_iso8601(text)) {
        return utc;
    }
    const auto zone = text.size() > 19 ? text.find_first_of("+-", 19) : std::string_view::npos;
    if (zone == std::string_view::npos || text.size() != zone + 6 || text[zone + 3] != ':' ||
        !std::isdigit(static_cast<unsigned char>(text[zone + 1])) ||
        !std::isdigit(static_cast<unsigned char>(text[zone + 2])) ||
        !std::isdigit(static_cast<unsigned char>(text[zone + 4])) ||
        !std::isdigit(static_cast<unsigned char>(text[zone + 5]))) {
        return std::nullopt;
    }
    const auto local = util::parse_iso8601(std::string(text.substr(0, zone)) + "Z");
    if (!local) {
        return std::nullopt;
    }
    const int minutes = ((text[zone + 1] - '0') * 10 + (text[zone + 2] - '0')) * 60 + (text[zone + 4] - '0') * 10 +
                        (text[zone + 5] - '0');
    return *local - (text[zone] == '+' ? 1 : -1) * std::int64_t{minutes} * 60;
}

model::SourceItem read_item(dom::object o, const PageContext& context) {
    model::SourceItem item;
    item.kind = context.kind;
    item.number = positive(o, "iid");
    item.repo = context.project;
    item.title = text(o, "title");
    item.body = absolute_references(nullable_text(o, "description"), context.web, context.project);
    item.state = text(o, "state");
    const bool mr = context.kind == "merge_request";
    const bool known =
        item.state == "opened" || item.state == "closed" || (mr && (item.state == "merged" || item.state == "locked"));
    if (!known) {
        throw FieldError{"state", mr ? "'opened', 'closed', 'locked' or 'merged'" : "'opened' or 'closed'"};
    }
    item.not_planned = mr && item.state == "closed"; // closed unmerged
    item.labels = labels(o);
    item.assignees = assignees(o);
    auto author = nullable_object(o, "author");
    if (!author) {
        throw FieldError{"author", "an object"};
    }
    item.author = text(*author, "username");
    item.url = text(o, "web_url");
    item.created_at = text(o, "created_at");
    const auto updated = seconds_of(text(o, "updated_at"));
    if (!updated) {
        throw FieldError{"updated_at", "an ISO 8601 time"}; // the cursor is made of it
    }
    item.updated_at = util::format_iso8601(*updated); // UTC, one format: cursors compare as text
    item.closed_at = nullable_text(o, "closed_at");
    if (mr && item.closed_at.empty()) {
        item.closed_at = nullable_text(o, "merged_at");
    }
    if (auto milestone = nullable_object(o, "milestone")) {
        item.milestone = text(*milestone, "title");
    }
    item.external_id = external_id(context.host, context.project, context.kind, item.number);
    return item;
}

ParsedItem parse_one(dom::object o, const PageContext& context, const std::string& where) {
    std::int64_t iid = 0;
    const bool numbered = o["iid"].get_int64().get(iid) == simdjson::SUCCESS && iid > 0;
    try {
        return read_item(o, context);
    } catch (const FieldError& e) {
        return util::Failure{util::Failure::Kind::parse, where + ": field '" + e.field + "' must be " + e.expected, 0,
                             numbered ? external_id(context.host, context.project, context.kind, iid) : std::string()};
    }
}

dom::parser& thread_parser() {
    static thread_local dom::parser parser;
    return parser;
}

std::string what(const PageContext& context) {
    return context.kind == "merge_request" ? "gitlab merge request" : "gitlab issue";
}

} // namespace

util::Result<ParsedPage> parse_page(std::string_view body, const PageContext& context, bool include_confidential) {
    const auto page_failure = [&](const char* why) {
        return util::Failure{util::Failure::Kind::parse, "gitlab " + context.kind + "s page: " + why, 0};
    };
    dom::element root;
    dom::array array;
    if (thread_parser().parse(body.data(), body.size()).get(root)) {
        return page_failure("the body is not valid JSON");
    }
    if (root.get_array().get(array)) {
        return page_failure("expected a JSON array");
    }
    ParsedPage page;
    std::size_t index = 0;
    for (dom::element element : array) {
        const std::string where = what(context) + " " + std::to_string(index++) + " of " + context.project;
        dom::object o;
        if (element.get_object().get(o)) {
            page.items.emplace_back(util::Failure{util::Failure::Kind::parse, where + ": must be a JSON object", 0});
            continue;
        }
        bool confidential = false;
        if (!include_confidential && o["confidential"].get_bool().get(confidential) == simdjson::SUCCESS &&
            confidential) {
            ++page.confidential;
            continue;
        }
        page.items.push_back(parse_one(o, context, where));
    }
    return page;
}

util::Result<std::vector<std::string>> parse_projects_page(std::string_view body) {
    const auto failure = [](const std::string& why) {
        return util::Failure{util::Failure::Kind::parse, "gitlab projects page: " + why, 0};
    };
    dom::element root;
    dom::array array;
    if (thread_parser().parse(body.data(), body.size()).get(root)) {
        return failure("the body is not valid JSON");
    }
    if (root.get_array().get(array)) {
        return failure("expected a JSON array");
    }
    std::vector<std::string> paths;
    std::size_t index = 0;
    for (dom::element element : array) {
        const std::string where = "project " + std::to_string(index++);
        dom::object o;
        if (element.get_object().get(o)) {
            return failure(where + ": must be a JSON object");
        }
        bool archived = false; // absent from simple=true answers, which archived=false already filtered
        if (o["archived"].get(element) == simdjson::SUCCESS && element.get_bool().get(archived)) {
            return failure(where + ": field 'archived' must be a boolean");
        }
        try {
            if (!archived) {
                paths.push_back(text(o, "path_with_namespace"));
            }
        } catch (const FieldError& e) {
            return failure(where + ": field '" + e.field + "' must be " + e.expected);
        }
    }
    return paths;
}

ParsedItem parse_item(std::string_view body, const PageContext& context) {
    dom::element root;
    dom::object o;
    if (thread_parser().parse(body.data(), body.size()).get(root) || root.get_object().get(o)) {
        return util::Failure{util::Failure::Kind::parse,
                             what(context) + " of " + context.project + ": expected a JSON object", 0};
    }
    return parse_one(o, context, what(context) + " of " + context.project);
}

std::string host_of(std::string_view base_url) { return util::url_host(base_url); }

std::string web_of(std::string_view base_url) {
    std::string web(base_url);
    while (web.ends_with("/")) {
        web.pop_back();
    }
    if (web.ends_with("/api/v4")) {
        web.resize(web.size() - 7);
    }
    return web;
}

std::string external_id(std::string_view host, std::string_view project, std::string_view kind, std::int64_t iid) {
    return "gitlab:" + std::string(host) + "/" + util::to_lower(project) + (kind == "merge_request" ? "!" : "#") +
           std::to_string(iid);
}

std::string canonical_id(std::string_view external_id) {
    if (!external_id.starts_with("gitlab:")) {
        return std::string(external_id);
    }
    return util::to_lower(external_id);
}

std::optional<std::string> repo_of(const config::Source& source, std::string_view external_id,
                                   std::span<const std::string> repos) {
    const std::string id = canonical_id(external_id);
    const auto mark = id.find_last_of("#!");
    if (!id.starts_with("gitlab:") || mark == std::string::npos) {
        return std::nullopt;
    }
    const std::string path = id.substr(7, mark - 7); // host/group/.../project
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

Cursor read_cursor(std::string_view position) {
    Cursor c;
    if (const auto fields = cursor_fields(position)) {
        c.issues = field_or_empty(*fields, "issues");
        c.merge_requests = field_or_empty(*fields, "merge_requests");
    }
    return c;
}

std::string write_cursor(const Cursor& cursor) {
    util::JsonWriter out;
    out.begin_object().field("issues", cursor.issues).field("merge_requests", cursor.merge_requests).end_object();
    return out.take();
}

std::optional<std::string> describe_cursor(std::string_view position) {
    const auto fields = cursor_fields(position);
    if (!fields || !fields->contains("issues") || !fields->contains("merge_requests")) {
        return std::nullopt;
    }
    const std::string issues = field_or_empty(*fields, "issues");
    const std::string mrs = field_or_empty(*fields, "merge_requests");
    if (issues.empty() || mrs.empty()) {
        return std::string(); // one resource is listed from its start
    }
    return std::min(issues, mrs);
}

std::string advance(std::string_view position, std::string_view kind, std::string_view updated_at) {
    Cursor c = read_cursor(position);
    const auto at = util::parse_iso8601(updated_at);
    if (!at) {
        return write_cursor(c); // never moves on what it cannot read
    }
    const std::string after = util::format_iso8601(*at - k_cursor_overlap_seconds);
    std::string& slot = kind == "merge_request" ? c.merge_requests : c.issues;
    slot = std::max(slot, after); // ISO 8601 UTC times of one format order as text
    return write_cursor(c);
}

} // namespace issuebridge::sources::gitlab
