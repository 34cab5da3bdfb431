// 'config show': the effective configuration, secrets redacted.

#include "issuebridge/config/config.hpp"
#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/paths.hpp"

#include <filesystem>
#include <sstream>

namespace issuebridge::config {

namespace {

// A TOML basic string; JSON's escaping is a valid subset of TOML's.
std::string toml_string(std::string_view s) {
    std::string out;
    util::append_json_string(out, s);
    return out;
}

std::string quoted_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += (i ? ", " : "") + toml_string(items[i]);
    }
    return out + "]";
}

std::string quoted_map(const std::map<std::string, std::string>& items) {
    std::string out = "{";
    bool first = true;
    for (const auto& [k, v] : items) {
        out += (first ? " " : ", ") + toml_string(k) + " = " + toml_string(v);
        first = false;
    }
    return out + (first ? "}" : " }");
}

// Whether the secret is there to read, as far as can be told without reading it (a command is not run).
bool secret_is_set(const SecretRef& ref) {
    if (!ref.file.empty()) {
        std::error_code ec;
        return std::filesystem::is_regular_file(ref.file, ec) ||
               (!util::getenv_or_empty("CREDENTIALS_DIRECTORY").empty() &&
                std::filesystem::is_regular_file(
                    std::filesystem::path(util::getenv_or_empty("CREDENTIALS_DIRECTORY")) / ref.file, ec));
    }
    return !ref.cmd.empty() || !util::getenv_or_empty(ref.env.c_str()).empty();
}

// `<name>_env = "VAR"` and, on the next line, a comment saying whether VAR holds a value — never the value, and
// never a `<name> = ...` line, which config check would refuse as a secret written in the file.
void show_secret(std::ostream& out, std::string_view key, std::string_view name, const SecretRef& ref) {
    if (!ref.configured()) {
        return;
    }
    if (!ref.file.empty() || !ref.cmd.empty()) {
        const bool file = !ref.file.empty();
        out << name << (file ? "_file = " : "_cmd = ") << toml_string(file ? ref.file : ref.cmd) << "\n";
        if (file && !secret_is_set(ref)) {
            out << "# " << name << ": file " << ref.file << " is missing\n";
        }
        return;
    }
    out << key << " = " << toml_string(ref.env) << "\n";
    if (secret_is_set(ref)) {
        out << "# " << name << ": set, from environment variable " << ref.env << "\n";
    } else {
        out << "# " << name << ": environment variable " << ref.env << " is not set\n";
    }
}

void show_optional(std::ostream& out, std::string_view key, const std::string& value) {
    if (!value.empty()) {
        out << key << " = " << toml_string(value) << "\n";
    }
}

// The settings of a section in its schema's order: text quoted, integers bare, secrets as show_secret.
void show_settings(std::ostream& out, const std::vector<Setting>& schema,
                   const std::map<std::string, std::string>& settings,
                   const std::map<std::string, SecretRef>& secrets) {
    for (const auto& setting : schema) {
        if (setting.kind == Setting::Kind::secret) {
            if (const auto it = secrets.find(setting.key); it != secrets.end()) {
                const std::string name =
                    setting.key.ends_with("_env") ? setting.key.substr(0, setting.key.size() - 4) : setting.key;
                show_secret(out, setting.key, name, it->second);
            }
        } else if (const auto it = settings.find(setting.key); it != settings.end()) {
            const bool integer = setting.kind == Setting::Kind::integer;
            out << setting.key << " = " << (integer ? it->second : toml_string(it->second)) << "\n";
        }
    }
}

const std::vector<Setting>& settings_of(const SourceSchema* schema) {
    static const std::vector<Setting> k_none;
    return schema ? schema->settings : k_none;
}

const std::vector<Setting>& settings_of(const TargetSchema* schema) {
    static const std::vector<Setting> k_none;
    return schema ? schema->settings : k_none;
}

