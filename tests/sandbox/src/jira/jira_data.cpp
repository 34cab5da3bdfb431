#include "jira_data.hpp"

#include "hash.hpp"

#include "issuebridge/util/strings.hpp"

#include <algorithm>
#include <charconv>

namespace issuebridge::sandbox {

namespace {

constexpr std::array<JiraStatus, 3> k_statuses{{
    {"10000", "To Do", 2, "new", "To Do", "blue-gray", "11"},
    {"3", "In Progress", 4, "indeterminate", "In Progress", "yellow", "21"},
    {"10001", "Done", 3, "done", "Done", "green", "31"},
}};

bool is_project_key(std::string_view key) {
    if (key.empty() || key.size() > 10 || key[0] < 'A' || key[0] > 'Z') {
        return false;
    }
    return std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
}

} // namespace

const std::array<JiraStatus, 3>& jira_statuses() { return k_statuses; }

const JiraStatus* find_status(std::string_view name) {
    const std::string wanted = util::to_lower(name);
    for (const auto& s : k_statuses) {
        if (util::to_lower(s.name) == wanted) {
            return &s;
        }
    }
    return nullptr;
}

const JiraStatus* find_status_by_transition(std::string_view transition_id) {
    for (const auto& s : k_statuses) {
        if (s.transition_id == transition_id) {
            return &s;
        }
    }
    return nullptr;
}

JiraAccount make_account(std::string email, std::string token, std::string account_id,
                         std::string display_name) {
    if (account_id.empty()) {
        account_id = digest_hex(email).substr(0, 24);
    }
    if (display_name.empty()) {
        display_name = email.substr(0, email.find('@'));
    }
    return {std::move(email), std::move(token), std::move(account_id), std::move(display_name)};
}

JiraIssue* find_issue(JiraData& data, std::string_view id_or_key) {
    if (!id_or_key.empty() && std::all_of(id_or_key.begin(), id_or_key.end(),
                                          [](char c) { return c >= '0' && c <= '9'; })) {
        // An id too large for int64 names no issue (std::stoll would throw).
        std::int64_t id = 0;
        const auto parsed =
            std::from_chars(id_or_key.data(), id_or_key.data() + id_or_key.size(), id);
        const auto it = parsed.ec == std::errc() ? data.issues.find(id) : data.issues.end();
        return it == data.issues.end() ? nullptr : &it->second;
    }
    // Keys are case-insensitive in URLs and JQL.
    const std::string wanted = util::to_lower(id_or_key);
    for (auto& [id, issue] : data.issues) {
        if (util::to_lower(issue.key) == wanted) {
            return &issue;
        }
    }
    return nullptr;
}

JiraProject* find_project(JiraData& data, std::string_view key_or_id) {
    const std::string wanted = util::to_lower(key_or_id);
    for (auto& p : data.projects) {
        if (util::to_lower(p.key) == wanted || p.id == key_or_id) {
            return &p;
        }
    }
    return nullptr;
}

const JiraUser* find_user(const JiraData& data, std::string_view account_id) {
    for (const auto& u : data.users) {
        if (u.account_id == account_id) {
            return &u;
        }
    }
    return nullptr;
}

std::string issue_type_id(JiraData& data, const std::string& name) {
    auto it = std::find(data.issue_type_names.begin(), data.issue_type_names.end(), name);
    if (it == data.issue_type_names.end()) {
        data.issue_type_names.push_back(name);
        it = data.issue_type_names.end() - 1;
    }
    return std::to_string(10001 + (it - data.issue_type_names.begin()));
}

std::optional<std::string> issue_type_name(const JiraData& data, std::string_view id) {
    for (std::size_t i = 0; i < data.issue_type_names.size(); ++i) {
        if (std::to_string(10001 + i) == id) {
            return data.issue_type_names[i];
        }
    }
    return std::nullopt;
}

const JiraProject* project_of(const JiraData& data, const JiraIssue& issue) {
    for (const auto& p : data.projects) {
        if (p.key == issue.project_key) {
            return &p;
        }
    }
    return nullptr;
}

std::string add_project(JiraData& data, const Json& spec) {
    bool bad = false;
    const auto key = get_string(spec, "key", bad).value_or("");
    const auto name = get_string(spec, "name", bad).value_or(key);
    const auto types =
        get_strings(spec, "issue_types", bad).value_or(std::vector<std::string>{"Task", "Bug"});
    if (bad || !is_project_key(key)) {
        return "a project needs a 'key' of capital letters and digits (e.g. \"DEMO\"), an optional "
               "'name' and "
               "optional 'issue_types' (strings)";
    }
    if (find_project(data, key) != nullptr) {
        return "project '" + key + "' already exists";
    }
    if (types.empty()) {
        return "project '" + key + "' needs at least one issue type";
    }
    for (const auto& t : types) {
        issue_type_id(data, t);
    }
    data.projects.push_back({std::to_string(data.next_project_id++), key, name, types, 1});
    return "";
}

std::string add_user(JiraData& data, const Json& spec) {
    bool bad = false;
    const auto account_id = get_string(spec, "accountId", bad).value_or("");
    const auto display_name = get_string(spec, "displayName", bad).value_or(account_id);
    const auto email = get_string(spec, "email", bad).value_or("");
    if (bad || account_id.empty()) {
        return "a user needs an 'accountId' and optionally 'displayName' and 'email' (strings)";
    }
    if (find_user(data, account_id) != nullptr) {
        return "user '" + account_id + "' already exists";
    }
    data.users.push_back({account_id, display_name, email});
    return "";
}

void reindex(JiraIssue& issue, std::int64_t now_ms) {
    issue.index.push_back({now_ms, issue.labels, issue.status, issue.updated_ms});
}

void set_status(JiraIssue& issue, const JiraStatus& status, std::int64_t now_ms) {
    if (issue.status == status.name) {
        return;
    }
    issue.status = std::string(status.name);
    issue.status_changed_ms = now_ms;
    if (status.category_key == "done") {
        issue.resolved_ms = now_ms;
    } else {
        issue.resolved_ms.reset();
    }
}

} // namespace issuebridge::sandbox
