#include "hash.hpp"
#include "sandbox_process.hpp"

#include <doctest/doctest.h>

using namespace issuebridge::sandbox;
using namespace issuebridge::sandbox::test;

TEST_SUITE_BEGIN("sandbox.github");

TEST_CASE("GET /repos/{owner}/{repo} answers a full-repository with every required field") {
    SandboxProcess sb;
    sb.admin_ok("POST", "/_sandbox/github/repos/octo/hello/issues",
                R"([{"title": "open", "created_at": "2024-03-01T10:00:00Z",
                     "updated_at": "2024-03-02T10:00:00Z"},
                    {"title": "closed", "state": "closed", "created_at": "2024-03-03T10:00:00Z",
                     "updated_at": "2024-03-04T10:00:00Z"},
                    {"title": "open PR", "pull_request": true, "created_at": "2024-03-05T10:00:00Z",
                     "updated_at": "2024-03-06T10:00:00Z"}])");
    const auto r = sb.github("/repos/octo/hello");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "application/json; charset=utf-8");
    CHECK(r->get_header_value("x-ratelimit-resource") == "core");
    const Json repo = body_json(r);
    // `required` of the full-repository schema in api.github.com.json and ghes-3.19.json.
    for (const char* key : {"archive_url",
                            "assignees_url",
                            "blobs_url",
                            "branches_url",
                            "collaborators_url",
                            "comments_url",
                            "commits_url",
                            "compare_url",
                            "contents_url",
                            "contributors_url",
                            "deployments_url",
                            "description",
                            "downloads_url",
                            "events_url",
                            "fork",
                            "forks_url",
                            "full_name",
                            "git_commits_url",
                            "git_refs_url",
                            "git_tags_url",
                            "hooks_url",
                            "html_url",
                            "id",
                            "node_id",
                            "issue_comment_url",
                            "issue_events_url",
                            "issues_url",
                            "keys_url",
                            "labels_url",
                            "languages_url",
                            "merges_url",
                            "milestones_url",
                            "name",
                            "notifications_url",
                            "owner",
                            "private",
                            "pulls_url",
                            "releases_url",
                            "stargazers_url",
                            "statuses_url",
                            "subscribers_url",
                            "subscription_url",
                            "tags_url",
                            "teams_url",
                            "trees_url",
                            "url",
                            "clone_url",
                            "default_branch",
                            "forks",
                            "forks_count",
                            "git_url",
                            "has_issues",
                            "has_projects",
                            "has_wiki",
                            "has_pages",
                            "has_discussions",
                            "homepage",
                            "language",
                            "archived",
                            "disabled",
                            "mirror_url",
                            "open_issues",
                            "open_issues_count",
                            "license",
                            "pushed_at",
                            "size",
                            "ssh_url",
                            "stargazers_count",
                            "svn_url",
                            "watchers",
                            "watchers_count",
                            "created_at",
                            "updated_at",
                            "network_count",
                            "subscribers_count"}) {
        CAPTURE(key);
        CHECK(repo.get(key) != nullptr);
    }
    CHECK(at(repo, "name").as_string() == "hello");
    CHECK(at(repo, "full_name").as_string() == "octo/hello");
    CHECK(at(at(repo, "owner"), "login").as_string() == "octo");
    CHECK(at(at(repo, "owner"), "type").as_string() == "User");
    CHECK(at(repo, "private").as_bool() == false);
    CHECK(at(repo, "visibility").as_string() == "public");
    CHECK(at(repo, "url").as_string() == sb.origin() + "/repos/octo/hello");
    CHECK(at(repo, "html_url").as_string() == sb.origin() + "/octo/hello");
    CHECK(at(repo, "issues_url").as_string() == sb.origin() + "/repos/octo/hello/issues{/number}");
    CHECK(at(repo, "description").is_null());
    CHECK(at(repo, "license").is_null());
    CHECK(at(repo, "has_issues").as_bool());
    CHECK(at(repo, "default_branch").as_string() == "main");
    // Open issues and open pull requests, as GitHub counts them.
    CHECK(at(repo, "open_issues_count").as_int() == 2);
    CHECK(at(repo, "open_issues").as_int() == 2);
    CHECK(dump(at(repo, "permissions")) ==
          R"({"admin":false,"maintain":false,"push":false,"triage":false,"pull":true})");
    // Created no later than its oldest issue; updated with its latest.
    CHECK(at(repo, "created_at").as_string() == "2024-03-01T10:00:00Z");
    CHECK(at(repo, "updated_at").as_string() == "2024-03-06T10:00:00Z");
    CHECK(at(repo, "pushed_at").as_string() == "2024-03-06T10:00:00Z");

    // The id is the one the issue list's Link headers use.
    const std::int64_t id = at(repo, "id").as_int();
    CHECK(at(repo, "node_id").as_string() == base64_encode("010:Repository" + std::to_string(id)));
    const auto page = sb.github("/repos/octo/hello/issues?state=all&per_page=1");
    REQUIRE(page);
    CHECK(page->get_header_value("Link").find(sb.origin() + "/repositories/" + std::to_string(id) +
                                              "/issues?") != std::string::npos);
}

