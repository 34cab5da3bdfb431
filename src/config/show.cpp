// 'config show': the effective configuration, secrets redacted.

#include "issuebridge/config/config.hpp"
#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/paths.hpp"

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

bool secret_is_set(const SecretRef& ref) { return !util::getenv_or_empty(ref.env.c_str()).empty(); }

// `<name>_env = "VAR"` and, on the next line, whether VAR holds a value — never the value.
void show_secret(std::ostream& out, std::string_view key, std::string_view name, const SecretRef& ref) {
    if (!ref.configured()) {
        return;
    }
    out << key << " = " << toml_string(ref.env) << "\n";
    if (secret_is_set(ref)) {
        out << name << " = \"********\"\n";
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
        out.key(name).begin_object().field("env", ref.env).field("set", secret_is_set(ref)).end_object();
    }
    for (const auto& [key, value] : settings) {
        out.field(key, value);
    }
}

} // namespace

std::string to_toml(const Config& config) {
    std::ostringstream out;
    out << "# effective configuration from " << config.path.string() << "\n";
    if (config.state_path) {
        out << "\n[state]\npath = " << toml_string(config.state_path->string()) << "\n";
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
    out.begin_object().field("path", config.path.string());
    out.key("sources").begin_object();
    for (const auto& [name, s] : config.sources) {
        out.key(name).begin_object().field("type", s.type).field("base_url", s.base_url);
        json_settings(out, s.settings, s.secrets);
        out.end_object();
    }
    out.end_object().key("targets").begin_object();
    for (const auto& [name, t] : config.targets) {
        out.key(name).begin_object().field("type", t.type).field("base_url", t.base_url);
        json_settings(out, t.settings, t.secrets);
        out.end_object();
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
        out.end_array().field("title", r.map.title.source()).end_object();
    }
    out.end_array().end_object();
}

} // namespace issuebridge::config
