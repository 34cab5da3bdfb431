// LGTM's answers into values: SARIF 2.1.0 alert logs (streamed with simdjson on-demand), analyses and projects.

#include "lgtm.hpp"

#include "issuebridge/render/templates.hpp"
#include "issuebridge/util/strings.hpp"
#include "issuebridge/util/time.hpp"

#include <simdjson.h>

#include <map>
#include <vector>

namespace issuebridge::sources::lgtm {

namespace {

namespace od = simdjson::ondemand;

// A field of one result that is missing or mistyped: that result fails alone.
struct FieldError {
    std::string field;
    std::string expected;
};

// The log itself is broken (not JSON, cut off): nothing after it can be read.
struct LogError {
    std::string why;
};

// Throws FieldError for the errors a well-formed document gives when a field is missing or of another type, and
// LogError for any other (the document is not well-formed there).
void check(simdjson::error_code e, const std::string& field, const char* expected) {
    if (e == simdjson::SUCCESS) {
        return;
    }
    if (e == simdjson::INCORRECT_TYPE || e == simdjson::NO_SUCH_FIELD || e == simdjson::NUMBER_ERROR ||
        e == simdjson::NUMBER_OUT_OF_RANGE) {
        throw FieldError{field, expected};
    }
    throw LogError{std::string(simdjson::error_message(e)) + " at '" + field + "'"};
}

// The member `name` of `o`, or nullopt when it is absent or null.
std::optional<od::value> member(od::object& o, std::string_view name, const std::string& path) {
    od::value v;
    const auto e = o.find_field_unordered(name).get(v);
    if (e == simdjson::NO_SUCH_FIELD) {
        return std::nullopt;
    }
    check(e, path, "present");
    od::json_type type = od::json_type::null;
    check(v.type().get(type), path, "a JSON value");
    return type == od::json_type::null ? std::nullopt : std::optional<od::value>(v);
}

std::string text(od::object& o, std::string_view name, const std::string& prefix, bool required) {
    const std::string path = prefix + std::string(name);
    auto v = member(o, name, path);
    if (!v) {
        check(required ? simdjson::NO_SUCH_FIELD : simdjson::SUCCESS, path, "a string");
        return {};
    }
    std::string_view s;
    check(v->get_string().get(s), path, "a string");
    return std::string(s);
}

std::optional<od::object> object(od::object& o, std::string_view name, const std::string& prefix) {
    const std::string path = prefix + std::string(name);
    auto v = member(o, name, path);
    if (!v) {
        return std::nullopt;
    }
    od::object inner;
    check(v->get_object().get(inner), path, "an object");
    return inner;
}

// `o.<a>.<b>` as text, "" when either is absent.
std::string nested_text(od::object& o, std::string_view a, std::string_view b, const std::string& prefix) {
    auto inner = object(o, a, prefix);
    return inner ? text(*inner, b, prefix + std::string(a) + ".", false) : std::string();
}

struct Rule {
    std::string id;
    std::string name;     // shortDescription.text, else name, else id
    std::string url;      // helpUri
    std::string severity; // defaultConfiguration.level, else properties["problem.severity"]
};

struct Tool {
    std::string name;
    std::vector<Rule> rules;
    std::map<std::string, std::size_t> by_id;
};

Rule read_rule(od::object& o, const std::string& prefix) {
    Rule r;
    r.id = text(o, "id", prefix, true);
    r.name = nested_text(o, "shortDescription", "text", prefix);
    if (r.name.empty()) {
        r.name = text(o, "name", prefix, false);
    }
    if (r.name.empty()) {
        r.name = r.id;
    }
    r.url = text(o, "helpUri", prefix, false);
    r.severity = nested_text(o, "defaultConfiguration", "level", prefix);
    if (r.severity.empty()) {
        r.severity = nested_text(o, "properties", "problem.severity", prefix);
    }
    return r;
}

// runs[i].tool.driver: its name and rules. A malformed rule fails the whole log: every result may refer to it.
Tool read_tool(od::object& run, const std::string& prefix) {
    Tool tool;
    auto t = object(run, "tool", prefix);
    check(t ? simdjson::SUCCESS : simdjson::NO_SUCH_FIELD, prefix + "tool", "an object");
    auto driver = object(*t, "driver", prefix + "tool.");
    check(driver ? simdjson::SUCCESS : simdjson::NO_SUCH_FIELD, prefix + "tool.driver", "an object");
    const std::string at = prefix + "tool.driver.";
    tool.name = text(*driver, "name", at, true);
    if (auto rules = member(*driver, "rules", at + "rules")) {
        od::array array;
        check(rules->get_array().get(array), at + "rules", "an array");
        for (auto element : array) {
            const std::string path = at + "rules[" + std::to_string(tool.rules.size()) + "].";
            od::object o;
            check(element.get_object().get(o), path, "an object");
            tool.rules.push_back(read_rule(o, path));
            tool.by_id.emplace(tool.rules.back().id, tool.rules.size() - 1);
        }
    }
    return tool;
}

// The result's alert key: LGTM's own (partialFingerprints.alertKey), else the rule and the line hash that CodeQL
// logs carry, which together name one alert of one analysis.
std::string alert_key(od::object& o, const std::string& rule_id) {
    auto fingerprints = object(o, "partialFingerprints", "");
    check(fingerprints ? simdjson::SUCCESS : simdjson::NO_SUCH_FIELD, "partialFingerprints", "an object");
    std::string key = text(*fingerprints, "alertKey", "partialFingerprints.", false);
    if (key.empty()) {
        const std::string hash = text(*fingerprints, "primaryLocationLineHash", "partialFingerprints.", false);
        check(hash.empty() ? simdjson::NO_SUCH_FIELD : simdjson::SUCCESS, "partialFingerprints.alertKey",
              "a string (or primaryLocationLineHash)");
        key = rule_id + ":" + hash;
    }
    return key;
}

// The first location's file and line ("" when the result has none).
std::pair<std::string, std::string> location(od::object& o) {
    auto v = member(o, "locations", "locations");
    if (!v) {
        return {};
    }
    od::array locations;
    check(v->get_array().get(locations), "locations", "an array");
    for (auto element : locations) {
        od::object first;
        check(element.get_object().get(first), "locations[0]", "an object");
        auto physical = object(first, "physicalLocation", "locations[0].");
        if (!physical) {
            return {};
        }
        const std::string at = "locations[0].physicalLocation.";
        std::string file = nested_text(*physical, "artifactLocation", "uri", at);
        std::string line;
        if (auto region = object(*physical, "region", at)) {
            if (auto start = member(*region, "startLine", at + "region.startLine")) {
                std::int64_t n = 0;
                check(start->get_int64().get(n), at + "region.startLine", "an integer");
                line = std::to_string(n);
            }
        }
        return {file, line};
    }
    return {};
}

bool suppressed(od::object& o) {
    auto v = member(o, "suppressions", "suppressions");
    if (!v) {
        return false;
    }
    od::array suppressions;
    check(v->get_array().get(suppressions), "suppressions", "an array");
    std::size_t n = 0;
    check(suppressions.count_elements().get(n), "suppressions", "an array");
    return n > 0;
}

const Rule* find_rule(od::object& o, const Tool& tool, const std::string& rule_id) {
    if (auto index = member(o, "ruleIndex", "ruleIndex")) {
        std::int64_t i = 0;
        check(index->get_int64().get(i), "ruleIndex", "an integer");
        const auto at = static_cast<std::size_t>(i);
        if (i >= 0 && at < tool.rules.size() && tool.rules[at].id == rule_id) {
            return &tool.rules[at];
        }
    }
    const auto it = tool.by_id.find(rule_id);
    return it == tool.by_id.end() ? nullptr : &tool.rules[it->second];
}

model::SourceItem read_result(od::object& o, const Tool& tool, const AnalysisContext& context, std::string& id) {
    std::string rule_id = text(o, "ruleId", "", false);
    if (rule_id.empty()) {
        rule_id = nested_text(o, "rule", "id", "");
    }
    check(rule_id.empty() ? simdjson::NO_SUCH_FIELD : simdjson::SUCCESS, "ruleId", "a string");
    id = external_id(context.host, context.project_id, alert_key(o, rule_id));
    const Rule* rule = find_rule(o, tool, rule_id);
    const std::string message = nested_text(o, "message", "text", "");
    check(message.empty() ? simdjson::NO_SUCH_FIELD : simdjson::SUCCESS, "message.text", "a string");
    std::string severity = text(o, "level", "", false);
    if (severity.empty()) {
        severity = rule && !rule->severity.empty() ? rule->severity : "warning"; // SARIF's default level
    }
    const auto [file, line] = location(o);

    model::SourceItem item;
    item.external_id = id;
    item.kind = "alert";
    item.repo = context.repo;
    item.state = suppressed(o) ? "suppressed" : "open";
    item.not_planned = item.state == "suppressed";
    item.url = context.url;
    item.created_at = context.analyzed_at;
    item.updated_at = context.analyzed_at;
    const std::string rule_name = rule ? rule->name : rule_id;
    const std::string rule_url = rule ? rule->url : std::string();
    item.title = rule_name;
    item.body = render::alert_body_markdown(rule_name, rule_url, line.empty() ? file : file + ":" + line, message);
    // The tool, the severity (a route's label map turns it into a priority) and, as for a dismissed code scanning
    // alert, 'suppressed' for a suppressed one, so that a tracker shows why it closed; unsuppressing takes it off.
    for (const std::string* label : {&tool.name, static_cast<const std::string*>(&severity)}) {
        if (!label->empty()) {
            item.labels.push_back(*label);
        }
    }
    if (item.not_planned) {
        item.labels.emplace_back("suppressed");
    }
    item.fields = {{"rule", rule_name}, {"rule_url", rule_url}, {"severity", severity}, {"file", file},
                   {"line", line},      {"message", message},   {"tool", tool.name},    {"ref", context.ref}};
    return item;
}

ParsedItem parse_result(simdjson::simdjson_result<od::value> element, const Tool& tool, const AnalysisContext& context,
                        const std::string& where) {
    od::object o;
    const auto error = element.get_object().get(o);
    if (error == simdjson::INCORRECT_TYPE) {
        return util::Failure{util::Failure::Kind::parse, "LGTM alert " + where + ": must be a JSON object", 0};
    }
    check(error, where, "an object");
    std::string id;
    try {
        return read_result(o, tool, context, id);
    } catch (const FieldError& e) {
        return util::Failure{util::Failure::Kind::parse,
                             "LGTM alert " + where + ": field '" + e.field + "' must be " + e.expected, 0, id};
    }
}

} // namespace

util::Result<std::size_t> parse_sarif(std::string body, const AnalysisContext& context,
                                      const std::function<void(ParsedItem)>& each) {
    const auto failure = [&](const std::string& why) {
        return util::Failure{util::Failure::Kind::parse, "LGTM alerts of '" + context.repo + "': " + why, 0};
    };
    body.reserve(body.size() + simdjson::SIMDJSON_PADDING);
    od::parser parser;
    od::document doc;
    od::object root;
    if (parser.iterate(body.data(), body.size(), body.capacity()).get(doc) || doc.get_object().get(root)) {
        return failure("the body is not a JSON object");
    }
    std::size_t count = 0;
    try {
        od::array runs;
        check(root.find_field_unordered("runs").get_array().get(runs), "runs", "an array");
        std::size_t run_index = 0;
        for (auto run_element : runs) {
            const std::string prefix = "runs[" + std::to_string(run_index++) + "].";
            od::object run;
            check(run_element.get_object().get(run), prefix, "an object");
            const Tool tool = read_tool(run, prefix);
            auto results = member(run, "results", prefix + "results");
            if (!results) {
                continue;
            }
            od::array array;
            check(results->get_array().get(array), prefix + "results", "an array");
            for (auto element : array) {
                check(element.error(), prefix + "results[" + std::to_string(count) + "]", "a JSON value");
                each(parse_result(element, tool, context, prefix + "results[" + std::to_string(count) + "]"));
                ++count;
            }
        }
    } catch (const FieldError& e) {
        return failure("field '" + e.field + "' must be " + e.expected);
    } catch (const LogError& e) {
        return failure("the log breaks off or is not valid JSON (" + e.why + ")");
    }
    return count;
}

namespace {

// LGTM's dates ("2000-01-23T04:56:07.000+00:00": fractions and an offset) as unix seconds.
std::optional<std::int64_t> lgtm_time(std::string_view text) {
    if (const auto plain = util::parse_iso8601(text)) {
        return plain;
    }
    if (text.size() < 25 || text[10] != 'T') {
        return std::nullopt;
    }
    const std::string_view offset = text.substr(text.size() - 6);
    const auto at = util::parse_iso8601(std::string(text.substr(0, 19)) + "Z");
    if (!at || (offset[0] != '+' && offset[0] != '-') || offset[3] != ':' ||
        offset.find_first_not_of("+-0123456789:") != std::string_view::npos) {
        return std::nullopt;
    }
    const std::int64_t minutes =
        ((offset[1] - '0') * 10 + (offset[2] - '0')) * 60 + (offset[4] - '0') * 10 + (offset[5] - '0');
    return *at - (offset[0] == '+' ? 1 : -1) * minutes * 60;
}

} // namespace

util::Result<Analysis> parse_analysis(std::string_view body) {
    simdjson::dom::parser parser;
    simdjson::dom::object o;
    const auto failure = [](const char* why) {
        return util::Failure{util::Failure::Kind::parse, std::string("LGTM analysis: ") + why, 0};
    };
    if (parser.parse(body.data(), body.size()).get_object().get(o)) {
        return failure("expected a JSON object");
    }
    Analysis a;
    std::string_view v;
    if (o["id"].get_string().get(v) || v.empty()) {
        return failure("field 'id' must be a non-empty string");
    }
    a.id = v;
    if (!o["commit-id"].get_string().get(v)) {
        a.commit = v;
    }
    // The project's page, not the analysis' results: the same for every analysis, so a new one changes no link.
    if (!o["project"]["url"].get_string().get(v)) {
        a.url = v;
    }
    simdjson::dom::array languages;
    if (!o["languages"].get_array().get(languages)) {
        for (auto language : languages) {
            const auto at = language["analysis-date"].get_string().get(v) ? std::nullopt : lgtm_time(v);
            if (at) {
                a.analyzed_at = std::max(a.analyzed_at, util::format_iso8601(*at));
            }
        }
    }
    return a;
}

util::Result<std::string> parse_project_id(std::string_view body) {
    simdjson::dom::parser parser;
    std::int64_t id = 0;
    if (parser.parse(body.data(), body.size()).get_object()["id"].get_int64().get(id) || id <= 0) {
        return util::Failure{util::Failure::Kind::parse, "LGTM project: field 'id' must be a positive integer", 0};
    }
    return std::to_string(id);
}

std::string external_id(std::string_view host, std::string_view project_id, std::string_view key) {
    return "lgtm:" + std::string(host) + "/" + std::string(project_id) + "/" + std::string(key);
}

std::string canonical_id(std::string_view external_id) { return std::string(external_id); }

std::optional<std::string> repo_of(const config::Source& source, std::string_view external_id,
                                   std::span<const std::string> repos) {
    const std::string prefix = "lgtm:" + host_of(source.base_url) + "/";
    if (!external_id.starts_with(prefix)) {
        return std::nullopt;
    }
    const std::string_view rest = external_id.substr(prefix.size());
    const std::string_view project = rest.substr(0, rest.find('/'));
    for (const auto& r : repos) {
        if (r == project) {
            return r;
        }
    }
    return std::nullopt;
}

std::string host_of(std::string_view base_url) { return util::url_host(base_url); }

} // namespace issuebridge::sources::lgtm
