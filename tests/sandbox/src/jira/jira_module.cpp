// The Jira module: its state in the store, its seed section and its routes.

#include "jira_module.hpp"
#include "jira_data.hpp"
#include "seed.hpp"
#include "services.hpp"

#include <CLI/CLI.hpp>

namespace issuebridge::sandbox {

namespace {

std::string seed_jira(JiraData& data, const Json& jira) {
    if (std::string error = check_keys(jira, "jira", {"accounts", "projects", "users"});
        !error.empty()) {
        return error;
    }
    if (const Json* accounts = jira.get("accounts")) {
        data.accounts.clear();
        for (const auto& a : accounts->is_array() ? accounts->as_array() : Json::Array{Json()}) {
            bool bad = false;
            auto email = get_string(a, "email", bad);
            auto token = get_string(a, "token", bad);
            auto account_id = get_string(a, "accountId", bad);
            auto display_name = get_string(a, "displayName", bad);
            if (bad || !email || !token) {
                return "jira.accounts: each account is {\"email\": ..., \"token\": ...} with "
                       "optional \"accountId\" and \"displayName\" (strings)";
            }
            data.accounts.push_back(
                make_account(*email, *token, account_id.value_or(""), display_name.value_or("")));
        }
    }
    for (const auto& [key, add] :
         {std::pair{"projects", &add_project}, std::pair{"users", &add_user}}) {
        const Json* list = jira.get(key);
        if (list == nullptr) {
            continue;
        }
        if (!list->is_array()) {
            return std::string("jira.") + key + ": expected an array";
        }
        for (const auto& item : list->as_array()) {
            if (std::string error = add(data, item); !error.empty()) {
                return std::string("jira.") + key + ": " + error;
            }
        }
    }
    return "";
}

constexpr const char* k_search_lag = "jira.search_lag_ms";

void add_options(CLI::App& app, Options& options) {
    app.add_option(
           "--search-lag-ms", options.settings[k_search_lag],
           "Jira's search sees the index as it was this long ago (reconcileIssues bypasses it)")
        ->capture_default_str();
}

std::string check_options(const Options& options) {
    const auto it = options.settings.find(k_search_lag);
    return it != options.settings.end() && it->second < 0 ? "--search-lag-ms must not be negative"
                                                          : "";
}

void fresh(State& state, const Options& options) {
    JiraData data;
    const auto lag = options.settings.find(k_search_lag);
    data.search_lag_ms = lag != options.settings.end() ? lag->second : 0;
    state.put(std::move(data));
}

std::string seed(const Json& section, State& state, std::int64_t /*now_s*/) {
    return seed_jira(state.get<JiraData>(), section);
}

} // namespace

const Module& jira_module() {
    // Jira Cloud's budget when none is configured: unlimited.
    static const Module module{
        "jira",
        "Jira Cloud REST v3",
        "  Jira      http://127.0.0.1:PORT          /rest/api/3/issue..., /rest/api/3/search/jql\n",
        "Jira basic auth sandbox@example.com:sandbox-jira-token, unless the seed file lists "
        "others.\n",
        LimitConfig{},
        &add_options,
        &check_options,
        &fresh,
        &seed,
        &register_jira_api,
        &register_jira_admin,
    };
    return module;
}

} // namespace issuebridge::sandbox
