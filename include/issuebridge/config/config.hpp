#pragma once
// The configuration file: what to poll, where to write, and how to map one to the other.
// Loaded once per run from TOML; every error names file:line:column. Secrets are never in here: only the names of
// the environment variables that hold them.

#include "issuebridge/model/template.hpp"
#include "issuebridge/util/rate.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace issuebridge::config {

// Where a value came from, for messages that point at it.
struct Location {
    std::string file;
    long line = 0;
    long column = 0;
    std::string str() const; // "file:line:column"
};

// A secret's environment variable; its value is read only when a request needs it.
struct SecretRef {
    std::string env; // e.g. "GITHUB_TOKEN"; empty when not configured
    Location where;
    bool configured() const noexcept { return !env.empty(); }
};

struct Source {
    std::string name; // the [sources.<name>] key
    std::string type; // github | gitlab | lgtm | codescanning
    std::string base_url;
    SecretRef token;
    std::string ca_file;
    std::optional<util::Rate> rate_limit;
    Location where;
};

struct Target {
    std::string name; // the [targets.<name>] key
    std::string type; // jira | asana | trello
    std::string base_url;
    int api_version = 3; // jira: 3 (Cloud) or 2 (Data Center)
    std::string user;    // jira: literal user (e-mail or username)
    SecretRef user_env;  // jira: or the user from the environment
    SecretRef token;
    SecretRef key;       // trello API key
    std::string project; // jira project key / asana project gid
    std::string issue_type;
    std::string close_transition;
    std::string reopen_transition;
    std::string workspace; // asana
    std::string board;     // trello
    std::string list;      // trello: new cards
    std::string done_list; // trello: closed items
    std::string ca_file;
    std::optional<util::Rate> rate_limit;
    std::optional<int> concurrency;
    // Seconds a new item may take to show in the target's search. A create whose outcome is unknown is looked up
    // by its marker only after this long, so a lagging index is never taken for absence.
    int search_lag = 120;
    Location where;
};

struct Filter {
    std::vector<std::string> labels_any;
    std::vector<std::string> labels_none;
    std::vector<std::string> states; // open | closed; empty = all
    std::vector<std::string> authors_none;
};

struct Mapping {
    model::Template title;
    std::optional<model::Template> body; // none: the target's default body
    std::map<std::string, std::string> labels;
    std::map<std::string, std::string> assignees;
};

struct Route {
    std::string name;
    std::string source; // a key of Config::sources
    std::string target; // a key of Config::targets
    std::vector<std::string> repos;
    std::vector<std::string> kinds; // issue | pull_request | merge_request | alert
    int concurrency = 4;
    Filter filter;
    Mapping map;
    Location where;
};

struct Config {
    std::filesystem::path path;
    std::optional<std::filesystem::path> state_path; // [state] path, when given
    std::vector<std::string> default_kinds;
    int default_concurrency = 4;
    std::map<std::string, Source> sources;
    std::map<std::string, Target> targets;
    std::vector<Route> routes;

    const Route* find_route(std::string_view name) const;
};

std::span<const std::string> source_types();
std::span<const std::string> target_types();
std::span<const std::string> item_kinds();

// The config file to read: --config if given, else $ISSUEBRIDGE_CONFIG, else the XDG default.
std::filesystem::path resolve_path(const std::optional<std::filesystem::path>& from_flag);

// Reads and validates the file. Throws util::ConfigError ("file:line:column: message", with a hint) on any problem,
// including a missing file.
Config load(const std::filesystem::path& path);

// Validates TOML text; `file` is the name used in messages. Throws util::ConfigError.
Config parse(std::string_view text, const std::string& file);

// The value of a secret's environment variable. Throws util::ConfigError naming the variable and who needs it
// when it is unset or empty.
std::string read_secret(const SecretRef& ref, std::string_view owner);

} // namespace issuebridge::config

namespace issuebridge::util {
class JsonWriter;
}

namespace issuebridge::config {

// The effective configuration (defaults applied) as TOML, for 'config show'. Secrets appear only as the name of
// their variable and "********" when it is set; their values are never read into the output.
std::string to_toml(const Config& config);
// The same as one JSON object.
void to_json(util::JsonWriter& out, const Config& config);

} // namespace issuebridge::config
