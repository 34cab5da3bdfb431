#pragma once
// Jira Cloud's state in the sandbox: projects, users, the accounts that may authenticate, issues
// with their properties, the fixed workflow (To Do -> In Progress -> Done, every transition global)
// and the search index history that lets search lag behind writes.

#include "json.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace issuebridge::sandbox {

struct JiraStatus {
    std::string_view id;
    std::string_view name;
    int category_id;
    std::string_view category_key;
    std::string_view category_name;
    std::string_view color;
    std::string_view transition_id; // the global transition that leads here
};

// "To Do" (new), "In Progress" (indeterminate), "Done" (done), with transitions "11", "21", "31".
const std::array<JiraStatus, 3>& jira_statuses();
const JiraStatus* find_status(std::string_view name); // case-insensitive
const JiraStatus* find_status_by_transition(std::string_view transition_id);

struct JiraProject {
    std::string id;
    std::string key;
    std::string name;
    std::vector<std::string> issue_types;
    int next_number = 1;
};

struct JiraUser {
    std::string account_id;
    std::string display_name;
    std::string email;
};

// Who may authenticate (basic auth email:token), and who GET /myself says they are.
struct JiraAccount {
    std::string email;
    std::string token;
    std::string account_id;
    std::string display_name;
};

// What the search index knows about an issue from `at_ms` on.
struct IndexEntry {
    std::int64_t at_ms = 0;
    std::vector<std::string> labels;
    std::string status;
    std::int64_t updated_ms = 0;
};

struct JiraIssue {
    std::int64_t id = 0;
    std::string key;
    std::string project_key;
    std::string issue_type;
    std::string summary;
    std::optional<Json> description; // ADF
    std::vector<std::string> labels;
    std::optional<std::string> assignee; // accountId
    std::string status = "To Do";
    std::int64_t created_ms = 0;
    std::int64_t updated_ms = 0;
    std::int64_t status_changed_ms = 0;
    std::optional<std::int64_t> resolved_ms;
    std::vector<std::pair<std::string, Json>> properties;
    std::vector<IndexEntry> index; // oldest first
};

// An account; without an accountId or displayName it gets a stable one derived from the email (24
// hex digits, as Atlassian's older account ids look) and the email's local part.
JiraAccount make_account(std::string email, std::string token, std::string account_id = "",
                         std::string display_name = "");

// Jira Data Center's REST v2 (jira_dc.cpp): who may authenticate, with Basic username:password or
// with the personal access token as Bearer (a PAT is refused in Basic), and the instance settings
// its search obeys.
struct JiraDcAccount {
    std::string username;
    std::string password;
    std::string token; // the personal access token
    std::string display_name;
};

struct JiraDcSettings {
    std::vector<JiraDcAccount> accounts{
        {"sandbox", "sandbox-jira-password", "sandbox-jira-pat", "Sandbox Admin"}};
    std::int64_t max_results = 1000; // jira.search.views.default.max: larger requests are cut
    std::int64_t window = 10000;     // the search platform's max_result_window
    bool window_empty = false; // past the window: an empty page (some versions) rather than a 400
};

struct JiraData {
    std::vector<JiraAccount> accounts{make_account("sandbox@example.com", "sandbox-jira-token")};
    std::vector<JiraProject> projects;
    std::vector<JiraUser> users;
    std::map<std::int64_t, JiraIssue> issues;  // by id
    std::vector<std::string> issue_type_names; // issue type ids are 10001 + position
    std::int64_t next_issue_id = 10000;
    std::int64_t next_project_id = 10000;
    std::int64_t search_lag_ms = 0;
    // Issues bulk fetch leaves out though they exist, as for a caller without permission to see
    // them or behind a proxy that drops them (admin API: POST /_sandbox/jira/bulkfetch-hidden).
    // Search still finds them.
    std::set<std::int64_t> hidden_from_bulk_fetch;
    JiraDcSettings dc;
};

JiraIssue* find_issue(JiraData& data, std::string_view id_or_key);
JiraProject* find_project(JiraData& data, std::string_view key_or_id);
const JiraUser* find_user(const JiraData& data, std::string_view account_id);
// The id of an issue type, registering the name on first use.
std::string issue_type_id(JiraData& data, const std::string& name);
std::optional<std::string> issue_type_name(const JiraData& data, std::string_view id);
const JiraProject* project_of(const JiraData& data, const JiraIssue& issue);

// Adds a project (admin API, seed). Returns an error message or "".
std::string add_project(JiraData& data, const Json& spec);
std::string add_user(JiraData& data, const Json& spec);

// Records the issue's current searchable state in the index history, as of `now_ms`.
void reindex(JiraIssue& issue, std::int64_t now_ms);
// Moves the issue to `status`, setting or clearing the resolution as Jira's default workflow does.
void set_status(JiraIssue& issue, const JiraStatus& status, std::int64_t now_ms);

} // namespace issuebridge::sandbox
