#include "github_data.hpp"

#include "clock.hpp"
#include "hash.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

namespace issuebridge::sandbox {

namespace {

struct DefaultLabel {
    std::string_view name;
    std::string_view color;
    std::string_view description;
};

// GitHub's default labels for new repositories.
constexpr std::array<DefaultLabel, 9> k_default_labels{{
    {"bug", "d73a4a", "Something isn't working"},
    {"documentation", "0075ca", "Improvements or additions to documentation"},
    {"duplicate", "cfd3d7", "This issue or pull request already exists"},
    {"enhancement", "a2eeef", "New feature or request"},
    {"good first issue", "7057ff", "Good for newcomers"},
    {"help wanted", "008672", "Extra attention is needed"},
    {"invalid", "e4e669", "This doesn't seem right"},
    {"question", "d876e3", "Further information is requested"},
    {"wontfix", "ffffff", "This will not be worked on"},
}};

constexpr std::array<std::string_view, 4> k_state_reasons{"completed", "not_planned", "reopened",
                                                          "duplicate"};
constexpr std::array<std::string_view, 8> k_associations{
    "COLLABORATOR", "CONTRIBUTOR", "FIRST_TIMER", "FIRST_TIME_CONTRIBUTOR",
    "MANNEQUIN",    "MEMBER",      "NONE",        "OWNER"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& values, std::string_view v) {
    return std::find(values.begin(), values.end(), v) != values.end();
}

// Registers the label in the repository (GitHub creates unknown labels on first use) and returns
// its name.
std::string register_label(GitHubData& data, GhRepo& repo, const Json& item, std::string& error) {
    bool bad = false;
    std::string name;
    std::optional<std::string> color;
    std::optional<std::string> description;
    if (item.is_string()) {
        name = item.as_string();
    } else if (item.is_object()) {
        name = get_string(item, "name", bad).value_or("");
        color = get_string(item, "color", bad);
        description = get_string(item, "description", bad);
    }
    if (bad || name.empty()) {
        error = "labels: each label is a name or an object with a string 'name'";
        return {};
    }
    auto it = repo.labels.find(name);
    if (it == repo.labels.end()) {
        GhLabel label{data.next_label_id++, name, "", std::nullopt, false};
        for (const auto& d : k_default_labels) {
            if (d.name == name) {
                label.color = d.color;
                label.description = std::string(d.description);
                label.is_default = true;
            }
        }
        if (label.color.empty()) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "%06llx",
                          static_cast<unsigned long long>(fnv1a64(name) & 0xffffff));
            label.color = buf;
        }
        it = repo.labels.emplace(name, std::move(label)).first;
    }
    if (color) {
        it->second.color = *color;
    }
    if (description) {
        it->second.description = description;
    }
    return name;
}

std::optional<std::int64_t> get_time(const Json& spec, std::string_view key, std::string& error) {
    bool bad = false;
    const auto text = get_string(spec, key, bad);
    if (bad) {
        error = std::string(key) + ": expected an ISO 8601 string";
        return std::nullopt;
    }
    if (!text) {
        return std::nullopt;
    }
    const auto ms = parse_iso8601_ms(*text);
    if (!ms) {
        error = std::string(key) + ": '" + *text + "' is not an ISO 8601 date-time";
        return std::nullopt;
    }
    return floor_div(*ms, 1000);
}

// Fields an admin may set both at creation and in a PATCH.
std::string apply_common(GitHubData& data, GhRepo& repo, GhIssue& issue, const Json& spec,
                         std::int64_t now_s) {
    bool bad = false;
    std::string error;
    if (auto title = get_string(spec, "title", bad)) {
        issue.title = *title;
    }
    if (const Json* body = spec.get("body")) {
        if (!body->is_null() && !body->is_string()) {
            return "body: expected a string or null";
        }
        issue.body = body->is_null() ? std::nullopt : std::optional(body->as_string());
    }
    if (const Json* labels = spec.get("labels")) {
        if (!labels->is_array()) {
            return "labels: expected an array";
        }
        issue.labels.clear();
        for (const auto& item : labels->as_array()) {
            const std::string name = register_label(data, repo, item, error);
            if (!error.empty()) {
                return error;
            }
            if (std::find(issue.labels.begin(), issue.labels.end(), name) == issue.labels.end()) {
                issue.labels.push_back(name);
            }
        }
    }
    if (auto assignees = get_strings(spec, "assignees", bad)) {
        issue.assignees = *assignees;
    }
    if (auto assignee = get_string(spec, "assignee", bad)) {
        issue.assignees.erase(
            std::remove(issue.assignees.begin(), issue.assignees.end(), *assignee),
            issue.assignees.end());
        issue.assignees.insert(issue.assignees.begin(), *assignee);
    }
    if (const Json* milestone = spec.get("milestone")) {
        issue.milestone = register_milestone(data, repo, *milestone, now_s, error);
        if (!error.empty()) {
            return error;
        }
    }
    if (auto locked = get_bool(spec, "locked", bad)) {
        issue.locked = *locked;
    }
    if (auto comments = get_int(spec, "comments", bad)) {
        issue.comments = static_cast<int>(std::max<std::int64_t>(0, *comments));
    }
    if (auto draft = get_bool(spec, "draft", bad)) {
        issue.draft = *draft;
    }
    if (auto association = get_string(spec, "author_association", bad)) {
        if (!one_of(k_associations, *association)) {
            return "author_association: '" + *association + "' is not one of GitHub's values";
        }
        issue.author_association = *association;
    }
    if (auto reason = get_string(spec, "state_reason", bad)) {
        if (!one_of(k_state_reasons, *reason)) {
            return "state_reason: expected completed, not_planned, reopened or duplicate";
        }
        issue.state_reason = *reason;
    }
    return bad ? "a field has the wrong type (see README.md for the issue fields)" : "";
}

