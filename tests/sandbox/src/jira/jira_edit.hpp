#pragma once
// Jira's rules for setting issue fields through `fields` and `update`, shared by create, edit and
// transition: each problem lands in an ErrorCollection with the messages Jira Cloud uses.

#include "jira_data.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace issuebridge::sandbox {

// Jira's error body: {"errorMessages":[...],"errors":{"field":"message"}}.
struct ErrorCollection {
    std::vector<std::string> messages;
    std::vector<std::pair<std::string, std::string>> errors;

    bool empty() const { return messages.empty() && errors.empty(); }
    // The first problem found for a field is the one reported.
    void add(const std::string& field, std::string message);
    std::string to_json() const;
};

// Validated changes, applied only when the whole request is valid.
struct FieldChanges {
    std::optional<std::string> project;    // key
    std::optional<std::string> issue_type; // name
    std::optional<std::string> summary;
    std::optional<std::optional<Json>> description;
    std::optional<std::vector<std::string>> labels;
    std::vector<std::string> labels_add;
    std::vector<std::string> labels_remove;
    std::optional<std::optional<std::string>> assignee;
    // REST v2 (Data Center): a description is a wiki-markup string (ADF is refused), a user is
    // {"name": ...}.
    bool v2 = false;
};

enum class EditMode { create, edit };

// Reads `fields` and `update` (either may be null). `project` is the issue's project when editing,
// and resolved from fields.project when creating.
FieldChanges read_changes(JiraData& data, const Json* fields, const Json* update, EditMode mode,
                          const JiraProject* project, ErrorCollection& errors, bool v2 = false);

// Applies the changes; true when something changed (and `updated` moved).
bool apply_changes(JiraIssue& issue, const FieldChanges& changes, std::int64_t now_ms);

} // namespace issuebridge::sandbox
