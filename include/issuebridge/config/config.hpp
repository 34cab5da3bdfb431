#pragma once
// The configuration file: what to poll, where to write, and how to map one to the other.
// Loaded once per run from TOML; every error names file:line:column. Secrets are never in here: only the names of
// the environment variables that hold them.

#include "issuebridge/model/item.hpp"
#include "issuebridge/model/template.hpp"
#include "issuebridge/util/rate.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace issuebridge::config {

// Where a value came from, for messages that point at it.
struct Location {
    std::string file;
    long line = 0;
    long column = 0;
    std::string str() const; // "file:line:column"
};

// Where a secret comes from, at most one of three; its value is read only when a request needs it. Every secret
// setting `<name>_env` of every row may be given instead as `<name>_file` (a file only its owner may read; a
// relative path is looked up in systemd's $CREDENTIALS_DIRECTORY) or `<name>_cmd` (a command whose standard output
// is the secret, run by /bin/sh, e.g. "pass show jira").
struct SecretRef {
    std::string env;  // e.g. "GITHUB_TOKEN"
    std::string file; // e.g. "/etc/issuebridge/jira-token" or "jira-token" (systemd credential)
    std::string cmd;  // e.g. "pass show jira"
    Location where;
    bool configured() const noexcept { return !env.empty() || !file.empty() || !cmd.empty(); }
    // For messages: the variable's name, "file 'F'" or "command 'C'".
    std::string origin() const;
};

// One setting an adapter declares beside the common keys (type, base_url, ca_file, rate_limit, ...). Config reads it
// by its kind and knows nothing else of the tracker.
struct Setting {
    enum class Kind { text, integer, secret };
    std::string key;
    Kind kind = Kind::text;
    bool required = false;
    std::string default_value; // applied when the key is absent (text and integer); empty: none
    long min = 0;              // integer: the accepted range
    long max = 0;
    std::string example; // a value for hints and docs, e.g. "JIRA_API_TOKEN"
    std::string doc;     // one line for docs, e.g. "the Jira project key"
};

// Something wrong with a value, as the message's key, text and hint.
struct Problem {
    std::string key; // the key to point at ("type" when the problem is a key that is missing)
    std::string message;
    std::string hint;
};

struct Source;
struct Target;
struct Route;

// What config must know of one kind of source: its settings, kinds, repository shape and state words.
struct SourceSchema {
    std::string type;
    std::string default_base_url; // empty: base_url is required
    std::string base_url_example; // for the hint when base_url is required, and docs
    std::vector<Setting> settings;
    std::vector<std::string> kinds;
    // [defaults] kinds spelled for another source, and what they stand for here (merge_request -> pull_request).
    std::map<std::string, std::string> kind_aliases;
    std::string repo_pattern; // ECMAScript regex a repository must match in full
    std::string repo_shape;   // e.g. "'owner/name'", for messages
    // The patterns a route's repos may use to name many repositories at once (entries for which is_pattern holds,
    // e.g. "group/**"), as an ECMAScript regex a pattern must match in full; empty: this source takes none. What a
    // pattern names is listed at the start of each run (sources::Source::expand).
    std::string group_pattern;
    std::string group_shape; // e.g. "'group/*' or 'group/**'", for messages
    // The source's state words and what each means by default; a route's [routes.map] states overrides them.
    std::vector<std::pair<std::string, model::ItemState>> states;
    // The template fields this source adds beside the common ones (model::template_fields()), e.g. an alert
    // source's rule, severity, file, message: [routes.map] title and body may name them, and its items carry their
    // values (model::SourceItem::fields).
    std::vector<std::string> template_fields;
    std::string link_label; // the back-link's label on target items, e.g. "View on GitHub"
    // The title template of a route that gives none, when this source's items want their own (an alert's rule and
    // repository); empty: the target's default_title, else "{title}".
    std::string default_title;
};

// What config must know of one kind of target.
struct TargetSchema {
    std::string type;
    std::string default_base_url;
    std::string base_url_example;
    std::vector<Setting> settings;
    int search_lag = 0; // the default of the target's 'search_lag' key
    // The title template of a route that gives none and whose source has no default_title, when this target's
    // users expect one (a board's "[ ISSUE {number} ] {title}"); used only when the source has every field it
    // names. Empty: "{title}".
    std::string default_title;
    // Optional: why a label cannot be written to this target ("must be ..."), or nullopt when it can.
    std::optional<Problem> (*label_problem)(std::string_view label) = nullptr;
    // Optional, for targets that give the labels they create a colour: why a [routes.map] label_colors value is not
    // one of theirs ("must be ..."), or nullopt. Without it, label_colors is an error for this target.
    std::optional<Problem> (*label_color_problem)(std::string_view color) = nullptr;
    // Whether this target's items can be put in a milestone, named by its title ([routes.map] milestone, a
    // template); without, milestone is an error for this target.
    bool milestones = false;
    // Optional: a rule across settings (Jira: exactly one of user and user_env); the message is completed with
    // " in [targets.<name>]".
    std::optional<Problem> (*check)(const Target& target) = nullptr;
    // Optional: a rule over a route into this target and its source (GitHub: a route must not sync a repository
    // into itself, a loop); `route` has its name, source, target and repos read. The message is completed with
    // " in [[routes]] '<name>'".
    std::optional<Problem> (*check_route)(const Route& route, const Source& source, const Target& target) = nullptr;
};