TEST_CASE("GET /repos/{owner}/{repo}: names are case-insensitive, /api/v3 serves it with GHES "
          "URLs, and an empty repository has plausible dates") {
    SandboxProcess sb;
    sb.admin_ok("POST", "/_sandbox/clock", R"({"freeze": true, "set": "2024-06-01T12:00:00Z"})");
    sb.admin_ok("PUT", "/_sandbox/github/repos/Octo/Empty");
    const Json empty = body_json(sb.github("/repos/octo/EMPTY"));
    CHECK(at(empty, "full_name").as_string() == "Octo/Empty");
    CHECK(at(empty, "created_at").as_string() == "2024-06-01T12:00:00Z");
    CHECK(at(empty, "updated_at").as_string() == "2024-06-01T12:00:00Z");
    CHECK(at(empty, "open_issues_count").as_int() == 0);

    const auto ghes = sb.github("/api/v3/repos/OCTO/hello");
    REQUIRE(ghes);
    REQUIRE(ghes->status == 200);
    const Json repo = body_json(ghes);
    CHECK(at(repo, "full_name").as_string() == "octo/hello");
    CHECK(at(repo, "url").as_string() == sb.origin() + "/api/v3/repos/octo/hello");
    CHECK(at(at(repo, "owner"), "url").as_string() == sb.origin() + "/api/v3/users/octo");
    CHECK(at(repo, "html_url").as_string() == sb.origin() + "/octo/hello");
    CHECK(at(repo, "clone_url").as_string() == sb.origin() + "/octo/hello.git");
    CHECK(at(repo, "id").as_int() == at(body_json(sb.github("/repos/octo/hello")), "id").as_int());

    const Json counts = sb.admin_ok("GET", "/_sandbox/requests");
    CHECK(at(at(at(counts, "github"), "GET /repos/{owner}/{repo}"), "count").as_int() == 2);
    CHECK(dump(at(at(counts, "github"), "GET /api/v3/repos/{owner}/{repo}")) ==
          R"({"count":1,"by_status":{"200":1}})");
}

TEST_CASE("GET /repos/{owner}/{repo}: 404 for an unknown repository, 401 without valid "
          "credentials, 304 for a matching ETag") {
    SandboxProcess sb;
    for (const char* path : {"/repos/octo/nope", "/api/v3/repos/nobody/nothing"}) {
        CAPTURE(path);
        const auto r = sb.github(path);
        REQUIRE(r);
        CHECK(r->status == 404);
        CHECK(
            r->body ==
            R"({"message":"Not Found","documentation_url":"https://docs.github.com/rest/repos/repos#get-a-repository","status":"404"})");
    }
    auto c = sb.client();
    for (const std::string path : {"/repos/octo/hello", "/api/v3/repos/octo/hello"}) {
        for (const httplib::Headers& headers :
             {httplib::Headers{}, httplib::Headers{{"Authorization", "Bearer wrong"}}}) {
            CAPTURE(path);
            const auto r = c->Get(path, headers);
            REQUIRE(r);
            CHECK(r->status == 401);
            CHECK(
                r->body ==
                R"({"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"})");
        }
    }
    const auto first = sb.github("/repos/octo/hello");
    REQUIRE(first);
    const std::string etag = first->get_header_value("ETag");
    REQUIRE(etag.size() > 2);
    const auto cached = sb.github("/repos/octo/hello", {{"If-None-Match", etag}});
    REQUIRE(cached);
    CHECK(cached->status == 304);
    CHECK(cached->get_header_value("x-ratelimit-remaining") ==
          first->get_header_value("x-ratelimit-remaining"));
    // A new open issue changes open_issues_count, so the ETag.
    sb.admin_ok("POST", "/_sandbox/github/repos/octo/hello/issues", R"({"title": "new"})");
    const auto changed = sb.github("/repos/octo/hello", {{"If-None-Match", etag}});
    REQUIRE(changed);
    CHECK(changed->status == 200);
    CHECK(at(body_json(changed), "open_issues_count").as_int() == 1);
}

TEST_CASE("GET /repos/{owner}/{repo} shares GitHub's budget, bursts and faults") {
    SandboxProcess sb;
    sb.admin_ok("POST", "/_sandbox/burst", R"({"api": "github", "count": 1})");
    const auto burst = sb.github("/repos/octo/hello");
    REQUIRE(burst);
    CHECK(burst->status == 403);
    CHECK(burst->get_header_value("retry-after") == "1");
    sb.admin_ok("POST", "/_sandbox/faults", R"({"rate": 1, "kinds": ["500"]})");
    const auto fault = sb.github("/api/v3/repos/octo/hello");
    REQUIRE(fault);
    CHECK(fault->status == 500);
    CHECK(at(body_json(fault), "message").as_string() == "Server Error");
}

TEST_SUITE_END();
