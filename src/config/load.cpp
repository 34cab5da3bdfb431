#include "issuebridge/config/config.hpp"

#include "reader.hpp"

#include "issuebridge/util/error.hpp"
#include "issuebridge/util/paths.hpp"
#include "issuebridge/util/secrets.hpp"
#include "issuebridge/util/strings.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace issuebridge::config {

namespace {

using Keys = std::vector<std::string>;

const Keys k_top_keys = {"state", "defaults", "sources", "targets", "routes"};
const Keys k_state_keys = {"path"};
const Keys k_defaults_keys = {"kinds", "concurrency"};
const Keys k_source_keys = {"type", "base_url", "ca_file", "rate_limit"};
const Keys k_target_keys = {"type", "base_url", "ca_file", "rate_limit", "write_rate", "concurrency", "search_lag"};
// Keys that would hold a secret in the file; they get a message of their own.
const Keys k_secret_keys = {"token", "key", "password", "api_token", "api_key", "secret"};

bool contains(const Keys& keys, std::string_view key) { return std::find(keys.begin(), keys.end(), key) != keys.end(); }

// Refuses a secret written into the file before anything could echo it.
void refuse_literal_secrets(const toml::table& table, const std::string& section, const std::string& file) {
    for (const auto& [key, value] : table) {
        if (contains(k_secret_keys, key.str())) {
            const auto& begin = key.source().begin;
            const Location at{file, static_cast<long>(begin.line), static_cast<long>(begin.column)};
            throw util::ConfigError(at.str() + ": secrets may not be written in the config file ('" +
                                        std::string(key.str()) + "' in " + section + ")",
                                    "name the environment variable that holds it, e.g. " + std::string(key.str()) +
                                        "_env = \"MY_" + util::to_lower(key.str()) +
                                        "\" -- and remove the secret from the file");
        }
    }
}

bool is_loopback(std::string_view host) { return host == "localhost" || host == "[::1]" || host.starts_with("127."); }

// Checks scheme and host; returns the URL without a trailing slash.
std::string check_base_url(const TableReader& r, const std::string& url) {
    const auto scheme_end = url.find("://");
    const std::string scheme = scheme_end == std::string::npos ? "" : util::to_lower(url.substr(0, scheme_end));
    if (scheme != "https" && scheme != "http") {
        r.fail("base_url", "'base_url' in " + r.section() + " must be an https:// URL, not '" + url + "'");
    }
    const std::size_t host_start = scheme_end + 3;
    std::string authority = url.substr(host_start, url.find('/', host_start) - host_start);
    if (authority.find('@') != std::string::npos) {
        r.fail("base_url", "'base_url' in " + r.section() + " must not contain credentials",
               "put secrets in the environment and name the variable with 'token_env'");
    }
    std::string host = authority.starts_with("[") ? authority.substr(0, authority.find(']') + 1)
                                                  : authority.substr(0, authority.find(':'));
    if (host.empty()) {
        r.fail("base_url", "'base_url' in " + r.section() + " has no host: '" + url + "'");
    }
    if (scheme == "http" && !is_loopback(util::to_lower(host))) {
        r.fail("base_url", "plain http is refused for '" + host + "' in " + r.section(),
               "use https://; http:// is allowed only for loopback addresses such as the sandbox");
    }
    std::string out = url;
    while (out.size() > host_start && out.back() == '/') {
        out.pop_back();
    }
    return out;
}

// A file path key: a leading "~" or "~/" stands for HOME, as in a shell (TOML has no shell to expand it).
std::optional<std::string> read_path(const TableReader& r, std::string_view key) {
    const auto value = r.string(key);
    if (!value) {
        return std::nullopt;
    }
    auto expanded = util::expand_home(*value);
    if (!expanded) {
        r.fail(key, "'" + std::string(key) + "' in " + r.section() + " starts with '~', but HOME is not set",
               "write the full path, or set HOME in the environment that runs issuebridge");
    }
    return expanded;
}

// The section's `type`: one of `schemas`' types.
template <typename Schema> std::string read_type(const TableReader& r, const std::vector<Schema>& schemas) {
    Keys types;
    for (const auto& schema : schemas) {
        types.push_back(schema.type);
    }
    const std::string type = r.required_string("type");
    if (!contains(types, type)) {
        r.fail("type", "unknown type '" + type + "' in " + r.section() + "; expected one of " + util::join(types, ", "),
               util::did_you_mean(type, types));
    }
    return type;
}

// The keys that set `setting`: a secret's `<name>_env` may also be `<name>_file` or `<name>_cmd`.
Keys keys_of(const Setting& setting) {
    return setting.kind == Setting::Kind::secret ? secret_keys(setting.key) : Keys{setting.key};
}

// The keys a section of any of `schemas` may hold: the common ones, then every schema's settings.
template <typename Schema> Keys all_keys(const Keys& common, const std::vector<Schema>& schemas) {
    Keys out = common;
    for (const auto& schema : schemas) {
        for (const auto& setting : schema.settings) {
            for (const auto& key : keys_of(setting)) {
                if (!contains(out, key)) {
                    out.push_back(key);
                }
            }
        }
    }
    return out;
}

// Refuses a key that belongs to another type's schema (e.g. a Trello key in a Jira section).
template <typename Schema>
void refuse_foreign_keys(const TableReader& r, const Keys& common, const Schema& own, const std::vector<Schema>& all,
                         std::string_view family) {
    Keys mine = common;
    for (const auto& setting : own.settings) {
        for (const auto& key : keys_of(setting)) {
            mine.push_back(key);
        }
    }
    for (const auto& [key, value] : r.table()) {
        const std::string name(key.str());
        if (contains(mine, name)) {
            continue;
        }
        Keys owners;
        for (const auto& schema : all) {
            if (std::any_of(schema.settings.begin(), schema.settings.end(),
                            [&](const Setting& s) { return contains(keys_of(s), name); })) {
                owners.push_back("'" + schema.type + "'");
            }
        }
        std::string hint = util::did_you_mean(name, mine);
        if (hint.empty()) {
            hint = "'" + name + "' is a key of " + util::join(owners, ", ") + " " + std::string(family) + "s";
        }
        r.fail(name,
               "key '" + name + "' does not apply to a '" + own.type + "' " + std::string(family) + " in " +
                   r.section(),
               hint);
    }
}

// base_url: checked when given; else the schema's default, or an error when it has none.
std::string read_base_url(const TableReader& r, const std::string& default_url, const std::string& example) {
    if (const auto url = r.string("base_url")) {
        return check_base_url(r, *url);
    }
    if (default_url.empty()) {
        r.fail("type", "missing key 'base_url' in " + r.section(),
               example.empty() ? std::string() : "e.g. base_url = \"" + example + "\"");
    }
    return default_url;
}

// A secret setting from whichever of its keys is given (secret_keys): at most one of them.
SecretRef read_secret_ref(const TableReader& r, const Setting& setting) {
    const Keys keys = secret_keys(setting.key);
    Keys given;
    for (const auto& key : keys) {
        if (r.has(key)) {
            given.push_back(key);
        }
    }
    if (given.size() > 1) {
        r.fail(given[1], "'" + given[0] + "' and '" + given[1] + "' in " + r.section() + " name the same secret",
               "keep one of " + util::join(keys, ", "));
    }
    if (given.empty() || given.front() == setting.key) {
        return r.secret(setting.key, setting.example);
    }
    SecretRef ref;
    const std::string& key = given.front();
    ref.where = location_of(*r.table().get(key), r.file());
    if (key.ends_with("_file")) {
        ref.file = read_path(r, key).value_or("");
    } else {
        ref.cmd = r.string(key).value_or("");
    }
    if (ref.file.empty() && ref.cmd.empty()) {
        r.fail(key, "'" + key + "' in " + r.section() + " must not be empty");
    }
    return ref;
}

// The schema's settings: validated by kind, defaults applied, secrets kept with their location.
void read_settings(const TableReader& r, const std::vector<Setting>& schema,
                   std::map<std::string, std::string>& settings, std::map<std::string, SecretRef>& secrets) {
    for (const auto& setting : schema) {
        switch (setting.kind) {
        case Setting::Kind::secret: {
            SecretRef ref = read_secret_ref(r, setting);
            if (ref.configured()) {
                secrets.emplace(setting.key, std::move(ref));
            } else if (setting.required) {
                const Keys keys = secret_keys(setting.key);
                r.fail("type", "missing key '" + setting.key + "' in " + r.section(),
                       (setting.example.empty() ? std::string()
                                                : "e.g. " + setting.key + " = \"" + setting.example + "\"") +
                           (keys.size() > 1
                                ? std::string(setting.example.empty() ? "" : "; ") + "or " + keys[1] + " or " + keys[2]
                                : std::string()));
            }
            break;
        }
        case Setting::Kind::integer:
            if (const auto v = r.integer(setting.key, setting.min, setting.max)) {
                settings.emplace(setting.key, std::to_string(*v));
            } else if (setting.required) {
                r.fail(setting.key, "missing key '" + setting.key + "' in " + r.section());
            } else if (!setting.default_value.empty()) {
                settings.emplace(setting.key, setting.default_value);
            }
            break;
        case Setting::Kind::text:
            if (setting.required) {
                settings.emplace(setting.key, r.required_string(setting.key));
            } else if (auto v = r.string(setting.key)) {
                settings.emplace(setting.key, std::move(*v));
            } else if (!setting.default_value.empty()) {
                settings.emplace(setting.key, setting.default_value);
            }
            break;
        }
    }
}

Source read_source(const std::string& name, const toml::table& table, const std::string& file, const Schemas& schemas) {
    const std::string section = "[sources." + name + "]";
    refuse_literal_secrets(table, section, file);
    TableReader r(table, section, all_keys(k_source_keys, schemas.sources), file);
    Source s;
    s.name = name;
    s.where = r.where();
    s.type = read_type(r, schemas.sources);
    const SourceSchema& schema = *schemas.source(s.type);
    refuse_foreign_keys(r, k_source_keys, schema, schemas.sources, "source");
    s.base_url = read_base_url(r, schema.default_base_url, schema.base_url_example);
    s.ca_file = read_path(r, "ca_file").value_or("");
    s.rate_limit = r.rate("rate_limit");
    read_settings(r, schema.settings, s.settings, s.secrets);
    s.link_label = schema.link_label;
    return s;
}

Target read_target(const std::string& name, const toml::table& table, const std::string& file, const Schemas& schemas) {
    const std::string section = "[targets." + name + "]";
    refuse_literal_secrets(table, section, file);
    TableReader r(table, section, all_keys(k_target_keys, schemas.targets), file);
    Target t;
    t.name = name;
    t.where = r.where();
    t.type = read_type(r, schemas.targets);
    const TargetSchema& schema = *schemas.target(t.type);
    refuse_foreign_keys(r, k_target_keys, schema, schemas.targets, "target");
    t.base_url = read_base_url(r, schema.default_base_url, schema.base_url_example);
    t.ca_file = read_path(r, "ca_file").value_or("");
    t.rate_limit = r.rate("rate_limit");
    t.write_rate = r.rate("write_rate");
    if (const auto c = r.integer("concurrency", 1, 64)) {
        t.concurrency = static_cast<int>(*c);
    }
    t.search_lag = static_cast<int>(r.integer("search_lag", 0, 86400).value_or(schema.search_lag));
    read_settings(r, schema.settings, t.settings, t.secrets);
    if (schema.check) {
        if (auto problem = schema.check(t)) {
            r.fail(problem->key, problem->message + " in " + section, problem->hint);
        }
    }
    return t;
}

} // namespace

