#include "github_json.hpp"

#include "clock.hpp"
#include "hash.hpp"

#include "issuebridge/util/strings.hpp"

#include <algorithm>
#include <initializer_list>
#include <utility>

namespace issuebridge::sandbox {

namespace {

void write_time_or_null(util::JsonWriter& w, std::string_view key,
                        const std::optional<std::int64_t>& s) {
    w.key(key);
    if (s) {
        w.value(format_github_time(*s));
    } else {
        w.null();
    }
}

void write_string_or_null(util::JsonWriter& w, std::string_view key,
                          const std::optional<std::string>& s) {
    w.key(key);
    if (s) {
        w.value(*s);
    } else {
        w.null();
    }
}

bool is_bot(std::string_view login) {
    return login.size() > 5 && login.substr(login.size() - 5) == "[bot]";
}

void write_user(util::JsonWriter& w, const GitHubData& data, const std::string& login,
                const GhUrls& urls) {
    const std::int64_t id = user_id(data, login);
    const std::string url = urls.api + "/users/" + util::url_encode(login);
    const std::string html = is_bot(login)
                                 ? urls.html + "/apps/" + login.substr(0, login.size() - 5)
                                 : urls.html + "/" + login;
    w.begin_object()
        .field("login", login)
        .field("id", id)
        .field("node_id",
               base64_encode((is_bot(login) ? "04:Bot" : "04:User") + std::to_string(id)))
        .field("avatar_url",
               "https://avatars.githubusercontent.com/u/" + std::to_string(id) + "?v=4")
        .field("gravatar_id", "")
        .field("url", url)
        .field("html_url", html)
        .field("followers_url", url + "/followers")
        .field("following_url", url + "/following{/other_user}")
        .field("gists_url", url + "/gists{/gist_id}")
        .field("starred_url", url + "/starred{/owner}{/repo}")
        .field("subscriptions_url", url + "/subscriptions")
        .field("organizations_url", url + "/orgs")
        .field("repos_url", url + "/repos")
        .field("events_url", url + "/events{/privacy}")
        .field("received_events_url", url + "/received_events")
        .field("type", is_bot(login) ? "Bot" : "User")
        .field("user_view_type", "public")
        .field("site_admin", false)
        .end_object();
}

void write_user_or_null(util::JsonWriter& w, std::string_view key, const GitHubData& data,
                        const std::optional<std::string>& login, const GhUrls& urls) {
    w.key(key);
    if (login) {
        write_user(w, data, *login, urls);
    } else {
        w.null();
    }
}

void write_label(util::JsonWriter& w, const GhLabel& label, const std::string& repo_url) {
    w.begin_object()
        .field("id", label.id)
        .field("node_id", base64_encode("010:Label" + std::to_string(label.id)))
        .field("url", repo_url + "/labels/" + util::url_encode(label.name))
        .field("name", label.name)
        .field("color", label.color);
    write_string_or_null(w, "description", label.description);
    w.field("default", label.is_default).end_object();
}

void write_pull_request(util::JsonWriter& w, const GhIssue& issue, const std::string& repo_url,
                        const std::string& html) {
    w.key("pull_request")
        .begin_object()
        .field("url", repo_url + "/pulls/" + std::to_string(issue.number))
        .field("html_url", html)
        .field("diff_url", html + ".diff")
        .field("patch_url", html + ".patch");
    write_time_or_null(w, "merged_at", issue.merged_s);
    w.end_object();
}

void write_reactions(util::JsonWriter& w, const std::string& issue_url) {
    w.key("reactions")
        .begin_object()
        .field("url", issue_url + "/reactions")
        .field("total_count", 0);
    for (const char* name :
         {"+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes"}) {
        w.field(name, 0);
    }
    w.end_object();
}

} // namespace

void write_milestone(util::JsonWriter& w, const GitHubData& data, const GhRepo& repo,
                     const GhMilestone& m, const GhUrls& urls, const std::string& repo_url) {
    int open = 0;
    int closed = 0;
    for (const auto& [number, issue] : repo.issues) {
        if (issue.milestone == m.number) {
            (issue.open ? open : closed) += 1;
        }
    }
    const std::string url = repo_url + "/milestones/" + std::to_string(m.number);
    w.begin_object()
        .field("url", url)
        .field("html_url", urls.html + "/" + repo.owner + "/" + repo.name + "/milestone/" +
                               std::to_string(m.number))
        .field("labels_url", url + "/labels")
        .field("id", m.id)
        .field("node_id", base64_encode("09:Milestone" + std::to_string(m.id)))
        .field("number", m.number)
        .field("state", m.open ? "open" : "closed")
        .field("title", m.title);
    write_string_or_null(w, "description", m.description);
    w.key("creator");
    write_user(w, data, repo.owner, urls);
    w.field("open_issues", open)
        .field("closed_issues", closed)
        .field("created_at", format_github_time(m.created_s))
        .field("updated_at", format_github_time(m.created_s))
        .key("closed_at")
        .null()
        .key("due_on")
        .null()
        .end_object();
}

void write_issue(util::JsonWriter& w, const GitHubData& data, const GhRepo& repo,
                 const GhIssue& issue, const GhUrls& urls) {
    const std::string repo_url = urls.api + "/repos/" + repo.owner + "/" + repo.name;
    const std::string url = repo_url + "/issues/" + std::to_string(issue.number);
    const std::string html = urls.html + "/" + repo.owner + "/" + repo.name +
                             (issue.is_pull ? "/pull/" : "/issues/") + std::to_string(issue.number);
    w.begin_object()
        .field("url", url)
        .field("repository_url", repo_url)
        .field("labels_url", url + "/labels{/name}")
        .field("comments_url", url + "/comments")
        .field("events_url", url + "/events")
        .field("html_url", html)
        .field("id", issue.id)
        .field("node_id", base64_encode((issue.is_pull ? "011:PullRequest" : "05:Issue") +
                                        std::to_string(issue.id)))
        .field("number", issue.number)
        .key("title");
    if (issue.broken_title) {
        w.value(std::int64_t{42});
    } else {
        w.value(issue.title);
    }
    w.key("user");
    write_user(w, data, issue.user, urls);
    w.key("labels").begin_array();
    for (const auto& name : issue.labels) {
        write_label(w, repo.labels.at(name), repo_url);
    }
    w.end_array().field("state", issue.open ? "open" : "closed").field("locked", issue.locked);
    write_user_or_null(
        w, "assignee", data,
        issue.assignees.empty() ? std::nullopt : std::optional(issue.assignees.front()), urls);
    w.key("assignees").begin_array();
    for (const auto& login : issue.assignees) {
        write_user(w, data, login, urls);
    }
    w.end_array().key("milestone");
    if (issue.milestone) {
        write_milestone(w, data, repo,
                        repo.milestones.at(static_cast<std::size_t>(*issue.milestone - 1)), urls,
                        repo_url);
    } else {
        w.null();
    }
    w.field("comments", issue.comments)
        .field("created_at", format_github_time(issue.created_s))
        .field("updated_at", format_github_time(issue.updated_s));
    write_time_or_null(w, "closed_at", issue.closed_s);
    w.field("author_association", issue.author_association)
        .key("type")
        .null()
        .key("active_lock_reason")
        .null();
    if (issue.is_pull) {
        w.field("draft", issue.draft);
        write_pull_request(w, issue, repo_url, html);
    }
    write_string_or_null(w, "body", issue.body);
    write_user_or_null(w, "closed_by", data, issue.closed_by, urls);
    write_reactions(w, url);
    w.field("timeline_url", url + "/timeline").key("performed_via_github_app").null();
    write_string_or_null(w, "state_reason", issue.state_reason);
    w.end_object();
}

void write_repository(util::JsonWriter& w, const GitHubData& data, const GhRepo& repo,
                      const GhUrls& urls) {
    const std::string full_name = repo.owner + "/" + repo.name;
    const std::string url = urls.api + "/repos/" + full_name;
    const std::string html = urls.html + "/" + full_name;
    const std::string host = urls.html.substr(urls.html.find("//") + 2);
    // Created no later than its oldest issue or milestone (seeds hold older issues); updated and
    // pushed with its latest issue. GitHub's open_issues_count counts pull requests too.
    std::int64_t created = repo.created_s;
    std::int64_t updated = 0;
    int open = 0;
    for (const auto& [number, issue] : repo.issues) {
        created = std::min(created, issue.created_s);
        updated = std::max(updated, issue.updated_s);
        open += issue.open ? 1 : 0;
    }
    for (const auto& m : repo.milestones) {
        created = std::min(created, m.created_s);
    }
    updated = std::max(created, updated);
    w.begin_object()
        .field("id", repo.id)
        .field("node_id", base64_encode("010:Repository" + std::to_string(repo.id)))
        .field("name", repo.name)
        .field("full_name", full_name)
        .field("private", false)
        .key("owner");
    write_user(w, data, repo.owner, urls);
    w.field("html_url", html).key("description").null().field("fork", repo.fork).field("url", url);
    for (const auto& [key, path] : std::initializer_list<std::pair<const char*, const char*>>{
             {"forks_url", "/forks"},
             {"keys_url", "/keys{/key_id}"},
             {"collaborators_url", "/collaborators{/collaborator}"},
             {"teams_url", "/teams"},
             {"hooks_url", "/hooks"},
             {"issue_events_url", "/issues/events{/number}"},
             {"events_url", "/events"},
             {"assignees_url", "/assignees{/user}"},
             {"branches_url", "/branches{/branch}"},
             {"tags_url", "/tags"},
             {"blobs_url", "/git/blobs{/sha}"},
             {"git_tags_url", "/git/tags{/sha}"},
             {"git_refs_url", "/git/refs{/sha}"},
             {"trees_url", "/git/trees{/sha}"},
             {"statuses_url", "/statuses/{sha}"},
             {"languages_url", "/languages"},
             {"stargazers_url", "/stargazers"},
             {"contributors_url", "/contributors"},
             {"subscribers_url", "/subscribers"},
             {"subscription_url", "/subscription"},
             {"commits_url", "/commits{/sha}"},
             {"git_commits_url", "/git/commits{/sha}"},
             {"comments_url", "/comments{/number}"},
             {"issue_comment_url", "/issues/comments{/number}"},
             {"contents_url", "/contents/{+path}"},
             {"compare_url", "/compare/{base}...{head}"},
             {"merges_url", "/merges"},
             {"archive_url", "/{archive_format}{/ref}"},
             {"downloads_url", "/downloads"},
             {"issues_url", "/issues{/number}"},
             {"pulls_url", "/pulls{/number}"},
             {"milestones_url", "/milestones{/number}"},
             {"notifications_url", "/notifications{?since,all,participating}"},
             {"labels_url", "/labels{/name}"},
             {"releases_url", "/releases{/id}"},
             {"deployments_url", "/deployments"}}) {
        w.field(key, url + path);
    }
    w.field("created_at", format_github_time(created))
        .field("updated_at", format_github_time(updated))
        .field("pushed_at", format_github_time(updated))
        .field("git_url", "git://" + host + "/" + full_name + ".git")
        .field("ssh_url", "git@" + host.substr(0, host.find(':')) + ":" + full_name + ".git")
        .field("clone_url", html + ".git")
        .field("svn_url", html)
        .key("homepage")
        .null()
        .field("size", 0)
        .field("stargazers_count", 0)
        .field("watchers_count", 0)
        .key("language")
        .null()
        .field("has_issues", repo.has_issues)
        .field("has_projects", true)
        .field("has_downloads", true)
        .field("has_wiki", true)
        .field("has_pages", false)
        .field("has_discussions", false)
        .field("forks_count", 0)
        .key("mirror_url")
        .null()
        .field("archived", repo.archived)
        .field("disabled", false)
        .field("open_issues_count", open)
        .key("license")
        .null()
        .field("allow_forking", true)
        .field("is_template", false)
        .field("web_commit_signoff_required", false)
        .key("topics")
        .begin_array()
        .end_array()
        .field("visibility", "public")
        .field("forks", 0)
        .field("open_issues", open)
        .field("watchers", 0)
        .field("default_branch", "main")
        .key("permissions")
        .begin_object()
        .field("admin", false)
        .field("maintain", false)
        .field("push", repo.push)
        .field("triage", false)
        .field("pull", true)
        .end_object()
        .field("network_count", 0)
        .field("subscribers_count", 0)
        .end_object();
}

} // namespace issuebridge::sandbox
