#include "issuebridge/config/config.hpp"

#include "reader.hpp"

#include "issuebridge/util/error.hpp"
#include "issuebridge/util/paths.hpp"
#include "issuebridge/util/secrets.hpp"
#include "issuebridge/util/strings.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace issuebridge::config {

namespace {

using Keys = std::vector<std::string>;

const Keys k_top_keys = {"state", "defaults", "sources", "targets", "routes"};
const Keys k_state_keys = {"path"};
const Keys k_defaults_keys = {"kinds", "concurrency"};
const Keys k_source_keys = {"type", "base_url", "token_env", "ca_file", "rate_limit"};
const Keys k_target_common_keys = {"type", "base_url", "token_env", "ca_file", "rate_limit", "concurrency",
                                   "search_lag"};
const Keys k_jira_keys = {"api_version", "user", "user_env", "project", "issue_type", "close_transition",
                          "reopen_transition"};
const Keys k_asana_keys = {"project", "workspace"};
const Keys k_trello_keys = {"key_env", "board", "list", "done_list"};
// Keys that would hold a secret in the file; they get a message of their own.
const Keys k_secret_keys = {"token", "key", "password", "api_token", "api_key", "secret"};

Keys concat(std::initializer_list<const Keys*> lists) {
    Keys out;
    for (const Keys* l : lists) {
        out.insert(out.end(), l->begin(), l->end());
    }
    return out;
}

bool contains(const Keys& keys, std::string_view key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// Refuses a secret written into the file before anything could echo it.
void refuse_literal_secrets(const toml::table& table, const std::string& section, const std::string& file) {
    for (const auto& [key, value] : table) {
        if (contains(k_secret_keys, key.str())) {
            const auto& begin = key.source().begin;
            const Location at{file, static_cast<long>(begin.line), static_cast<long>(begin.column)};
            throw util::ConfigError(at.str() + ": secrets may not be written in the config file ('" +
                                        std::string(key.str()) + "' in " + section + ")",
                                    "name the environment variable that holds it, e.g. " +
                                        std::string(key.str()) + "_env = \"MY_" +
                                        util::to_lower(key.str()) + "\" -- and remove the secret from the file");
        }
    }
}

bool is_loopback(std::string_view host) {
    return host == "localhost" || host == "[::1]" || host.starts_with("127.");
}

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

std::string default_base_url(std::string_view type) {
    if (type == "github" || type == "codescanning") {
        return "https://api.github.com";
    }
    if (type == "gitlab") {
        return "https://gitlab.com/api/v4";
    }
    if (type == "lgtm") {
        return "https://lgtm.com/api/v1.0";
    }
    if (type == "asana") {
        return "https://app.asana.com/api/1.0";
    }
    if (type == "trello") {
        return "https://api.trello.com/1";
    }
    return {};
}

std::string read_type(const TableReader& r, std::span<const std::string> types) {
    const std::string type = r.required_string("type");
    if (!contains(Keys(types.begin(), types.end()), type)) {
        r.fail("type", "unknown type '" + type + "' in " + r.section() + "; expected one of " +
                           util::join(types, ", "),
               util::did_you_mean(type, types));
    }
    return type;
}

Source read_source(const std::string& name, const toml::table& table, const std::string& file) {
    const std::string section = "[sources." + name + "]";
    refuse_literal_secrets(table, section, file);
    TableReader r(table, section, k_source_keys, file);
    Source s;
    s.name = name;
    s.where = r.where();
    s.type = read_type(r, source_types());
    const auto url = r.string("base_url");
    s.base_url = url ? check_base_url(r, *url) : default_base_url(s.type);
    s.token = r.secret("token_env");
    s.ca_file = read_path(r, "ca_file").value_or("");
    s.rate_limit = r.rate("rate_limit");
    return s;
}

void read_jira(const TableReader& r, Target& t) {
    if (!r.has("base_url")) {
        r.fail("type", "missing key 'base_url' in " + r.section(), "e.g. base_url = \"https://example.atlassian.net\"");
    }
    if (const auto v = r.integer("api_version", 2, 3)) {
        t.api_version = static_cast<int>(*v);
    }
    t.user = r.string("user").value_or("");
    t.user_env = r.secret("user_env");
    if (t.user.empty() == !t.user_env.configured()) {
        r.fail(t.user.empty() ? "type" : "user", "set exactly one of 'user' and 'user_env' in " + r.section(),
               "the Jira user is the account's e-mail (Cloud) or username (Data Center)");
    }
    t.project = r.required_string("project");
    t.issue_type = r.string("issue_type").value_or("Task");
    t.close_transition = r.string("close_transition").value_or("Done");
    t.reopen_transition = r.string("reopen_transition").value_or("To Do");
}

Target read_target(const std::string& name, const toml::table& table, const std::string& file) {
    const std::string section = "[targets." + name + "]";
    refuse_literal_secrets(table, section, file);
    TableReader r(table, section, concat({&k_target_common_keys, &k_jira_keys, &k_asana_keys, &k_trello_keys}),
                  file);
    Target t;
    t.name = name;
    t.where = r.where();
    t.type = read_type(r, target_types());
    const Keys& own = t.type == "jira" ? k_jira_keys : t.type == "asana" ? k_asana_keys : k_trello_keys;
    for (const auto& [key, value] : table) {
        if (!contains(k_target_common_keys, key.str()) && !contains(own, key.str())) {
            r.fail(key.str(), "key '" + std::string(key.str()) + "' does not apply to a '" + t.type + "' target in " +
                                  section);
        }
    }
    const auto url = r.string("base_url");
    t.base_url = url ? check_base_url(r, *url) : default_base_url(t.type);
    t.token = r.secret("token_env");
    if (!t.token.configured()) {
        r.fail("type", "missing key 'token_env' in " + section, "e.g. token_env = \"JIRA_API_TOKEN\"");
    }
    t.ca_file = read_path(r, "ca_file").value_or("");
    t.rate_limit = r.rate("rate_limit");
    if (const auto c = r.integer("concurrency", 1, 64)) {
        t.concurrency = static_cast<int>(*c);
    }
    t.search_lag = static_cast<int>(r.integer("search_lag", 0, 86400).value_or(t.search_lag));
    if (t.type == "jira") {
        read_jira(r, t);
    } else if (t.type == "asana") {
        t.project = r.required_string("project");
        t.workspace = r.string("workspace").value_or("");
    } else {
        t.key = r.secret("key_env");
        if (!t.key.configured()) {
            r.fail("type", "missing key 'key_env' in " + section, "e.g. key_env = \"TRELLO_KEY\"");
        }
        t.board = r.required_string("board");
        t.list = r.required_string("list");
        t.done_list = r.string("done_list").value_or("");
    }
    return t;
}

} // namespace

// Defined in routes.cpp.
Route read_route(const toml::table& table, std::size_t index, const Config& config, const std::string& file);

Config parse(std::string_view text, const std::string& file) {
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
    if (const toml::table* state = top.table("state")) {
        TableReader r(*state, "[state]", k_state_keys, file);
        if (auto p = read_path(r, "path")) {
            config.state_path = *p;
        }
    }
    config.default_kinds = {"issue", "pull_request"};
    if (const toml::table* defaults = top.table("defaults")) {
        TableReader r(*defaults, "[defaults]", k_defaults_keys, file);
        if (r.has("kinds")) {
            config.default_kinds = r.string_array("kinds");
            for (const auto& kind : config.default_kinds) {
                if (!contains(Keys(item_kinds().begin(), item_kinds().end()), kind)) {
                    r.fail("kinds", "unknown kind '" + kind + "' in [defaults]; expected one of " +
                                        util::join(item_kinds(), ", "),
                           util::did_you_mean(kind, item_kinds()));
                }
            }
        }
        config.default_concurrency = static_cast<int>(r.integer("concurrency", 1, 64).value_or(4));
    }
    if (const toml::table* sources = top.table("sources")) {
        for (const auto& [name, node] : *sources) {
            if (!node.is_table()) {
                fail_at(node, file, "'sources." + std::string(name.str()) + "' must be a table");
            }
            config.sources.emplace(std::string(name.str()), read_source(std::string(name.str()), *node.as_table(), file));
        }
    }
    if (const toml::table* targets = top.table("targets")) {
        for (const auto& [name, node] : *targets) {
            if (!node.is_table()) {
                fail_at(node, file, "'targets." + std::string(name.str()) + "' must be a table");
            }
            config.targets.emplace(std::string(name.str()), read_target(std::string(name.str()), *node.as_table(), file));
        }
    }
    if (const toml::node* routes = root.get("routes")) {
        const toml::array* array = routes->as_array();
        if (!array || !array->is_array_of_tables()) {
            fail_at(*routes, file, "'routes' must be an array of tables", "write each route as [[routes]]");
        }
        for (std::size_t i = 0; i < array->size(); ++i) {
            config.routes.push_back(read_route(*array->get(i)->as_table(), i, config, file));
        }
    }
    if (config.routes.empty()) {
        throw util::ConfigError(file + ": no routes are configured", "add a [[routes]] table; see 'man issuebridge.toml'");
    }
    return config;
}

Config load(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw util::ConfigError("cannot read config file '" + path.string() + "'",
                                std::filesystem::exists(path) ? "check its permissions"
                                                              : "create it, or pass --config PATH; see 'man issuebridge.toml'");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), path.string());
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

std::string read_secret(const SecretRef& ref, std::string_view owner) {
    std::string value = util::getenv_or_empty(ref.env.c_str());
    if (value.empty()) {
        throw util::ConfigError("environment variable '" + ref.env + "' is not set (named by " + std::string(owner) +
                                    " at " + ref.where.str() + ")",
                                "export " + ref.env + "=... in the environment that runs issuebridge");
    }
    util::add_secret(value);
    return value;
}

std::string Location::str() const {
    return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

const Route* Config::find_route(std::string_view name) const {
    const auto it = std::find_if(routes.begin(), routes.end(), [&](const Route& r) { return r.name == name; });
    return it == routes.end() ? nullptr : &*it;
}

std::span<const std::string> source_types() {
    static const Keys k = {"github", "gitlab", "lgtm", "codescanning"};
    return k;
}

std::span<const std::string> target_types() {
    static const Keys k = {"jira", "asana", "trello"};
    return k;
}

std::span<const std::string> item_kinds() {
    static const Keys k = {"issue", "pull_request", "merge_request", "alert"};
    return k;
}

} // namespace issuebridge::config