// Defined in routes.cpp.
Route read_route(const toml::table& table, std::size_t index, const Config& config, const Schemas& schemas,
                 const std::string& file);

Config parse(std::string_view text, const std::string& file, const Schemas& schemas) {
    toml::table root;
    try {
        root = toml::parse(text, file);
    } catch (const toml::parse_error& e) {
        const auto& begin = e.source().begin;
        const Location at{file, static_cast<long>(begin.line), static_cast<long>(begin.column)};
        throw util::ConfigError(at.str() + ": " + util::to_lower(std::string(e.description()).substr(0, 1)) +
                                std::string(e.description()).substr(1));
    }
    TableReader top(root, "the config file", k_top_keys, file);
    Config config;
    config.path = file;
    config.schemas = schemas;
    // Every section is read even after one fails, so that one run reports every problem, as a compiler does.
    // A route naming a section that failed is not read: its error would only repeat the section's.
    std::vector<util::ConfigError> errors;
    std::set<std::string> broken;
    const auto read_section = [&](const std::string& name, auto&& read) {
        try {
            read();
        } catch (const util::ConfigError& e) {
            errors.push_back(e);
            broken.insert(name);
        }
    };
    config.default_kinds = {"issue", "pull_request"};
    read_section("state", [&] {
        if (const toml::table* state = top.table("state")) {
            TableReader r(*state, "[state]", k_state_keys, file);
            if (auto p = read_path(r, "path")) {
                config.state_path = *p;
            }
        }
    });
    read_section("defaults", [&] {
        if (const toml::table* defaults = top.table("defaults")) {
            TableReader r(*defaults, "[defaults]", k_defaults_keys, file);
            if (r.has("kinds")) {
                config.default_kinds = r.string_array("kinds");
                Keys known;
                for (const auto& schema : schemas.sources) {
                    for (const auto& kind : schema.kinds) {
                        if (!contains(known, kind)) {
                            known.push_back(kind);
                        }
                    }
                    for (const auto& [alias, kind] : schema.kind_aliases) {
                        if (!contains(known, alias)) {
                            known.push_back(alias);
                        }
                    }
                }
                for (const auto& kind : config.default_kinds) {
                    if (!contains(known, kind)) {
                        r.fail("kinds",
                               "unknown kind '" + kind + "' in [defaults]; expected one of " + util::join(known, ", "),
                               util::did_you_mean(kind, known));
                    }
                }
            }
            config.default_concurrency = static_cast<int>(r.integer("concurrency", 1, 64).value_or(4));
        }
    });
    if (const toml::table* sources = top.table("sources")) {
        for (const auto& [key, node] : *sources) {
            const std::string name(key.str());
            read_section("sources." + name, [&] {
                if (!node.is_table()) {
                    fail_at(node, file, "'sources." + name + "' must be a table");
                }
                config.sources.emplace(name, read_source(name, *node.as_table(), file, schemas));
            });
        }
    }
    if (const toml::table* targets = top.table("targets")) {
        for (const auto& [key, node] : *targets) {
            const std::string name(key.str());
            read_section("targets." + name, [&] {
                if (!node.is_table()) {
                    fail_at(node, file, "'targets." + name + "' must be a table");
                }
                config.targets.emplace(name, read_target(name, *node.as_table(), file, schemas));
            });
        }
    }
    bool any_route = false;
    if (const toml::node* routes = root.get("routes")) {
        const toml::array* array = routes->as_array();
        read_section("routes", [&] {
            if (!array || !array->is_array_of_tables()) {
                fail_at(*routes, file, "'routes' must be an array of tables", "write each route as [[routes]]");
            }
        });
        for (std::size_t i = 0; array && array->is_array_of_tables() && i < array->size(); ++i) {
            const toml::table& table = *array->get(i)->as_table();
            any_route = true;
            const auto names_broken = [&](const char* key, const char* family) {
                const auto name = table[key].value<std::string>();
                return name && broken.contains(std::string(family) + "." + *name);
            };
            if (names_broken("source", "sources") || names_broken("target", "targets")) {
                continue;
            }
            read_section("route", [&] { config.routes.push_back(read_route(table, i, config, schemas, file)); });
        }
    }
    if (!errors.empty()) {
        throw errors.size() == 1 ? errors.front() : util::ConfigError(errors);
    }
    if (!any_route) {
        throw util::ConfigError(file + ": no routes are configured",
                                "add a [[routes]] table; see 'man issuebridge.toml'");
    }
    return config;
}

