// [[routes]]: which repositories of which source go to which target, and how they are mapped.

#include "issuebridge/config/config.hpp"

#include "reader.hpp"

#include "issuebridge/util/error.hpp"
#include "issuebridge/util/strings.hpp"

#include <algorithm>
#include <regex>

namespace issuebridge::config {

namespace {

const std::vector<std::string> k_route_keys = {"name", "source", "target", "repos", "kinds", "filter", "map"};
const std::vector<std::string> k_filter_keys = {"labels_any", "labels_none", "states", "authors_none"};
const std::vector<std::string> k_map_keys = {"title", "body", "labels", "assignees"};
const std::vector<std::string> k_states = {"open", "closed"};

std::vector<std::string> names_of(const auto& map) {
    std::vector<std::string> out;
    for (const auto& [name, value] : map) {
        out.push_back(name);
    }
    return out;
}

std::vector<std::string> kinds_of_source(std::string_view type) {
    if (type == "github") {
        return {"issue", "pull_request"};
    }
    if (type == "gitlab") {
        return {"issue", "merge_request"};
    }
    return {"alert"};
}

// What a repository looks like for each source type, for the error message and the check.
std::pair<std::regex, std::string> repo_pattern(std::string_view type) {
    static const std::string seg = "[A-Za-z0-9_.-]+";
    if (type == "gitlab") {
        return {std::regex("(" + seg + "(/" + seg + ")+)|[0-9]+"), "'group/project' (subgroups allowed) or a numeric id"};
    }
    if (type == "lgtm") {
        return {std::regex("[0-9]+|[a-z]+/" + seg + "/" + seg), "a numeric project id or 'g/org/name'"};
    }
    return {std::regex(seg + "/" + seg), "'owner/name'"};
}

std::vector<std::string> read_repos(const TableReader& r, const Source& source) {
    auto repos = r.string_array("repos");
    if (repos.empty()) {
        r.fail("repos", "'repos' in " + r.section() + " must list at least one repository");
    }
    const auto [pattern, shape] = repo_pattern(source.type);
    for (const auto& repo : repos) {
        if (!std::regex_match(repo, pattern) || repo.find("..") != std::string::npos) {
            r.fail("repos", "malformed repository '" + repo + "' in " + r.section() + " for a '" + source.type +
                                "' source",
                   "expected " + shape);
        }
    }
    return repos;
}

// Kinds a route polls: its own list (each must apply to the source), else the defaults that apply to it,
// with pull_request and merge_request standing for each other.
std::vector<std::string> read_kinds(const TableReader& r, const Source& source, const Config& config) {
    const auto supported = kinds_of_source(source.type);
    if (r.has("kinds")) {
        auto kinds = r.string_array("kinds");
        for (const auto& kind : kinds) {
            if (std::find(supported.begin(), supported.end(), kind) == supported.end()) {
                r.fail("kinds", "kind '" + kind + "' does not apply to '" + source.type + "' source '" + source.name +
                                    "' in " + r.section(),
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
        if (kind == "pull_request" && source.type == "gitlab") {
            kind = "merge_request";
        } else if (kind == "merge_request" && source.type == "github") {
            kind = "pull_request";
        }
        if (std::find(supported.begin(), supported.end(), kind) != supported.end() &&
            std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
            kinds.push_back(kind);
        }
    }
    return kinds.empty() ? supported : kinds;
}

Filter read_filter(const toml::table& table, const std::string& section, const std::string& file) {
    TableReader r(table, section, k_filter_keys, file);
    Filter f;
    f.labels_any = r.string_array("labels_any");
    f.labels_none = r.string_array("labels_none");
    f.states = r.string_array("states");
    f.authors_none = r.string_array("authors_none");
    for (const auto& state : f.states) {
        if (std::find(k_states.begin(), k_states.end(), state) == k_states.end()) {
            r.fail("states", "unknown state '" + state + "' in " + section + "; expected open or closed",
                   util::did_you_mean(state, k_states));
        }
    }
    return f;
}

Mapping read_map(const toml::table* table, const std::string& section, const Target& target, const std::string& file) {
    Mapping m;
    m.title = std::get<model::Template>(model::Template::parse("{title}"));
    if (!table) {
        return m;
    }
    TableReader r(*table, section, k_map_keys, file);
    if (auto title = r.template_("title")) {
        m.title = std::move(*title);
    }
    m.body = r.template_("body");
    m.labels = r.string_map("labels");
    m.assignees = r.string_map("assignees");
    if (target.type == "jira") {
        for (const auto& [from, to] : m.labels) {
            if (to.empty() || to.find_first_of(" \t") != std::string::npos) {
                r.fail("labels", "jira label '" + to + "' (mapped from '" + from + "') in " + section +
                                     " must be non-empty and contain no spaces",
                       "Jira labels cannot contain spaces; use '-' or '_'");
            }
        }
    }
    return m;
}

} // namespace

Route read_route(const toml::table& table, std::size_t index, const Config& config, const std::string& file) {
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
    route.repos = read_repos(r, source->second);
    route.kinds = read_kinds(r, source->second, config);
    route.concurrency = target->second.concurrency.value_or(config.default_concurrency);
    if (const toml::table* filter = r.table("filter")) {
        route.filter = read_filter(*filter, named + " filter", file);
    }
    route.map = read_map(r.table("map"), named + " map", target->second, file);
    return route;
}

} // namespace issuebridge::config
