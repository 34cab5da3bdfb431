#include "jira_json.hpp"

#include "clock.hpp"

#include "issuebridge/util/strings.hpp"

#include <algorithm>

namespace issuebridge::sandbox {

namespace {

void write_avatars(util::JsonWriter& w, const std::string& base) {
    w.key("avatarUrls").begin_object();
    for (const char* size : {"48x48", "24x24", "16x16", "32x32"}) {
        w.field(size, base + (base.find('?') == std::string::npos ? "?" : "&") + "size=" + size);
    }
    w.end_object();
}

// The members every User object has (inside an object the caller opens and closes).
void write_user_fields(util::JsonWriter& w, const std::string& account_id,
                       const std::string& display_name, const std::string& origin) {
    w.field("self", origin + "/rest/api/3/user?accountId=" + util::url_encode(account_id))
        .field("accountId", account_id);
    write_avatars(w, "https://avatar-management.example/initials/" + util::url_encode(account_id) +
                         ".png");
    w.field("displayName", display_name)
        .field("active", true)
        .field("timeZone", "Etc/UTC")
        .field("accountType", "atlassian");
}

void write_project(util::JsonWriter& w, const JiraProject& p, const std::string& origin) {
    w.begin_object()
        .field("self", origin + "/rest/api/3/project/" + p.id)
        .field("id", p.id)
        .field("key", p.key)
        .field("name", p.name)
        .field("projectTypeKey", "software")
        .field("simplified", false);
    write_avatars(w, origin + "/secure/projectavatar?pid=" + p.id);
    w.end_object();
}

void write_issue_type(util::JsonWriter& w, const JiraData& data, const std::string& name,
                      const std::string& origin) {
    std::string id;
    for (std::size_t i = 0; i < data.issue_type_names.size(); ++i) {
        if (data.issue_type_names[i] == name) {
            id = std::to_string(10001 + i);
        }
    }
    w.begin_object()
        .field("self", origin + "/rest/api/3/issuetype/" + id)
        .field("id", id)
        .field("description", "")
        .field("iconUrl", origin + "/images/icons/issuetypes/" + util::to_lower(name) + ".svg")
        .field("name", name)
        .field("subtask", false)
        .field("hierarchyLevel", 0)
        .end_object();
}

void write_resolution(util::JsonWriter& w, const JiraIssue& issue, const std::string& origin) {
    if (!issue.resolved_ms) {
        w.null();
        return;
    }
    w.begin_object()
        .field("self", origin + "/rest/api/3/resolution/10000")
        .field("id", "10000")
        .field("description", "Work has been completed on this issue.")
        .field("name", "Done")
        .end_object();
}

void write_fields(util::JsonWriter& w, const JiraData& data, const JiraIssue& issue,
                  const FieldSelection& sel, const std::string& origin) {
    w.key("fields").begin_object();
    if (sel.wants("summary")) {
        w.field("summary", issue.summary);
    }
    if (sel.wants("description")) {
        w.key("description");
        issue.description ? issue.description->write(w) : void(w.null());
    }
    if (sel.wants("labels")) {
        w.key("labels").begin_array();
        for (const auto& label : issue.labels) {
            w.value(label);
        }
        w.end_array();
    }
    if (sel.wants("assignee")) {
        w.key("assignee");
        issue.assignee ? write_jira_user(w, data, *issue.assignee, origin) : void(w.null());
    }
    if (sel.wants("status")) {
        w.key("status");
        write_status(w, *find_status(issue.status), origin);
    }
    if (sel.wants("issuetype")) {
        w.key("issuetype");
        write_issue_type(w, data, issue.issue_type, origin);
    }
    if (sel.wants("project")) {
        w.key("project");
        write_project(w, *project_of(data, issue), origin);
    }
    if (sel.wants("resolution")) {
        w.key("resolution");
        write_resolution(w, issue, origin);
    }
    if (sel.wants("resolutiondate")) {
        w.key("resolutiondate");
        issue.resolved_ms ? void(w.value(format_jira_time(*issue.resolved_ms))) : void(w.null());
    }
    if (sel.wants("created")) {
        w.field("created", format_jira_time(issue.created_ms));
    }
    if (sel.wants("updated")) {
        w.field("updated", format_jira_time(issue.updated_ms));
    }
    if (sel.wants("statuscategorychangedate")) {
        w.field("statuscategorychangedate", format_jira_time(issue.status_changed_ms));
    }
    w.end_object();
}

} // namespace

std::vector<std::string> split_list(const std::vector<std::string>& values) {
    std::vector<std::string> out;
    for (const auto& v : values) {
        for (const auto& part : util::split(v, ',')) {
            const auto item = util::trim(part);
            if (!item.empty()) {
                out.emplace_back(item);
            }
        }
    }
    return out;
}

FieldSelection FieldSelection::parse(const std::vector<std::string>& values, bool default_all) {
    FieldSelection s;
    const auto items = split_list(values);
    s.m_all = items.empty() && default_all;
    for (const auto& item : items) {
        if (item == "*all" || item == "*navigable") {
            s.m_all = true;
        } else if (item[0] == '-') {
            s.m_exclude.push_back(item.substr(1));
            s.m_all =
                s.m_all || s.m_include.empty(); // "-description" alone means all but description
        } else if (item == "key") {
            s.m_key = true;
        } else if (item != "id") {
            s.m_include.push_back(item);
        }
    }
    return s;
}

bool FieldSelection::wants(std::string_view field) const {
    if (std::find(m_exclude.begin(), m_exclude.end(), field) != m_exclude.end()) {
        return false;
    }
    return m_all || std::find(m_include.begin(), m_include.end(), field) != m_include.end();
}

void write_status(util::JsonWriter& w, const JiraStatus& status, const std::string& origin) {
    w.begin_object()
        .field("self", origin + "/rest/api/3/status/" + std::string(status.id))
        .field("description", "")
        .field("iconUrl", origin + "/images/icons/statuses/generic.png")
        .field("name", status.name)
        .field("id", status.id)
        .key("statusCategory")
        .begin_object()
        .field("self", origin + "/rest/api/3/statuscategory/" + std::to_string(status.category_id))
        .field("id", status.category_id)
        .field("key", status.category_key)
        .field("colorName", status.color)
        .field("name", status.category_name)
        .end_object()
        .end_object();
}

void write_jira_user(util::JsonWriter& w, const JiraData& data, const std::string& account_id,
                     const std::string& origin) {
    const JiraUser* user = find_user(data, account_id);
    w.begin_object();
    write_user_fields(w, account_id, user != nullptr ? user->display_name : account_id, origin);
    w.end_object();
}

void write_account(util::JsonWriter& w, const JiraAccount& account, const std::string& origin) {
    w.begin_object();
    write_user_fields(w, account.account_id, account.display_name, origin);
    w.field("emailAddress", account.email).field("locale", "en_US").end_object();
}

void write_project_details(util::JsonWriter& w, const JiraData& data, const JiraProject& project,
                           const std::string& origin) {
    w.begin_object()
        .field("expand", "description,lead,issueTypes,url,projectKeys,permissions,insight")
        .field("self", origin + "/rest/api/3/project/" + project.id)
        .field("id", project.id)
        .field("key", project.key)
        .field("description", "");
    if (!data.accounts.empty()) {
        w.key("lead").begin_object();
        write_user_fields(w, data.accounts.front().account_id, data.accounts.front().display_name,
                          origin);
        w.end_object();
    }
    w.key("components").begin_array().end_array().key("issueTypes").begin_array();
    for (const auto& type : project.issue_types) {
        write_issue_type(w, data, type, origin);
    }
    w.end_array()
        .field("assigneeType", "UNASSIGNED")
        .key("versions")
        .begin_array()
        .end_array()
        .field("name", project.name)
        .key("roles")
        .begin_object()
        .end_object();
    write_avatars(w, origin + "/secure/projectavatar?pid=" + project.id);
    w.field("projectTypeKey", "software")
        .field("simplified", false)
        .field("style", "classic")
        .field("isPrivate", false)
        .key("properties")
        .begin_object()
        .end_object()
        .end_object();
}

void write_issue_bean(util::JsonWriter& w, const JiraData& data, const JiraIssue& issue,
                      const BeanOptions& options, const std::string& origin) {
    w.begin_object();
    if (options.with_expand) {
        w.field(
            "expand",
            "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations");
    }
    w.field("id", std::to_string(issue.id));
    if (options.fields.beyond_id()) {
        w.field("self", origin + "/rest/api/3/issue/" + std::to_string(issue.id))
            .field("key", issue.key);
        write_fields(w, data, issue, options.fields, origin);
    }
    if (!options.properties.empty()) {
        const bool all = options.properties.front() == "*all";
        w.key("properties").begin_object();
        for (const auto& [key, value] : issue.properties) {
            if (all || std::find(options.properties.begin(), options.properties.end(), key) !=
                           options.properties.end()) {
                w.key(key);
                value.write(w);
            }
        }
        w.end_object();
    }
    w.end_object();
}

} // namespace issuebridge::sandbox