Config load(const std::filesystem::path& path, const Schemas& schemas) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        throw util::ConfigError("config file '" + path.string() + "' is a directory",
                                "name the file itself, e.g. --config " + (path / "config.toml").string());
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw util::ConfigError("cannot read config file '" + path.string() + "'",
                                std::filesystem::exists(path)
                                    ? "check its permissions"
                                    : "create it, or pass --config PATH; see 'man issuebridge.toml'");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), path.string(), schemas);
}

std::filesystem::path resolve_path(const std::optional<std::filesystem::path>& from_flag) {
    if (from_flag) {
        return *from_flag;
    }
    if (auto env = util::getenv_or_empty("ISSUEBRIDGE_CONFIG"); !env.empty()) {
        return env;
    }
    return util::default_config_path();
}

namespace {

std::string from_env(const SecretRef& ref, std::string_view owner) {
    const char* set = std::getenv(ref.env.c_str());
    std::string value = set ? set : "";
    if (set && value.empty()) {
        throw util::ConfigError("environment variable '" + ref.env + "' is set but empty (named by " +
                                    std::string(owner) + " at " + ref.where.str() + ")",
                                "give it the secret's value, e.g. in the env file that cron or systemd reads");
    }
    if (value.empty()) {
        throw util::ConfigError("environment variable '" + ref.env + "' is not set (named by " + std::string(owner) +
                                    " at " + ref.where.str() + ")",
                                "export " + ref.env + "=... in the environment that runs issuebridge");
    }
    return value;
}

// One trailing newline (as editors and `echo` leave) is not part of a secret.
std::string chomp(std::string s) {
    if (s.ends_with("\n")) {
        s.pop_back();
        if (s.ends_with("\r")) {
            s.pop_back();
        }
    }
    return s;
}

std::string from_file(const SecretRef& ref, std::string_view owner) {
    const std::string credentials = util::getenv_or_empty("CREDENTIALS_DIRECTORY");
    std::filesystem::path path = ref.file;
    // systemd's LoadCredential= puts the file in $CREDENTIALS_DIRECTORY, readable by the service alone.
    const bool systemd = path.is_relative() && !credentials.empty();
    if (systemd) {
        path = std::filesystem::path(credentials) / path;
    }
    const std::string named =
        "secret file '" + path.string() + "' (named by " + std::string(owner) + " at " + ref.where.str() + ")";
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        throw util::ConfigError("cannot read " + named + ": " + std::strerror(errno),
                                path.is_relative() ? "a relative path is looked up in $CREDENTIALS_DIRECTORY (systemd "
                                                     "LoadCredential=), which is not set; write the full path"
                                                   : "");
    }
    if (!S_ISREG(st.st_mode)) {
        throw util::ConfigError(named + " is not a regular file");
    }
    if (!systemd && st.st_uid != ::geteuid()) {
        throw util::ConfigError(named + " belongs to another user (uid " + std::to_string(st.st_uid) + ")",
                                "a secret file must be the user's own that runs issuebridge");
    }
    if (!systemd && (st.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        throw util::ConfigError(named + " may be read by others (mode " + mode + ")",
                                "chmod 600 '" + path.string() + "'");
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) {
        throw util::ConfigError("cannot read " + named);
    }
    std::string value = chomp(text.str());
    if (value.empty()) {
        throw util::ConfigError(named + " is empty");
    }
    return value;
}

std::string from_command(const SecretRef& ref, std::string_view owner) {
    const std::string named =
        "secret command '" + ref.cmd + "' (named by " + std::string(owner) + " at " + ref.where.str() + ")";
    std::fflush(nullptr);
    FILE* pipe = ::popen(ref.cmd.c_str(), "r");
    if (!pipe) {
        throw util::ConfigError("cannot run " + named + ": " + std::strerror(errno));
    }
    std::string out;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
        out.append(buffer, n);
    }
    const int status = ::pclose(pipe);
    // Its output is never shown: it may be part of the secret.
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        throw util::ConfigError(named + (status != -1 && WIFEXITED(status)
                                             ? " exited " + std::to_string(WEXITSTATUS(status))
                                             : std::string(" did not exit normally")),
                                "run it by hand to see why; its standard error is shown above, its output never");
    }
    std::string value = chomp(std::move(out));
    if (value.empty()) {
        throw util::ConfigError(named + " printed nothing");
    }
    return value;
}

} // namespace

