#pragma once
// GitHub's state in the sandbox: repositories with their issues and pull requests (which GitHub's
// issues API lists together), labels and milestones; and the operations the admin API and the seed
// file use to change it.

#include "json.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace issuebridge::sandbox {

struct GhLabel {
    std::int64_t id = 0;
    std::string name;
    std::string color;
    std::optional<std::string> description;
    bool is_default = false;
};

struct GhMilestone {
    std::int64_t id = 0;
    int number = 0;
    std::string title;
    std::optional<std::string> description;
    bool open = true;
    std::int64_t created_s = 0;
};

struct GhIssue {
    std::int64_t id = 0;
    int number = 0;
    std::string title;
    std::optional<std::string> body;
    bool open = true;
    std::optional<std::string> state_reason; // completed | not_planned | reopened | duplicate
    std::vector<std::string> labels;         // names, in the repository's label registry
    std::vector<std::string> assignees;      // logins
    std::string user = "octocat";
    std::optional<int> milestone; // number
    bool locked = false;
    int comments = 0;
    std::string author_association = "NONE";
    std::int64_t created_s = 0;
    std::int64_t updated_s = 0;
    std::optional<std::int64_t> closed_s;
    std::optional<std::string> closed_by;
    bool is_pull = false;
    bool draft = false;
    std::optional<std::int64_t> merged_s;
    bool broken_title =
        false; // admin "break": the title is served as a number, unlike GitHub, for error paths
};

struct GhRepo {
    std::int64_t id = 0;
    std::string owner;
    std::string name;
    std::map<int, GhIssue> issues; // by number
    std::map<std::string, GhLabel> labels;
    std::vector<GhMilestone> milestones;
    int next_number = 1;
    std::int64_t created_s = 0; // when the sandbox created it; its issues may be older
    // What the token may do there (github_write.cpp; PUT
    // /_sandbox/github/repos/{owner}/{repo}/access).
    bool push = false;
    bool has_issues = true;
    bool archived = false; // PUT /_sandbox/github/repos/{owner}/{repo} {"archived": true}
    bool fork = false;
    std::int64_t labels_created = 0; // by POST .../labels
};

// GitHub's secondary limit on content creation, off until the admin API sets it (github_write.cpp).
struct ContentLimit {
    std::int64_t per_minute = 0;      // writes in any 60 s; 0: no limit
    std::int64_t min_interval_ms = 0; // least time between two writes; 0: none
    std::vector<std::int64_t> writes_ms;
    std::int64_t refused = 0;
};

struct GitHubData {
    std::vector<std::string> tokens{"sandbox-github-token"};
    std::map<std::string, GhRepo>
        repos; // by lower-cased "owner/name": GitHub names are case-insensitive
    std::map<std::string, std::int64_t>
        user_ids; // ids given in the seed; others are derived from the login
    // Owners (lower-cased) that are users, not organisations: GET /orgs/{owner}/repos answers 404
    // for them (PUT /_sandbox/github/users/{login}). Every other owner of a repository is an
    // organisation.
    std::set<std::string> users;
    std::int64_t next_repo_id = 700000001;
    std::int64_t next_issue_id = 2000000001;
    std::int64_t next_label_id = 5000000001;
    std::int64_t next_milestone_id = 9000001;
    ContentLimit content_limit;
};

std::string repo_key(std::string_view owner, std::string_view name);
GhRepo* find_repo(GitHubData& data, std::string_view owner, std::string_view name);
GhRepo* find_repo_by_id(GitHubData& data, std::int64_t id);
// Finds or creates the repository (created at `now_s`).
GhRepo& ensure_repo(GitHubData& data, std::string_view owner, std::string_view name,
                    std::int64_t now_s);
std::int64_t user_id(const GitHubData& data, const std::string& login);

// The number of the repository's milestone titled as `spec` says (a title, or an object with
// "title" and optionally "state" and "description"), created at `now_s` when it has none; nullopt
// for null, or with `error` set when `spec` is neither.
std::optional<int> register_milestone(GitHubData& data, GhRepo& repo, const Json& spec,
                                      std::int64_t now_s, std::string& error);

// Creates an issue (or pull request) from the admin/seed JSON form described in README.md. Missing
// number: the next free one; missing timestamps: `now_s`. Returns the number, or an error message.
struct CreateResult {
    int number = 0;
    std::string error;
};
CreateResult create_issue(GitHubData& data, GhRepo& repo, const Json& spec, std::int64_t now_s);

// Applies an admin PATCH ({title?, body?, state?, state_reason?, labels?, assignees?, merged?,
// break?, ...}) and bumps updated_at to now (never backwards). Returns an error message or "".
std::string patch_issue(GitHubData& data, GhRepo& repo, GhIssue& issue, const Json& patch,
                        std::int64_t now_s);

// Adds `spec.count` deterministic issues (see README.md, "generate"). Returns the numbers or an
// error.
struct GenerateResult {
    std::vector<int> numbers;
    std::string error;
};
GenerateResult generate_issues(GitHubData& data, GhRepo& repo, const Json& spec,
                               std::int64_t now_s);

} // namespace issuebridge::sandbox