std::string apply_user(GitHubData& data, GhIssue& issue, const Json& spec) {
    const Json* user = spec.get("user");
    if (user == nullptr) {
        return "";
    }
    bool bad = false;
    if (user->is_string()) {
        issue.user = user->as_string();
    } else if (auto login = get_string(*user, "login", bad)) {
        issue.user = *login;
        if (auto id = get_int(*user, "id", bad)) {
            data.user_ids[*login] = *id;
        }
    } else {
        bad = true;
    }
    return bad || issue.user.empty()
               ? "user: a login or an object with 'login' (and optionally 'id')"
               : "";
}

// number, timestamps, state and the pull-request part, which only creation sets this way.
std::string apply_creation(GhRepo& repo, GhIssue& issue, const Json& spec, std::int64_t now_s) {
    bool bad = false;
    std::string error;
    const auto number = get_int(spec, "number", bad);
    if (number &&
        (*number < 1 || *number > 100000000 || repo.issues.count(static_cast<int>(*number)) > 0)) {
        return "number: " + std::to_string(*number) + " is taken or out of range";
    }
    issue.number = number ? static_cast<int>(*number) : repo.next_number;
    const auto state = get_string(spec, "state", bad).value_or("open");
    if (state != "open" && state != "closed") {
        return "state: expected open or closed";
    }
    issue.open = state == "open";
    if (const Json* pr = spec.get("pull_request"); pr != nullptr && !pr->is_null()) {
        issue.is_pull = pr->is_object() || (pr->is_bool() && pr->as_bool());
        if (pr->is_object()) {
            issue.merged_s = get_time(*pr, "merged_at", error);
        }
    }
    issue.created_s = get_time(spec, "created_at", error).value_or(now_s);
    issue.updated_s =
        get_time(spec, "updated_at", error).value_or(std::max(issue.created_s, now_s));
    issue.closed_s = get_time(spec, "closed_at", error);
    if (!error.empty() || bad) {
        return error.empty() ? "number and state have the wrong type" : error;
    }
    if (!issue.open && !issue.closed_s) {
        issue.closed_s = issue.merged_s.value_or(issue.updated_s);
    }
    if (issue.open) {
        issue.closed_s.reset();
        issue.merged_s.reset();
    } else if (!issue.state_reason && !issue.is_pull) {
        issue.state_reason = "completed";
    }
    if (issue.updated_s < issue.created_s) {
        return "updated_at is before created_at";
    }
    return "";
}

} // namespace

std::optional<int> register_milestone(GitHubData& data, GhRepo& repo, const Json& spec,
                                      std::int64_t now_s, std::string& error) {
    if (spec.is_null()) {
        return std::nullopt;
    }
    bool bad = false;
    const std::optional<std::string> title =
        spec.is_string() ? std::optional(spec.as_string()) : get_string(spec, "title", bad);
    if (bad || !title || title->empty()) {
        error = "milestone: a title or an object with a string 'title'";
        return std::nullopt;
    }
    for (const auto& m : repo.milestones) {
        if (m.title == *title) {
            return m.number;
        }
    }
    GhMilestone m{data.next_milestone_id++,
                  static_cast<int>(repo.milestones.size()) + 1,
                  *title,
                  std::nullopt,
                  true,
                  now_s};
    if (spec.is_object()) {
        m.description = get_string(spec, "description", bad);
        m.open = get_string(spec, "state", bad).value_or("open") != "closed";
    }
    repo.milestones.push_back(m);
    return m.number;
}

