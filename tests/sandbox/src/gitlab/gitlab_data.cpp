// GitLab's data in the sandbox and its JSON, with the fields GitLab's own response schemas require
// (spec/fixtures/api/schemas/public_api/v4/{issue,merge_request,user/basic,milestone}.json).

#include "gitlab_data.hpp"

#include "clock.hpp"
#include "hash.hpp"

#include "issuebridge/util/strings.hpp"

#include <algorithm>

namespace issuebridge::sandbox {

namespace {

std::int64_t user_id(const std::string& username) {
    return static_cast<std::int64_t>(fnv1a64(username) % 9000000) + 1000000;
}

void write_user(util::JsonWriter& w, const std::string& username, const std::string& web) {
    w.begin_object()
        .field("id", user_id(username))
        .field("username", username)
        .field("name", username)
        .field("state", "active")
        .field("avatar_url", "https://secure.gravatar.com/avatar/" + digest_hex(username))
        .field("web_url", web + "/" + username)
        .end_object();
}

void write_time_or_null(util::JsonWriter& w, const char* key,
                        const std::optional<std::int64_t>& ms) {
    w.key(key);
    if (ms) {
        w.value(gitlab_time(*ms));
    } else {
        w.null();
    }
}

std::string read_fields(GlItem& item, bool mr, const Json& spec, std::int64_t now_ms) {
    if (!spec.is_object()) {
        return "expected an object";
    }
    bool bad = false;
    if (auto title = get_string(spec, "title", bad)) {
        item.title = *title;
    }
    if (spec.get("description") != nullptr) {
        item.description = get_string(spec, "description", bad);
    }
    if (auto labels = get_strings(spec, "labels", bad)) {
        item.labels = *labels;
    }
    if (auto assignees = get_strings(spec, "assignees", bad)) {
        item.assignees = *assignees;
    }
    if (auto author = get_string(spec, "author", bad)) {
        item.author = *author;
    }
    if (spec.get("milestone") != nullptr) {
        item.milestone = get_string(spec, "milestone", bad);
    }
    if (auto confidential = get_bool(spec, "confidential", bad)) {
        item.confidential = *confidential;
    }
    auto state = get_string(spec, "state", bad);
    if (bad) {
        return "title, description, author, milestone and state are strings, labels and assignees "
               "arrays of strings, confidential a boolean";
    }
    if (state) {
        // "open" is accepted for the pair scenarios' sake (GitHub's word); GitLab's is "opened".
        const std::string s = *state == "open" ? "opened" : *state;
        if (s != "opened" && s != "closed" && !(mr && (s == "merged" || s == "locked"))) {
            return "state must be opened or closed" + std::string(mr ? ", merged or locked" : "");
        }
        if (s != item.state) {
            item.closed_ms = s == "closed" || s == "merged" ? std::optional(now_ms) : std::nullopt;
            item.merged_ms = s == "merged" ? std::optional(now_ms) : std::nullopt;
        }
        item.state = s;
    }
    return "";
}

} // namespace

std::string gitlab_time(std::int64_t ms) {
    std::string t = format_jira_time(ms); // 2024-01-02T03:04:05.678+0000
    return t.substr(0, t.size() - 5) + "Z";
}

GlProject* find_project(GitLabData& data, const std::string& id_or_path) {
    if (!id_or_path.empty() && id_or_path.size() < 16 &&
        id_or_path.find_first_not_of("0123456789") == std::string::npos) {
        const std::int64_t id = std::stoll(id_or_path);
        for (auto& [key, project] : data.projects) {
            if (project.id == id) {
                return &project;
            }
        }
        return nullptr;
    }
    std::string key = util::to_lower(id_or_path);
    if (const auto moved = data.redirects.find(key); moved != data.redirects.end()) {
        key = moved->second;
    }
    const auto it = data.projects.find(key);
    return it == data.projects.end() ? nullptr : &it->second;
}

GlProject& ensure_project(GitLabData& data, const std::string& path) {
    if (GlProject* found = find_project(data, path)) {
        return *found;
    }
    GlProject& project = data.projects[util::to_lower(path)];
    project.id = data.next_project_id++;
    project.path = path;
    return project;
}

std::int64_t create_item(GitLabData& data, GlProject& project, bool mr, const Json& spec,
                         std::int64_t now_ms, std::string& error) {
    GlItem item;
    bool bad = false;
    auto& items = mr ? project.merge_requests : project.issues;
    std::int64_t& next = mr ? project.next_mr_iid : project.next_issue_iid;
    item.iid = spec.is_object() ? get_int(spec, "iid", bad).value_or(next) : next;
    if (bad || item.iid < 1 || items.count(item.iid) != 0) {
        error = "iid must be a positive integer not yet taken";
        return 0;
    }
    item.title = (mr ? "Merge request " : "Issue ") + std::to_string(item.iid);
    item.created_ms = now_ms;
    item.updated_ms = now_ms;
    error = read_fields(item, mr, spec, now_ms);
    if (!error.empty()) {
        return 0;
    }
    item.id = data.next_item_id++;
    next = std::max(next, item.iid + 1);
    const std::int64_t iid = item.iid;
    items[iid] = std::move(item);
    return iid;
}

std::string patch_item(GlItem& item, bool mr, const Json& patch, std::int64_t now_ms) {
    GlItem changed = item;
    if (std::string error = read_fields(changed, mr, patch, now_ms); !error.empty()) {
        return error;
    }
    changed.updated_ms = std::max(now_ms, item.updated_ms + 1);
    item = std::move(changed);
    return "";
}

std::string generate_items(GitLabData& data, GlProject& project, const Json& spec,
                           std::int64_t now_ms) {
    if (!spec.is_object()) {
        return "generate: expected an object";
    }
    bool bad = false;
    const std::int64_t count = get_int(spec, "count", bad).value_or(0);
    const double closed = get_number(spec, "closed_fraction", bad).value_or(0.25);
    const double mrs = get_number(spec, "mr_fraction", bad).value_or(0.2);
    const double confidential = get_number(spec, "confidential_fraction", bad).value_or(0);
    const auto seed = static_cast<std::uint64_t>(get_int(spec, "seed", bad).value_or(1));
    if (bad || count < 1 || count > 200000) {
        return "generate: count must be an integer between 1 and 200000, the fractions numbers";
    }
    Rng rng(seed);
    const std::int64_t start = now_ms - count * 1000; // one a second, oldest first
    for (std::int64_t i = 0; i < count; ++i) {
        const bool mr = rng.unit() < mrs;
        auto& items = mr ? project.merge_requests : project.issues;
        std::int64_t& next = mr ? project.next_mr_iid : project.next_issue_iid;
        GlItem item;
        item.id = data.next_item_id++;
        item.iid = next++;
        item.title = std::string(mr ? "Change " : "Problem ") + std::to_string(item.iid) + " of " +
                     project.path;
        item.description = "Generated item " + std::to_string(i) + ", see #1 and ~bug.";
        item.labels = {rng.unit() < 0.5 ? "bug" : "type::feature"};
        item.author = rng.unit() < 0.5 ? "root" : "alice";
        item.created_ms = start + i * 1000;
        item.updated_ms = item.created_ms;
        if (rng.unit() < closed) {
            item.state = mr && rng.unit() < 0.5 ? "merged" : "closed";
            item.closed_ms = item.updated_ms;
            item.merged_ms = item.state == "merged" ? item.closed_ms : std::nullopt;
        }
        item.confidential = !mr && rng.unit() < confidential;
        items[item.iid] = std::move(item);
    }
    return "";
}

std::string move_project(GitLabData& data, const std::string& from, const std::string& to) {
    GlProject* project = find_project(data, from);
    if (project == nullptr) {
        return "no project " + from;
    }
    if (find_project(data, to) != nullptr) {
        return "project " + to + " exists";
    }
    const std::string old_key = util::to_lower(project->path);
    GlProject moved = std::move(*project);
    data.projects.erase(old_key);
    moved.path = to;
    const std::string new_key = util::to_lower(to);
    data.projects[new_key] = std::move(moved);
    for (auto& [old, current] : data.redirects) {
        if (current == old_key) {
            current = new_key;
        }
    }
    data.redirects[old_key] = new_key;
    return "";
}

void write_item(util::JsonWriter& w, const GlProject& project, const GlItem& item, bool mr,
                const std::string& web) {
    const std::string url = web + "/" + project.path + (mr ? "/-/merge_requests/" : "/-/issues/") +
                            std::to_string(item.iid);
    w.begin_object()
        .field("id", item.id)
        .field("iid", item.iid)
        .field("project_id", project.id)
        .field("title", item.title);
    w.key("description");
    if (item.description) {
        w.value(*item.description);
    } else {
        w.null();
    }
    w.field("state", item.state);
    w.field("created_at", gitlab_time(item.created_ms))
        .field("updated_at", gitlab_time(item.updated_ms));
    write_time_or_null(w, "closed_at", item.closed_ms);
    w.key("closed_by");
    if (item.closed_ms) {
        write_user(w, "root", web);
    } else {
        w.null();
    }
    w.key("labels").begin_array();
    for (const auto& l : item.labels) {
        w.value(l);
    }
    w.end_array();
    w.key("milestone");
    if (item.milestone) {
        w.begin_object()
            .field("id", static_cast<std::int64_t>(fnv1a64(*item.milestone) % 100000))
            .field("iid", 1)
            .field("project_id", project.id)
            .field("title", *item.milestone)
            .field("description", "")
            .field("state", "active")
            .field("created_at", gitlab_time(item.created_ms))
            .field("updated_at", gitlab_time(item.created_ms));
        w.key("start_date").null().key("due_date").null();
        w.end_object();
    } else {
        w.null();
    }
    w.key("assignees").begin_array();
    for (const auto& a : item.assignees) {
        write_user(w, a, web);
    }
    w.end_array().key("assignee");
    if (item.assignees.empty()) {
        w.null();
    } else {
        write_user(w, item.assignees.front(), web);
    }
    w.key("author");
    write_user(w, item.author, web);
    w.field("user_notes_count", 0).field("upvotes", 0).field("downvotes", 0);
    if (mr) {
        write_time_or_null(w, "merged_at", item.merged_ms);
        w.field("target_branch", "main")
            .field("source_branch", "feature-" + std::to_string(item.iid))
            .field("source_project_id", project.id)
            .field("target_project_id", project.id)
            .field("work_in_progress", false)
            .field("draft", false)
            .field("merge_when_pipeline_succeeds", false)
            .field("merge_status", "can_be_merged")
            .field("sha", digest_hex(std::to_string(item.id)).substr(0, 32) + "00000000");
        w.key("merge_commit_sha").null();
        w.field("should_remove_source_branch", false).field("force_remove_source_branch", false);
        w.field("squash", false).field("discussion_locked", item.state == "locked");
    } else {
        w.key("due_date").null();
        w.field("confidential", item.confidential).field("discussion_locked", false);
    }
    w.field("web_url", url);
    w.end_object();
}

void write_project(util::JsonWriter& w, const GlProject& project, const std::string& web) {
    const auto slash = project.path.rfind('/');
    w.begin_object()
        .field("id", project.id)
        .field("name", project.path.substr(slash + 1))
        .field("path", project.path.substr(slash + 1))
        .field("path_with_namespace", project.path)
        .field("web_url", web + "/" + project.path)
        .field("visibility", "private")
        .field("archived", project.archived)
        .field("issues_enabled", project.issues_enabled)
        .field("merge_requests_enabled", project.merge_requests_enabled)
        .end_object();
}

} // namespace issuebridge::sandbox