// Every adapter of this build, as config sees them: handed in by the caller (cli::schemas()).
struct Schemas {
    std::vector<SourceSchema> sources;
    std::vector<TargetSchema> targets;

    const SourceSchema* source(std::string_view type) const;
    const TargetSchema* target(std::string_view type) const;
};

struct Source {
    std::string name; // the [sources.<name>] key
    std::string type; // a SourceSchema's type
    std::string base_url;
    std::string ca_file;
    std::optional<util::Rate> rate_limit;
    // The schema's text and integer settings (as text, defaults applied) and its configured secrets, by key.
    std::map<std::string, std::string> settings;
    std::map<std::string, SecretRef> secrets;
    std::string link_label; // the schema's
    Location where;

    // The value of a setting, or "" when it is absent and has no default.
    std::string setting(std::string_view key) const;
};

struct Target {
    std::string name; // the [targets.<name>] key
    std::string type; // a TargetSchema's type
    std::string base_url;
    std::string ca_file;
    std::optional<util::Rate> rate_limit;
    std::optional<int> concurrency;
    // Pacing of writes (not GET/HEAD/OPTIONS) that replaces the row's write limits (its write_rate and
    // write_interval): e.g. a GitHub Enterprise Server, whose rate limits are off by default, need not wait 1 s
    // between writes as github.com asks. nullopt: the vendor's.
    std::optional<util::Rate> write_rate;
    // Seconds a new item may take to show in the target's search. A create whose outcome is unknown is looked up
    // by its marker only after this long, so a lagging index is never taken for absence. Default: the schema's.
    int search_lag = 0;
    std::map<std::string, std::string> settings; // as Source::settings
    std::map<std::string, SecretRef> secrets;
    Location where;

    std::string setting(std::string_view key) const;
};

struct Filter {
    std::vector<std::string> labels_any;
    std::vector<std::string> labels_none;
    std::vector<std::string> states; // open | closed | the source's state words; empty = all
    std::vector<std::string> authors_none;
};

struct Mapping {
    model::Template title;
    std::optional<model::Template> body; // none: the target's default body
    std::map<std::string, std::string> labels;
    std::map<std::string, std::string> assignees;
    std::map<std::string, std::string> label_colors; // target label -> the target's colour for it, when created
    std::optional<model::Template> milestone;        // the milestone's title; none: items are put in none
};

struct Route {
    std::string name;
    std::string source; // a key of Config::sources
    std::string target; // a key of Config::targets
    std::vector<std::string> repos;
    std::vector<std::string> kinds; // of the source's schema
    int concurrency = 4;
    // Each state word of the source and what it means on the target: the schema's defaults, overridden by
    // [routes.map] states.
    std::map<std::string, model::ItemState> states;
    std::string link_label; // the source's back-link label, e.g. "View on GitHub"
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
    Schemas schemas; // what the file was checked against ('config show' prints settings in their order)

    const Route* find_route(std::string_view name) const;
};

// Whether an entry of a route's repos is a pattern naming many repositories ("org/*", "group/**"): it holds a '*'.
bool is_pattern(std::string_view repo);
// Whether pattern `pattern` names repository `repo`: a last segment '*' stands for one path segment, '**' for one
// or more; the rest compares case-insensitively, as code hosts compare paths. ("a/*", "A/x") holds; ("a/*",
// "a/b/x") does not; ("a/**", "a/b/x") does.
bool pattern_covers(std::string_view pattern, std::string_view repo);

// The config file to read: --config if given, else $ISSUEBRIDGE_CONFIG, else the XDG default.
std::filesystem::path resolve_path(const std::optional<std::filesystem::path>& from_flag);

// Reads and validates the file. Throws util::ConfigError ("file:line:column: message", with a hint) on any problem,
// including a missing file.
// Each [sources.*] and [targets.*] section is checked against the schema of its type.
Config load(const std::filesystem::path& path, const Schemas& schemas);

// Validates TOML text; `file` is the name used in messages. Throws util::ConfigError.
Config parse(std::string_view text, const std::string& file, const Schemas& schemas);

// The secret's value, from its variable, file or command; registered with util::add_secret so that it is never
// shown. Throws util::ConfigError naming where it was to come from and who needs it when it cannot be read or is
// empty (a variable unset or set to "", a file missing, not the user's own or readable by others, a command that
// fails); never with the value or the command's output in it.
std::string read_secret(const SecretRef& ref, std::string_view owner);

// For a secret setting's key ("token_env"), the keys that may stand for it: {"token_env", "token_file",
// "token_cmd"}; just the key itself when it does not end in "_env".
std::vector<std::string> secret_keys(std::string_view key);

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