void show_target(std::ostream& out, const Target& t, const Schemas& schemas) {
    out << "\n[targets." << t.name << "]\ntype = " << toml_string(t.type) << "\nbase_url = " << toml_string(t.base_url)
        << "\n";
    show_settings(out, settings_of(schemas.target(t.type)), t.settings, t.secrets);
    show_optional(out, "ca_file", t.ca_file);
    if (t.rate_limit) {
        out << "rate_limit = " << toml_string(util::to_string(*t.rate_limit)) << "\n";
    }
    if (t.write_rate) {
        out << "write_rate = " << toml_string(util::to_string(*t.write_rate)) << "\n";
    }
    if (t.concurrency) {
        out << "concurrency = " << *t.concurrency << "\n";
    }
    out << "search_lag = " << t.search_lag << "\n";
}

void show_route(std::ostream& out, const Route& r) {
    out << "\n[[routes]]\nname = " << toml_string(r.name) << "\nsource = " << toml_string(r.source)
        << "\ntarget = " << toml_string(r.target) << "\nrepos = " << quoted_list(r.repos)
        << "\nkinds = " << quoted_list(r.kinds) << "\n";
    out << "[routes.filter]\nlabels_any = " << quoted_list(r.filter.labels_any)
        << "\nlabels_none = " << quoted_list(r.filter.labels_none) << "\nstates = " << quoted_list(r.filter.states)
        << "\nauthors_none = " << quoted_list(r.filter.authors_none) << "\n";
    out << "[routes.map]\ntitle = " << toml_string(r.map.title.source()) << "\n";
    if (r.map.body) {
        out << "body = " << toml_string(r.map.body->source()) << "\n";
    }
    out << "labels = " << quoted_map(r.map.labels) << "\nassignees = " << quoted_map(r.map.assignees) << "\n";
    if (!r.map.label_colors.empty()) { // a key only targets that colour labels take
        out << "label_colors = " << quoted_map(r.map.label_colors) << "\n";
    }
    if (r.map.milestone) { // a key only targets with milestones take
        out << "milestone = " << toml_string(r.map.milestone->source()) << "\n";
    }
    std::map<std::string, std::string> states;
    for (const auto& [word, meaning] : r.states) {
        states.emplace(word, model::to_string(meaning));
    }
    out << "states = " << quoted_map(states) << "\n";
}

// Secrets as "<name>": {"env", "set"} (token_env -> "token"), then the other settings as strings.
void json_settings(util::JsonWriter& out, const std::map<std::string, std::string>& settings,
                   const std::map<std::string, SecretRef>& secrets) {
    for (const auto& [key, ref] : secrets) {
        const std::string name = key.ends_with("_env") ? key.substr(0, key.size() - 4) : key;
        out.key(name).begin_object().field("env", ref.env);
        if (!ref.file.empty()) {
            out.field("file", ref.file);
        }
        if (!ref.cmd.empty()) {
            out.field("cmd", ref.cmd);
        }
        out.field("set", secret_is_set(ref)).end_object();
    }
    for (const auto& [key, value] : settings) {
        out.field(key, value);
    }
}

// The state database's path: the configured one, else the default (empty when HOME and XDG_STATE_HOME are unset).
std::string effective_state_path(const Config& config) {
    if (config.state_path) {
        return config.state_path->string();
    }
    try {
        return util::default_state_path().string();
    } catch (const std::exception&) {
        return {};
    }
}

void json_list(util::JsonWriter& out, std::string_view key, const std::vector<std::string>& items) {
    out.key(key).begin_array();
    for (const auto& item : items) {
        out.value(item);
    }
    out.end_array();
}

void json_map(util::JsonWriter& out, std::string_view key, const std::map<std::string, std::string>& items) {
    out.key(key).begin_object();
    for (const auto& [k, v] : items) {
        out.field(k, v);
    }
    out.end_object();
}

