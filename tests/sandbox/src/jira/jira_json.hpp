#pragma once
// Jira Cloud's JSON for issues (IssueBean), statuses, users, the current user and projects.

#include "jira_data.hpp"

#include "issuebridge/util/json_writer.hpp"

#include <string>
#include <vector>

namespace issuebridge::sandbox {

// Which fields to show, from `fields` parameters: "*all", "*navigable", names, "-name" exclusions,
// "id", "key". GET issue defaults to all fields; search defaults to ids only.
class FieldSelection {
public:
    static FieldSelection parse(const std::vector<std::string>& values, bool default_all);
    bool wants(std::string_view field) const;
    // Whether the bean carries key/self and a "fields" object at all.
    bool beyond_id() const { return m_key || m_all || !m_include.empty(); }
    // Only id and/or key: Jira then allows up to 5000 issues per search page.
    bool ids_only() const { return !m_all && m_include.empty(); }

private:
    bool m_all = false;
    bool m_key = false;
    std::vector<std::string> m_include;
    std::vector<std::string> m_exclude;
};

struct BeanOptions {
    FieldSelection fields;
    std::vector<std::string> properties; // keys, or "*all"
    bool with_expand = false;            // GET issue's "expand" attribute
};

void write_issue_bean(util::JsonWriter& w, const JiraData& data, const JiraIssue& issue,
                      const BeanOptions& options, const std::string& origin);
void write_status(util::JsonWriter& w, const JiraStatus& status, const std::string& origin);
void write_jira_user(util::JsonWriter& w, const JiraData& data, const std::string& account_id,
                     const std::string& origin);
// GET /myself: the account as a User, with emailAddress and locale.
void write_account(util::JsonWriter& w, const JiraAccount& account, const std::string& origin);
// GET /project/{projectIdOrKey}: a Project with its issue types, and the first account as lead.
void write_project_details(util::JsonWriter& w, const JiraData& data, const JiraProject& project,
                           const std::string& origin);
// Splits comma-separated values of repeated parameters ("a,b" and "a&b" both give [a, b]).
std::vector<std::string> split_list(const std::vector<std::string>& values);

} // namespace issuebridge::sandbox