std::string repo_key(std::string_view owner, std::string_view name) {
    std::string key = std::string(owner) + "/" + std::string(name);
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return key;
}

GhRepo* find_repo(GitHubData& data, std::string_view owner, std::string_view name) {
    const auto it = data.repos.find(repo_key(owner, name));
    return it == data.repos.end() ? nullptr : &it->second;
}

GhRepo* find_repo_by_id(GitHubData& data, std::int64_t id) {
    for (auto& [key, repo] : data.repos) {
        if (repo.id == id) {
            return &repo;
        }
    }
    return nullptr;
}

GhRepo& ensure_repo(GitHubData& data, std::string_view owner, std::string_view name,
                    std::int64_t now_s) {
    auto [it, inserted] = data.repos.try_emplace(repo_key(owner, name));
    if (inserted) {
        it->second.id = data.next_repo_id++;
        it->second.owner = owner;
        it->second.name = name;
        it->second.created_s = now_s;
    }
    return it->second;
}

std::int64_t user_id(const GitHubData& data, const std::string& login) {
    const auto it = data.user_ids.find(login);
    if (it != data.user_ids.end()) {
        return it->second;
    }
    return static_cast<std::int64_t>(fnv1a64(login) % 90000000) + 1000000;
}

CreateResult create_issue(GitHubData& data, GhRepo& repo, const Json& spec, std::int64_t now_s) {
    if (!spec.is_object()) {
        return {0, "an issue is a JSON object"};
    }
    bool bad = false;
    if (get_string(spec, "title", bad).value_or("").empty()) {
        return {0, "title: required, a non-empty string"};
    }
    GhIssue issue;
    issue.user = repo.owner;
    issue.author_association = "OWNER";
    std::string error = apply_creation(repo, issue, spec, now_s);
    if (error.empty()) {
        error = apply_user(data, issue, spec);
    }
    if (error.empty() && issue.user != repo.owner && spec.get("author_association") == nullptr) {
        issue.author_association = "CONTRIBUTOR";
    }
    if (error.empty()) {
        error = apply_common(data, repo, issue, spec, issue.created_s);
    }
    if (!error.empty()) {
        return {0, error};
    }
    issue.id = data.next_issue_id++;
    if (!issue.open && !issue.is_pull && spec.get("closed_by") == nullptr) {
        issue.closed_by = issue.assignees.empty() ? repo.owner : issue.assignees.front();
    } else if (auto closed_by = get_string(spec, "closed_by", bad)) {
        issue.closed_by = closed_by;
    }
    const int number = issue.number;
    repo.issues.emplace(number, std::move(issue));
    repo.next_number = std::max(repo.next_number, number + 1);
    return {number, ""};
}

std::string patch_issue(GitHubData& data, GhRepo& repo, GhIssue& issue, const Json& patch,
                        std::int64_t now_s) {
    if (!patch.is_object()) {
        return "the patch is a JSON object";
    }
    GhIssue changed = issue;
    bool bad = false;
    const auto state = get_string(patch, "state", bad);
    const auto merged = get_bool(patch, "merged", bad);
    if (bad || (state && *state != "open" && *state != "closed")) {
        return "state: expected open or closed; merged: expected a boolean";
    }
    if (merged && *merged && !issue.is_pull) {
        return "merged: #" + std::to_string(issue.number) + " is an issue, not a pull request";
    }
    if (state && *state == "closed" && changed.open) {
        changed.open = false;
        changed.closed_s = now_s;
        changed.closed_by = repo.owner;
        changed.state_reason =
            issue.is_pull ? std::nullopt : std::optional<std::string>("completed");
    } else if (state && *state == "open" && !changed.open) {
        changed.open = true;
        changed.closed_s.reset();
        changed.closed_by.reset();
        changed.merged_s.reset();
        changed.state_reason =
            issue.is_pull ? std::nullopt : std::optional<std::string>("reopened");
    }
    if (merged && *merged && !changed.merged_s) {
        changed.open = false;
        changed.merged_s = now_s;
        changed.closed_s = now_s;
    }
    if (std::string error = apply_common(data, repo, changed, patch, now_s); !error.empty()) {
        return error;
    }
    if (const Json* broken = patch.get("break")) {
        if (!broken->is_null() && !(broken->is_string() && broken->as_string() == "title")) {
            return "break: expected \"title\" or null";
        }
        changed.broken_title = !broken->is_null();
    }
    if (!(patch.as_object().size() == 1 && patch.get("break"))) {
        // Breaking alone is a fault in how the issue is served, not an edit of it.
        changed.updated_s = std::max(now_s, issue.updated_s);
    }
    issue = std::move(changed);
    return "";
}

} // namespace issuebridge::sandbox