// ca_file and rate_limit, as the text form shows them (empty: not set).
void json_common(util::JsonWriter& out, const std::string& ca_file, const std::optional<util::Rate>& rate) {
    out.field("ca_file", ca_file).field("rate_limit", rate ? util::to_string(*rate) : std::string());
}

} // namespace

std::string to_toml(const Config& config) {
    std::ostringstream out;
    out << "# effective configuration from " << config.path.string() << "\n";
    if (const std::string state = effective_state_path(config); !state.empty()) {
        out << "\n[state]\npath = " << toml_string(state) << "\n";
    }
    out << "\n[defaults]\nkinds = " << quoted_list(config.default_kinds)
        << "\nconcurrency = " << config.default_concurrency << "\n";
    for (const auto& [name, s] : config.sources) {
        out << "\n[sources." << name << "]\ntype = " << toml_string(s.type)
            << "\nbase_url = " << toml_string(s.base_url) << "\n";
        show_settings(out, settings_of(config.schemas.source(s.type)), s.settings, s.secrets);
        show_optional(out, "ca_file", s.ca_file);
        if (s.rate_limit) {
            out << "rate_limit = " << toml_string(util::to_string(*s.rate_limit)) << "\n";
        }
    }
    for (const auto& [name, t] : config.targets) {
        show_target(out, t, config.schemas);
    }
    for (const auto& r : config.routes) {
        show_route(out, r);
    }
    return out.str();
}

void to_json(util::JsonWriter& out, const Config& config) {
    // "json_version": the shape's version, as in every --json document (man issuebridge(1), JSON OUTPUT).
    out.begin_object().field("json_version", 1).field("path", config.path.string());
    out.key("state").begin_object().field("path", effective_state_path(config)).end_object();
    out.key("defaults").begin_object();
    json_list(out, "kinds", config.default_kinds);
    out.field("concurrency", config.default_concurrency).end_object();
    out.key("sources").begin_object();
    for (const auto& [name, s] : config.sources) {
        out.key(name).begin_object().field("type", s.type).field("base_url", s.base_url);
        json_settings(out, s.settings, s.secrets);
        json_common(out, s.ca_file, s.rate_limit);
        out.end_object();
    }
    out.end_object().key("targets").begin_object();
    for (const auto& [name, t] : config.targets) {
        out.key(name).begin_object().field("type", t.type).field("base_url", t.base_url);
        json_settings(out, t.settings, t.secrets);
        json_common(out, t.ca_file, t.rate_limit);
        out.key("concurrency");
        t.concurrency ? out.value(*t.concurrency) : out.null();
        out.field("search_lag", t.search_lag).end_object();
    }
    out.end_object().key("routes").begin_array();
    for (const auto& r : config.routes) {
        out.begin_object().field("name", r.name).field("source", r.source).field("target", r.target);
        out.key("repos").begin_array();
        for (const auto& repo : r.repos) {
            out.value(repo);
        }
        out.end_array().key("kinds").begin_array();
        for (const auto& kind : r.kinds) {
            out.value(kind);
        }
        out.end_array().key("filter").begin_object();
        json_list(out, "labels_any", r.filter.labels_any);
        json_list(out, "labels_none", r.filter.labels_none);
        json_list(out, "states", r.filter.states);
        json_list(out, "authors_none", r.filter.authors_none);
        out.end_object().key("map").begin_object().field("title", r.map.title.source());
        out.field("body", r.map.body ? r.map.body->source() : std::string());
        json_map(out, "labels", r.map.labels);
        json_map(out, "assignees", r.map.assignees);
        json_map(out, "label_colors", r.map.label_colors);
        out.field("milestone", r.map.milestone ? r.map.milestone->source() : std::string());
        std::map<std::string, std::string> states;
        for (const auto& [word, meaning] : r.states) {
            states.emplace(word, model::to_string(meaning));
        }
        json_map(out, "states", states);
        out.end_object().field("title", r.map.title.source()).end_object();
    }
    out.end_array().end_object();
}

} // namespace issuebridge::config
