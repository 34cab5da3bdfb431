#pragma once
// GitLab's state in the sandbox: projects by id and full path (with the redirects a move leaves
// behind), their issues and merge requests (two iid sequences), and the operations the admin API
// and the seed file use to change them.

#include "json.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace issuebridge::sandbox {

struct GlItem {
    std::int64_t id = 0;
    std::int64_t iid = 0;
    std::string title;
    std::optional<std::string> description;
    std::string state = "opened"; // opened | closed (issues); also merged | locked (merge requests)
    std::vector<std::string> labels;
    std::vector<std::string> assignees; // usernames
    std::string author = "root";
    std::optional<std::string> milestone;
    bool confidential = false;
    std::int64_t created_ms = 0;
    std::int64_t updated_ms = 0;
    std::optional<std::int64_t> closed_ms;
    std::optional<std::int64_t> merged_ms;
};

struct GlProject {
    std::int64_t id = 0;
    std::string path; // full path as created: "group/sub/project"
    bool archived = false;
    bool issues_enabled = true;
    bool merge_requests_enabled = true;
    std::map<std::int64_t, GlItem> issues; // by iid
    std::map<std::int64_t, GlItem> merge_requests;
    std::int64_t next_issue_iid = 1;
    std::int64_t next_mr_iid = 1;
};

struct GitLabData {
    std::vector<std::string> tokens{"sandbox-gitlab-token"};
    std::map<std::string, GlProject> projects; // by lower-cased full path
    std::map<std::string, std::string>
        redirects;                   // old lower-cased path -> current one (after a move)
    std::int64_t max_offset = 50000; // GitLab's default offset pagination limit; 0: none
    bool keyset_issues = true;       // GitLab 18.3+; false: 405 for pagination=keyset
    std::int64_t next_project_id = 278964;
    std::int64_t next_item_id = 17030603;
};

// The project by numeric id or full path (case-insensitive, following redirects), or nullptr.
GlProject* find_project(GitLabData& data, const std::string& id_or_path);
GlProject& ensure_project(GitLabData& data, const std::string& path);

// Creates an issue or merge request from the admin/seed JSON form ({title, description?, state?,
// labels?, assignees?, author?, milestone?, confidential?, iid?}). Returns the iid, or 0 and
// `error`.
std::int64_t create_item(GitLabData& data, GlProject& project, bool mr, const Json& spec,
                         std::int64_t now_ms, std::string& error);
// Applies an admin PATCH (the same fields) and bumps updated_at past its old value. Returns an
// error or "".
std::string patch_item(GlItem& item, bool mr, const Json& patch, std::int64_t now_ms);
// `count` deterministic items ({count, closed_fraction?, mr_fraction?, confidential_fraction?,
// seed?}): merge requests take iids of their own, so issue #n and merge request !n both exist.
std::string generate_items(GitLabData& data, GlProject& project, const Json& spec,
                           std::int64_t now_ms);
// Renames (moves) a project; the old path keeps answering, as GitLab's redirect routes do.
std::string move_project(GitLabData& data, const std::string& from, const std::string& to);

// GitLab's time format: 2019-01-10T17:12:03.123Z.
std::string gitlab_time(std::int64_t ms);
void write_item(util::JsonWriter& w, const GlProject& project, const GlItem& item, bool mr,
                const std::string& web);
void write_project(util::JsonWriter& w, const GlProject& project, const std::string& web);

} // namespace issuebridge::sandbox
