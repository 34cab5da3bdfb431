// [[routes]]: which repositories of which source go to which target, and how they are mapped.

#include "issuebridge/config/config.hpp"

#include "reader.hpp"

#include "issuebridge/util/error.hpp"
#include "issuebridge/util/strings.hpp"

#include <algorithm>
#include <regex>
#include <variant>

namespace issuebridge::config {

namespace {

const std::vector<std::string> k_route_keys = {"name", "source", "target", "repos", "kinds", "filter", "map"};
const std::vector<std::string> k_filter_keys = {"labels_any", "labels_none", "states", "authors_none"};
const std::vector<std::string> k_map_keys = {"title",        "body",   "labels",   "assignees",
                                             "label_colors", "states", "milestone"};
const std::vector<std::string> k_meanings = {"open", "closed"};

std::vector<std::string> names_of(const auto& map) {
    std::vector<std::string> out;
    for (const auto& [name, value] : map) {
        out.push_back(name);
    }
    return out;
}

std::vector<std::string> read_repos(const TableReader& r, const Source& source, const SourceSchema& schema) {
    auto repos = r.string_array("repos");
    if (repos.empty()) {
        r.fail("repos", "'repos' in " + r.section() + " must list at least one repository");
    }
    for (auto it = repos.begin(); it != repos.end(); ++it) {
        if (std::find(repos.begin(), it, *it) != it) {
            r.fail("repos", "repository '" + *it + "' is listed twice in 'repos' of " + r.section(),
                   "list each repository once per route");
        }
    }
    const std::regex pattern(schema.repo_pattern.empty() ? std::string(".+") : schema.repo_pattern);
    for (const auto& repo : repos) {
        if (is_pattern(repo)) {
            if (schema.group_pattern.empty()) {
                r.fail("repos",
                       "'" + source.type + "' sources take no repository patterns: '" + repo + "' in " + r.section(),
                       "list each repository, as " + schema.repo_shape);
            }
            if (!std::regex_match(repo, std::regex(schema.group_pattern)) || repo.find("..") != std::string::npos) {
                r.fail("repos",
                       "malformed repository pattern '" + repo + "' in " + r.section() + " for a '" + source.type +
                           "' source",
                       "expected " + schema.group_shape + "; '*' stands only for the last segment");
            }
            continue;
        }
        if (!std::regex_match(repo, pattern) || repo.find("..") != std::string::npos) {
            r.fail("repos",
                   "malformed repository '" + repo + "' in " + r.section() + " for a '" + source.type + "' source",
                   "expected " + schema.repo_shape);
        }
    }
    return repos;
}

// Kinds a route polls: its own list (each must apply to the source), else the defaults that apply to it,
// with the schema's aliases standing for its kinds (e.g. merge_request for pull_request).
std::vector<std::string> read_kinds(const TableReader& r, const Source& source, const SourceSchema& schema,
                                    const Config& config) {
    const auto& supported = schema.kinds;
    if (r.has("kinds")) {
        auto kinds = r.string_array("kinds");
        for (const auto& kind : kinds) {
            if (std::find(supported.begin(), supported.end(), kind) == supported.end()) {
                r.fail("kinds",
                       "kind '" + kind + "' does not apply to '" + source.type + "' source '" + source.name + "' in " +
                           r.section(),
                       "expected one of " + util::join(supported, ", "));
            }
        }
        if (kinds.empty()) {
            r.fail("kinds", "'kinds' in " + r.section() + " must not be empty");
        }
        return kinds;
    }
    std::vector<std::string> kinds;
    for (std::string kind : config.default_kinds) {
        if (const auto alias = schema.kind_aliases.find(kind); alias != schema.kind_aliases.end()) {
            kind = alias->second;
        }
        if (std::find(supported.begin(), supported.end(), kind) != supported.end() &&
            std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
            kinds.push_back(kind);
        }
    }
    return kinds.empty() ? supported : kinds;
}

// The words a filter's states may name: open and closed (meanings), then the source's own words.
std::vector<std::string> filter_words(const SourceSchema& schema) {
    std::vector<std::string> words = k_meanings;
    for (const auto& [word, meaning] : schema.states) {
        if (std::find(words.begin(), words.end(), word) == words.end()) {
            words.push_back(word);
        }
    }
    return words;
}

Filter read_filter(const toml::table& table, const std::string& section, const SourceSchema& schema,
                   const std::string& file) {
    TableReader r(table, section, k_filter_keys, file);
    Filter f;
    f.labels_any = r.string_array("labels_any");
    f.labels_none = r.string_array("labels_none");
    f.states = r.string_array("states");
    f.authors_none = r.string_array("authors_none");
    const auto words = filter_words(schema);
    for (const auto& state : f.states) {
        if (std::find(words.begin(), words.end(), state) == words.end()) {
            r.fail("states",
                   "unknown state '" + state + "' in " + section + "; expected " +
                       (words.size() == 2 ? "open or closed" : "one of " + util::join(words, ", ")),
                   util::did_you_mean(state, words));
        }
    }
    return f;
}

// [routes.map] states = { merged = "open" }: what a source's state word means on the target, over the schema's
// defaults.
std::map<std::string, model::ItemState> read_states(const TableReader& r, const SourceSchema& schema) {
    std::map<std::string, model::ItemState> states(schema.states.begin(), schema.states.end());
    const toml::node* node = r.table().get("states");
    if (!node) {
        return states;
    }
    const toml::table* words = node->as_table();
    if (!words) {
        r.fail("states", "'states' in " + r.section() + " must be a table of state words, e.g. { merged = \"open\" }");
    }
    std::vector<std::string> known;
    for (const auto& [word, meaning] : schema.states) {
        known.push_back(word);
    }
    for (const auto& [key, value] : *words) {
        const std::string word(key.str());
        if (!states.contains(word)) {
            const auto& begin = key.source().begin;
            const Location at{r.file(), static_cast<long>(begin.line), static_cast<long>(begin.column)};
            throw util::ConfigError(at.str() + ": unknown state word '" + word + "' in 'states' of " + r.section() +
                                        "; a '" + schema.type + "' source has " + util::join(known, ", "),
                                    util::did_you_mean(word, known));
        }
        const auto meaning = value.value<std::string>();
        if (!meaning || (*meaning != "open" && *meaning != "closed")) {
            fail_at(value, r.file(), "'states." + word + "' in " + r.section() + " must be \"open\" or \"closed\"");
        }
        states[word] = *meaning == "open" ? model::ItemState::open : model::ItemState::closed;
    }
    return states;
}

// The title template of a route that gives none: the source's default, else the target's when the source has every
// field it names, else "{title}".
model::Template default_title(const SourceSchema& source, const TargetSchema& target) {
    for (const std::string* text : {&source.default_title, &target.default_title}) {
        if (text->empty()) {
            continue;
        }
        if (auto parsed = model::Template::parse(*text, source.template_fields);
            std::holds_alternative<model::Template>(parsed)) {
            return std::get<model::Template>(std::move(parsed));
        }
    }
    return std::get<model::Template>(model::Template::parse("{title}"));
}

Mapping read_map(const toml::table* table, const std::string& section, const TargetSchema& target,
                 const SourceSchema& source, Route& route, const std::string& file) {
    Mapping m;
    route.states = std::map<std::string, model::ItemState>(source.states.begin(), source.states.end());
    m.title = default_title(source, target);
    if (!table) {
        return m;
    }
    TableReader r(*table, section, k_map_keys, file);
    if (auto title = r.template_("title", source.template_fields)) {
        m.title = std::move(*title);
    }
    m.body = r.template_("body", source.template_fields);
    m.labels = r.string_map("labels");
    m.assignees = r.string_map("assignees");
    if (target.label_problem) {
        for (const auto& [from, to] : m.labels) {
            if (const auto problem = target.label_problem(to)) {
                r.fail("labels",
                       target.type + " label '" + to + "' (mapped from '" + from + "') in " + section + " " +
                           problem->message,
                       problem->hint);
            }
        }
    }
    m.label_colors = r.string_map("label_colors");
    for (const auto& [label, color] : m.label_colors) {
        if (!target.label_color_problem) {
            r.fail("label_colors",
                   target.type + " targets give labels no colour: label_colors in " + section + " has nothing to set",
                   "remove label_colors");
            break;
        }
        if (const auto problem = target.label_color_problem(color)) {
            r.fail("label_colors",
                   target.type + " label colour '" + color + "' (for '" + label + "') in " + section + " " +
                       problem->message,
                   problem->hint);
        }
    }
    m.milestone = r.template_("milestone", source.template_fields);
    if (m.milestone && !target.milestones) {
        r.fail("milestone", target.type + " targets have no milestones: milestone in " + section + " has nowhere to go",
               "remove milestone");
    }
    route.states = read_states(r, source);
    return m;
}

} // namespace

bool is_pattern(std::string_view repo) { return repo.find('*') != std::string_view::npos; }

bool pattern_covers(std::string_view pattern, std::string_view repo) {
    const auto slash = pattern.rfind('/');
    if (slash == std::string_view::npos || repo.size() <= slash + 1 ||
        util::to_lower(repo.substr(0, slash + 1)) != util::to_lower(pattern.substr(0, slash + 1))) {
        return false;
    }
    const std::string_view last = pattern.substr(slash + 1);
    const std::string_view rest = repo.substr(slash + 1);
    const bool one_segment = rest.find('/') == std::string_view::npos;
    return (last == "*" && one_segment) || (last == "**" && !rest.starts_with("/") && !rest.ends_with("/"));
}

Route read_route(const toml::table& table, std::size_t index, const Config& config, const Schemas& schemas,
                 const std::string& file) {
    TableReader r(table, "[[routes]] #" + std::to_string(index + 1), k_route_keys, file);
    Route route;
    route.where = r.where();
    route.name = r.required_string("name");
    static const std::regex k_name("[A-Za-z0-9_.-]+");
    if (!std::regex_match(route.name, k_name)) {
        r.fail("name", "route name '" + route.name + "' may contain only letters, digits, '.', '_' and '-'");
    }
    if (config.find_route(route.name)) {
        r.fail("name", "duplicate route name '" + route.name + "'");
    }
    const std::string named = "[[routes]] '" + route.name + "'";
    r.rename(named);
    route.source = r.required_string("source");
    const auto source = config.sources.find(route.source);
    if (source == config.sources.end()) {
        r.fail("source", "route '" + route.name + "' names unknown source '" + route.source + "'",
               config.sources.empty() ? "define it in a [sources." + route.source + "] table"
                                      : util::did_you_mean(route.source, names_of(config.sources)));
    }
    route.target = r.required_string("target");
    const auto target = config.targets.find(route.target);
    if (target == config.targets.end()) {
        r.fail("target", "route '" + route.name + "' names unknown target '" + route.target + "'",
               config.targets.empty() ? "define it in a [targets." + route.target + "] table"
                                      : util::did_you_mean(route.target, names_of(config.targets)));
    }
    const SourceSchema& source_schema = *schemas.source(source->second.type);
    const TargetSchema& target_schema = *schemas.target(target->second.type);
    route.repos = read_repos(r, source->second, source_schema);
    if (target_schema.check_route) {
        if (auto problem = target_schema.check_route(route, source->second, target->second)) {
            r.fail(problem->key, problem->message + " in " + named, problem->hint);
        }
    }
    route.kinds = read_kinds(r, source->second, source_schema, config);
    route.concurrency = target->second.concurrency.value_or(config.default_concurrency);
    if (const toml::table* filter = r.table("filter")) {
        route.filter = read_filter(*filter, named + " filter", source_schema, file);
    }
    route.map = read_map(r.table("map"), named + " map", target_schema, source_schema, route, file);
    route.link_label = source->second.link_label;
    return route;
}

} // namespace issuebridge::config
