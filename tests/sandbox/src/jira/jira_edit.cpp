#include "jira_edit.hpp"

#include "adf.hpp"

#include "issuebridge/util/json_writer.hpp"

#include <algorithm>
#include <array>

namespace issuebridge::sandbox {

namespace {

constexpr std::array<std::string_view, 6> k_settable{"project",     "issuetype", "summary",
                                                     "description", "labels",    "assignee"};

std::string cannot_set(const std::string& field) {
    return "Field '" + field + "' cannot be set. It is not on the appropriate screen, or unknown.";
}

void read_summary(const Json& value, FieldChanges& out, ErrorCollection& errors) {
    if (!value.is_string()) {
        errors.add("summary", value.is_null() ? "You must specify a summary of the issue."
                                              : "Operation value must be a string");
    } else if (value.as_string().find_first_not_of(" \t") == std::string::npos) {
        errors.add("summary", "You must specify a summary of the issue.");
    } else if (value.as_string().find_first_of("\r\n") != std::string::npos) {
        errors.add("summary", "The summary is invalid because it contains newline characters.");
    } else if (value.as_string().size() > 255) {
        errors.add("summary", "Summary must be less than 255 characters.");
    } else {
        out.summary = value.as_string();
    }
}

void read_description(const Json& value, FieldChanges& out, ErrorCollection& errors) {
    if (value.is_null()) {
        out.description = std::optional<Json>();
        return;
    }
    if (out.v2) {
        // v2 text fields are strings, rendered as wiki markup; an ADF document is refused.
        if (!value.is_string()) {
            errors.add("description", "Operation value must be a string");
        } else {
            out.description = std::optional<Json>(value);
        }
        return;
    }
    switch (check_adf(value)) {
    case AdfCheck::ok:
        out.description = std::optional<Json>(value);
        break;
    case AdfCheck::not_a_document:
        errors.add(
            "description",
            "Operation value must be an Atlassian Document (see the Atlassian Document Format)");
        break;
    case AdfCheck::invalid:
        errors.messages.emplace_back("INVALID_INPUT");
        break;
    }
}

// A label as Jira accepts it, or "" after recording why not.
std::string check_label(const Json& value, ErrorCollection& errors) {
    if (!value.is_string()) {
        errors.add("labels", "Operation value must be a string");
        return {};
    }
    const std::string& label = value.as_string();
    if (label.empty()) {
        errors.add("labels", "Label cannot be empty.");
    } else if (label.find_first_of(" \t\r\n") != std::string::npos) {
        errors.add("labels", "The label '" + label + "' contains spaces which is invalid.");
    } else if (label.size() > 255) {
        errors.add("labels",
                   "The label '" + label +
                       "' exceeds the maximum length for a single label of 255 characters.");
    } else {
        return label;
    }
    return {};
}

std::optional<std::vector<std::string>> read_labels(const Json& value, ErrorCollection& errors) {
    if (!value.is_array()) {
        errors.add("labels", "data was not an array");
        return std::nullopt;
    }
    std::vector<std::string> labels;
    for (const auto& item : value.as_array()) {
        const std::string label = check_label(item, errors);
        if (!label.empty() && std::find(labels.begin(), labels.end(), label) == labels.end()) {
            labels.push_back(label);
        }
    }
    return labels;
}

void read_assignee(const JiraData& data, const Json& value, FieldChanges& out,
                   ErrorCollection& errors) {
    if (value.is_null()) {
        out.assignee = std::optional<std::string>();
        return;
    }
    bool bad = false;
    auto id = get_string(value, out.v2 ? "name" : "accountId", bad);
    if (!id) {
        id = get_string(value, "id", bad);
    }
    if (!value.is_object() || bad || !id) {
        errors.add("assignee", out.v2 ? "expected 'name' property to be a string"
                                      : "expected 'accountId' property to be a string");
    } else if (find_user(data, *id) == nullptr) {
        errors.add("assignee",
                   "Specified user does not exist or you do not have required permissions");
    } else {
        out.assignee = std::optional<std::string>(*id);
    }
}

// project and issuetype: {"key"|"id"} and {"name"|"id"}.
void read_project_and_type(JiraData& data, const Json* fields, EditMode mode,
                           const JiraProject*& project, FieldChanges& out,
                           ErrorCollection& errors) {
    bool bad = false;
    if (mode == EditMode::create) {
        const Json* p = fields != nullptr ? fields->get("project") : nullptr;
        if (p == nullptr || !p->is_object()) {
            errors.add("project", "Specify a valid project ID or key");
        } else {
            auto ref = get_string(*p, "key", bad);
            project = find_project(data, ref ? *ref : get_string(*p, "id", bad).value_or(""));
            if (project == nullptr) {
                errors.add("project", "valid project is required");
            } else {
                out.project = project->key;
            }
        }
    } else if (fields != nullptr && fields->get("project") != nullptr) {
        errors.add("project", cannot_set("project"));
    }
    const Json* t = fields != nullptr ? fields->get("issuetype") : nullptr;
    if (t == nullptr) {
        if (mode == EditMode::create) {
            errors.add("issuetype", "Specify an issue type");
        }
        return;
    }
    auto name = get_string(*t, "name", bad);
    if (!name) {
        name = issue_type_name(data, get_string(*t, "id", bad).value_or(""));
    }
    if (project == nullptr) {
        return; // already reported
    }
    const auto& types = project->issue_types;
    if (!name || std::find(types.begin(), types.end(), *name) == types.end()) {
        errors.add("issuetype", "Specify a valid issue type");
    } else {
        out.issue_type = *name;
    }
}

void read_fields(JiraData& data, const Json& fields, FieldChanges& out, ErrorCollection& errors) {
    for (const auto& [name, value] : fields.as_object()) {
        if (name == "summary") {
            read_summary(value, out, errors);
        } else if (name == "description") {
            read_description(value, out, errors);
        } else if (name == "labels") {
            if (auto labels = read_labels(value, errors)) {
                out.labels = std::move(labels);
            }
        } else if (name == "assignee") {
            read_assignee(data, value, out, errors);
        } else if (std::find(k_settable.begin(), k_settable.end(), name) == k_settable.end()) {
            errors.add(name, cannot_set(name));
        }
    }
}

// One `update` operation on labels: {"add": "x"}, {"remove": "x"} or {"set": [...]}.
void read_label_operation(const Json& op, FieldChanges& out, ErrorCollection& errors) {
    for (const auto& [verb, value] : op.as_object()) {
        if (verb == "set") {
            if (auto labels = read_labels(value, errors)) {
                out.labels = std::move(labels);
            }
        } else if (verb == "add" || verb == "remove") {
            const std::string label = check_label(value, errors);
            if (!label.empty()) {
                (verb == "add" ? out.labels_add : out.labels_remove).push_back(label);
            }
        } else {
            errors.add("labels", "Field 'labels' does not support operation '" + verb +
                                     "'. Supported operation(s) are: 'add,set,remove'");
        }
    }
}

void read_update(JiraData& data, const Json& update, FieldChanges& out, ErrorCollection& errors) {
    for (const auto& [name, ops] : update.as_object()) {
        if (!ops.is_array()) {
            errors.add(name, "data was not an array");
            continue;
        }
        for (const auto& op : ops.as_array()) {
            if (!op.is_object()) {
                errors.add(name, "Operation value must be an object");
            } else if (name == "labels") {
                read_label_operation(op, out, errors);
            } else if (name == "summary" || name == "description" || name == "assignee") {
                const Json* value = op.get("set");
                if (value == nullptr || op.as_object().size() != 1) {
                    errors.add(name,
                               "Field '" + name +
                                   "' does not support this operation. Supported operation(s) "
                                   "are: 'set'");
                    continue;
                }
                Json single(Json::Object{{name, *value}});
                read_fields(data, single, out, errors);
            } else {
                errors.add(name, cannot_set(name));
            }
        }
    }
}

} // namespace

void ErrorCollection::add(const std::string& field, std::string message) {
    for (const auto& [f, m] : errors) {
        if (f == field) {
            return;
        }
    }
    errors.emplace_back(field, std::move(message));
}

std::string ErrorCollection::to_json() const {
    util::JsonWriter w;
    w.begin_object().key("errorMessages").begin_array();
    for (const auto& m : messages) {
        w.value(m);
    }
    w.end_array().key("errors").begin_object();
    for (const auto& [field, message] : errors) {
        w.field(field, message);
    }
    w.end_object().end_object();
    return w.take();
}

FieldChanges read_changes(JiraData& data, const Json* fields, const Json* update, EditMode mode,
                          const JiraProject* project, ErrorCollection& errors, bool v2) {
    FieldChanges out;
    out.v2 = v2;
    if (fields != nullptr && !fields->is_null() && !fields->is_object()) {
        errors.messages.emplace_back(
            "Invalid request payload. Refer to the REST API documentation and try again.");
        return out;
    }
    if (update != nullptr && !update->is_null() && !update->is_object()) {
        errors.messages.emplace_back(
            "Invalid request payload. Refer to the REST API documentation and try again.");
        return out;
    }
    const Json* f = fields != nullptr && fields->is_object() ? fields : nullptr;
    read_project_and_type(data, f, mode, project, out, errors);
    if (f != nullptr) {
        read_fields(data, *f, out, errors);
    }
    if (update != nullptr && update->is_object()) {
        read_update(data, *update, out, errors);
    }
    if (mode == EditMode::create && !out.summary) {
        errors.add("summary", "You must specify a summary of the issue.");
    }
    return out;
}

bool apply_changes(JiraIssue& issue, const FieldChanges& changes, std::int64_t now_ms) {
    const JiraIssue before = issue;
    if (changes.issue_type) {
        issue.issue_type = *changes.issue_type;
    }
    if (changes.summary) {
        issue.summary = *changes.summary;
    }
    if (changes.description) {
        issue.description = *changes.description;
    }
    if (changes.labels) {
        issue.labels = *changes.labels;
    }
    for (const auto& label : changes.labels_add) {
        if (std::find(issue.labels.begin(), issue.labels.end(), label) == issue.labels.end()) {
            issue.labels.push_back(label);
        }
    }
    for (const auto& label : changes.labels_remove) {
        issue.labels.erase(std::remove(issue.labels.begin(), issue.labels.end(), label),
                           issue.labels.end());
    }
    // Jira keeps labels as a sorted set.
    std::sort(issue.labels.begin(), issue.labels.end());
    if (changes.assignee) {
        issue.assignee = *changes.assignee;
    }
    const bool changed =
        issue.issue_type != before.issue_type || issue.summary != before.summary ||
        issue.labels != before.labels || issue.assignee != before.assignee ||
        issue.description.has_value() != before.description.has_value() ||
        (issue.description && issue.description->dump() != before.description->dump());
    if (changed) {
        issue.updated_ms = std::max(now_ms, issue.updated_ms);
    }
    return changed;
}

} // namespace issuebridge::sandbox