std::string read_secret(const SecretRef& ref, std::string_view owner) {
    std::string value = !ref.file.empty()  ? from_file(ref, owner)
                        : !ref.cmd.empty() ? from_command(ref, owner)
                                           : from_env(ref, owner);
    util::add_secret(value);
    return value;
}

std::vector<std::string> secret_keys(std::string_view key) {
    if (!key.ends_with("_env")) {
        return {std::string(key)};
    }
    const std::string base(key.substr(0, key.size() - 4));
    return {std::string(key), base + "_file", base + "_cmd"};
}

std::string SecretRef::origin() const {
    return !file.empty() ? "file '" + file + "'" : !cmd.empty() ? "command '" + cmd + "'" : env;
}

std::string Location::str() const { return file + ":" + std::to_string(line) + ":" + std::to_string(column); }

const Route* Config::find_route(std::string_view name) const {
    const auto it = std::find_if(routes.begin(), routes.end(), [&](const Route& r) { return r.name == name; });
    return it == routes.end() ? nullptr : &*it;
}

const SourceSchema* Schemas::source(std::string_view type) const {
    const auto it = std::find_if(sources.begin(), sources.end(), [&](const SourceSchema& s) { return s.type == type; });
    return it == sources.end() ? nullptr : &*it;
}

const TargetSchema* Schemas::target(std::string_view type) const {
    const auto it = std::find_if(targets.begin(), targets.end(), [&](const TargetSchema& t) { return t.type == type; });
    return it == targets.end() ? nullptr : &*it;
}

namespace {

std::string setting_of(const std::map<std::string, std::string>& settings, std::string_view key) {
    const auto it = settings.find(std::string(key));
    return it == settings.end() ? std::string() : it->second;
}

} // namespace

std::string Source::setting(std::string_view key) const { return setting_of(settings, key); }

std::string Target::setting(std::string_view key) const { return setting_of(settings, key); }

} // namespace issuebridge::config
