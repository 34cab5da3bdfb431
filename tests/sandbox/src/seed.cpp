// The seed file: the state the sandbox starts from and returns to on POST /_sandbox/reset.

#include "services.hpp"

#include <initializer_list>

namespace issuebridge::sandbox {

namespace {

// Unknown keys are errors, so a typo in a seed file does not silently give an empty sandbox.
std::string check_keys(const Json& obj, std::string_view where,
                       std::initializer_list<std::string_view> allowed) {
    if (!obj.is_object()) {
        return std::string(where) + ": expected an object";
    }
    for (const auto& [key, value] : obj.as_object()) {
        bool known = false;
        for (const auto a : allowed) {
            known = known || a == key;
        }
        if (!known) {
            return std::string(where) + ": unknown key '" + key + "'";
        }
    }
    return "";
}

std::string seed_repo(GitHubData& data, const std::string& full_name, const Json& spec,
                      std::int64_t now_s) {
    const std::string where = "github.repos." + full_name;
    if (std::string error = check_keys(spec, where, {"issues", "generate"}); !error.empty()) {
        return error;
    }
    const auto slash = full_name.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == full_name.size() ||
        full_name.find('/', slash + 1) != std::string::npos) {
        return where + ": repository names are \"owner/name\"";
    }
    GhRepo& repo =
        ensure_repo(data, full_name.substr(0, slash), full_name.substr(slash + 1), now_s);
    if (const Json* issues = spec.get("issues")) {
        if (!issues->is_array()) {
            return where + ".issues: expected an array";
        }
        for (const auto& issue : issues->as_array()) {
            if (auto r = create_issue(data, repo, issue, now_s); !r.error.empty()) {
                return where + ".issues: " + r.error;
            }
        }
    }
    if (const Json* generate = spec.get("generate")) {
        if (auto r = generate_issues(data, repo, *generate, now_s); !r.error.empty()) {
            return where + ": " + r.error;
        }
    }
    return "";
}

std::string seed_github(GitHubData& data, const Json& github, std::int64_t now_s) {
    if (std::string error = check_keys(github, "github", {"tokens", "repos"}); !error.empty()) {
        return error;
    }
    bool bad = false;
    if (auto tokens = get_strings(github, "tokens", bad)) {
        data.tokens = *tokens;
    }
    if (bad) {
        return "github.tokens: expected an array of strings";
    }
    if (const Json* repos = github.get("repos")) {
        if (!repos->is_object()) {
            return "github.repos: expected an object keyed by \"owner/name\"";
        }
        for (const auto& [name, spec] : repos->as_object()) {
            if (std::string error = seed_repo(data, name, spec, now_s); !error.empty()) {
                return error;
            }
        }
    }
    return "";
}

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

} // namespace

std::string apply_seed(const Json& seed, State& state, std::int64_t now_s) {
    if (std::string error = check_keys(seed, "seed", {"github", "jira", "description"});
        !error.empty()) {
        return error;
    }
    if (const Json* github = seed.get("github")) {
        if (std::string error = seed_github(state.github, *github, now_s); !error.empty()) {
            return error;
        }
    }
    if (const Json* jira = seed.get("jira")) {
        return seed_jira(state.jira, *jira);
    }
    return "";
}

} // namespace issuebridge::sandbox
