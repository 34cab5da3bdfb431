// Code scanning alert objects (code-scanning-alert-items in the OpenAPI description) into SourceItems.

#include "codescanning.hpp"

#include "issuebridge/render/templates.hpp"
#include "issuebridge/util/strings.hpp"

#include <simdjson.h>

namespace issuebridge::sources::codescanning {

namespace {

// DOM, as the GitHub source: parse() checks the whole document before any field is read, so a broken body fails as
// a whole and a missing or mistyped field is an error value, never a read of freed memory.
namespace dom = simdjson::dom;

struct FieldError {
    std::string field;
    std::string expected;
};

// A member that is absent or null, or its value.
std::optional<dom::element> member(dom::object o, const char* field) {
    dom::element v;
    if (o[field].get(v) != simdjson::SUCCESS || v.is_null()) {
        return std::nullopt;
    }
    return v;
}

std::string text(dom::object o, const char* field, const std::string& path) {
    std::string_view v;
    if (o[field].get_string().get(v) != simdjson::SUCCESS) {
        throw FieldError{path + field, "a string"};
    }
    return std::string(v);
}

std::string nullable_text(dom::object o, const char* field, const std::string& path) {
    const auto v = member(o, field);
    std::string_view s;
    if (v && v->get_string().get(s)) {
        throw FieldError{path + field, "a string or null"};
    }
    return v ? std::string(s) : std::string();
}

dom::object object(dom::object o, const char* field, const std::string& path) {
    dom::object inner;
    if (o[field].get_object().get(inner)) {
        throw FieldError{path + field, "an object"};
    }
    return inner;
}

std::optional<dom::object> nullable_object(dom::object o, const char* field, const std::string& path) {
    const auto v = member(o, field);
    dom::object inner;
    if (v && v->get_object().get(inner)) {
        throw FieldError{path + field, "an object or null"};
    }
    return v ? std::optional<dom::object>(inner) : std::nullopt;
}

// The alert, or nullopt when its state is null (off the default branch: skipped).
std::optional<model::SourceItem> parse_item(dom::object o, const PageContext& context) {
    model::SourceItem item;
    std::int64_t number = 0;
    if (o["number"].get_int64().get(number) || number <= 0) {
        throw FieldError{"number", "a positive integer"};
    }
    item.number = number;
    item.external_id = external_id(context.host, context.repo, number);
    const auto state = member(o, "state");
    if (!state) {
        return std::nullopt;
    }
    std::string_view word;
    if (state->get_string().get(word) || (word != "open" && word != "fixed" && word != "dismissed")) {
        throw FieldError{"state", "'open', 'fixed', 'dismissed' or null"};
    }
    item.state = std::string(word);
    item.not_planned = item.state == "dismissed";
    item.kind = "alert";
    item.repo = context.repo;
    item.url = text(o, "html_url", "");
    item.created_at = text(o, "created_at", "");
    // updated_at is not among the schema's required fields: an alert without one counts as updated when created.
    item.updated_at = nullable_text(o, "updated_at", "");
    if (item.updated_at.empty()) {
        item.updated_at = item.created_at;
    }
    item.closed_at = nullable_text(o, item.state == "fixed" ? "fixed_at" : "dismissed_at", "");

    const dom::object rule = object(o, "rule", "");
    std::string rule_name = nullable_text(rule, "description", "rule.");
    const std::string rule_id = nullable_text(rule, "id", "rule.");
    if (rule_name.empty()) {
        rule_name = rule_id.empty() ? nullable_text(rule, "name", "rule.") : rule_id;
    }
    if (rule_name.empty()) {
        throw FieldError{"rule.description", "a non-empty string"};
    }
    const std::string rule_url = nullable_text(rule, "help_uri", "rule.");
    const std::string severity = nullable_text(rule, "severity", "rule.");
    const std::string tool = nullable_text(object(o, "tool", ""), "name", "tool.");

    std::string ref, message, file, line;
    if (const auto instance = nullable_object(o, "most_recent_instance", "")) {
        ref = nullable_text(*instance, "ref", "most_recent_instance.");
        if (const auto m = nullable_object(*instance, "message", "most_recent_instance.")) {
            message = nullable_text(*m, "text", "most_recent_instance.message.");
        }
        if (const auto location = nullable_object(*instance, "location", "most_recent_instance.")) {
            file = nullable_text(*location, "path", "most_recent_instance.location.");
            std::int64_t start = 0;
            const auto v = member(*location, "start_line");
            if (v && v->get_int64().get(start)) {
                throw FieldError{"most_recent_instance.location.start_line", "an integer or null"};
            }
            line = v ? std::to_string(start) : std::string();
        }
    }

    item.title = rule_name;
    item.body = render::alert_body_markdown(rule_name, rule_url, line.empty() ? file : file + ":" + line, message);
    // The labels are the source's to give: the tool, the severity (a route's label map turns it into a priority),
    // and 'suppressed' for a dismissed alert, so that a tracker shows why it closed.
    for (const std::string* label : {&tool, &severity}) {
        if (!label->empty()) {
            item.labels.push_back(*label);
        }
    }
    if (item.state == "dismissed") {
        item.labels.emplace_back("suppressed");
    }
    item.fields = {{"rule", rule_name}, {"rule_url", rule_url}, {"severity", severity}, {"file", file},
                   {"line", line},      {"message", message},   {"tool", tool},         {"ref", ref}};
    return item;
}

std::optional<ParsedItem> parse_one(dom::object o, const PageContext& context, const std::string& where) {
    std::int64_t n = 0;
    const bool numbered = o["number"].get_int64().get(n) == simdjson::SUCCESS && n > 0;
    try {
        auto item = parse_item(o, context);
        return item ? std::optional<ParsedItem>(std::move(*item)) : std::nullopt;
    } catch (const FieldError& e) {
        return ParsedItem(util::Failure{util::Failure::Kind::parse,
                                        where + ": field '" + e.field + "' must be " + e.expected, 0,
                                        numbered ? external_id(context.host, context.repo, n) : std::string()});
    }
}

dom::parser& thread_parser() {
    static thread_local dom::parser parser;
    return parser;
}

} // namespace

util::Result<std::vector<ParsedItem>> parse_alerts_page(std::string_view body, const PageContext& context) {
    const auto page_failure = [](const char* why) {
        return util::Failure{util::Failure::Kind::parse, std::string("code scanning alerts page: ") + why, 0};
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
        const std::string where = "code scanning alert " + std::to_string(index++) + " of " + context.repo;
        dom::object o;
        if (element.get_object().get(o)) {
            items.emplace_back(util::Failure{util::Failure::Kind::parse, where + ": must be a JSON object", 0});
        } else if (auto parsed = parse_one(o, context, where)) {
            items.push_back(std::move(*parsed));
        }
    }
    return items;
}

ParsedItem parse_alert(std::string_view body, const PageContext& context) {
    dom::element root;
    dom::object o;
    if (thread_parser().parse(body.data(), body.size()).get(root) || root.get_object().get(o)) {
        return util::Failure{util::Failure::Kind::parse,
                             "code scanning alert of " + context.repo + ": expected a JSON object", 0};
    }
    if (auto parsed = parse_one(o, context, "code scanning alert of " + context.repo)) {
        return std::move(*parsed);
    }
    return util::Failure{util::Failure::Kind::other,
                         "code scanning alert of " + context.repo + " has no state on the default branch", 0};
}

std::string external_id(std::string_view host, std::string_view repo, std::int64_t number) {
    return model::make_external_id("codescanning", host, util::to_lower(repo), std::to_string(number));
}

std::string canonical_id(std::string_view external_id) {
    return external_id.starts_with("codescanning:") ? util::to_lower(external_id) : std::string(external_id);
}

std::optional<std::string> repo_of(const config::Source& source, std::string_view external_id,
                                   std::span<const std::string> repos) {
    constexpr std::string_view k_prefix = "codescanning:";
    const std::string id = canonical_id(external_id);
    const auto hash = id.rfind('#');
    if (!id.starts_with(k_prefix) || hash == std::string::npos) {
        return std::nullopt;
    }
    const std::string path = id.substr(k_prefix.size(), hash - k_prefix.size());
    for (const auto& r : repos) {
        if (host_of(source.base_url) + "/" + util::to_lower(r) == path) {
            return r;
        }
    }
    return std::nullopt;
}

std::string host_of(std::string_view base_url) {
    const std::string host = util::url_host(base_url);
    return host == "api.github.com" ? "github.com" : host; // github.com's API host names github.com's items
}

} // namespace issuebridge::sources::codescanning
