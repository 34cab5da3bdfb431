#include "sandbox_process.hpp"

#include <doctest/doctest.h>

#include <map>

using namespace issuebridge::sandbox;
using namespace issuebridge::sandbox::test;

namespace {

// Rel -> URL from a Link header.
std::map<std::string, std::string> parse_link(const std::string& header) {
    std::map<std::string, std::string> out;
    std::size_t pos = 0;
    while ((pos = header.find('<', pos)) != std::string::npos) {
        const auto close = header.find('>', pos);
        const auto rel = header.find("rel=\"", close);
        const auto rel_end = header.find('"', rel + 5);
        out[header.substr(rel + 5, rel_end - rel - 5)] = header.substr(pos + 1, close - pos - 1);
        pos = rel_end;
    }
    return out;
}

std::vector<std::int64_t> numbers(const Json& items) {
    std::vector<std::int64_t> out;
    for (const auto& item : items.as_array()) {
        out.push_back(at(item, "number").as_int());
    }
    return out;
}

// "http://127.0.0.1:1234/x?y" -> "/x?y"
std::string path_of(const std::string& url) {
    return url.substr(url.find('/', url.find("//") + 2));
}

void freeze_at(const SandboxProcess& sb, const std::string& when) {
    sb.admin_ok("POST", "/_sandbox/clock", R"({"freeze": true, "set": ")" + when + R"("})");
}

} // namespace

TEST_SUITE_BEGIN("sandbox.github");

TEST_CASE("pages are linked with absolute next/last, then prev/first, and walking next visits "
          "every issue once") {
    SandboxProcess sb;
    sb.admin_ok("POST", "/_sandbox/github/repos/octo/hello/generate",
                R"({"count": 25, "seed": 4})");
    auto r = sb.github("/repos/octo/hello/issues?state=all&per_page=10");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    auto links = parse_link(r->get_header_value("Link"));
    CHECK(links.size() == 2);
    REQUIRE(links.count("next") == 1);
    CHECK(links["next"].rfind(sb.origin() + "/", 0) == 0);
    CHECK(links["next"].find("state=all&per_page=10&page=2") != std::string::npos);
    CHECK(links["last"].find("page=3") != std::string::npos);

    std::vector<std::int64_t> seen = numbers(body_json(r));
    while (links.count("next") > 0) {
        r = sb.github(path_of(links["next"]));
        REQUIRE(r);
        REQUIRE(r->status == 200);
        const auto page = numbers(body_json(r));
        seen.insert(seen.end(), page.begin(), page.end());
        links = parse_link(r->get_header_value("Link"));
        CHECK(links.count("prev") == 1);
        CHECK(links.count("first") == 1);
    }
    CHECK(links.count("last") == 0); // the last page links back only
    std::sort(seen.begin(), seen.end());
    CHECK(seen.size() == 25);
    CHECK(std::adjacent_find(seen.begin(), seen.end()) == seen.end());
}

TEST_CASE("GHES links keep the /api/v3 prefix") {
    SandboxProcess sb;
    sb.admin_ok("POST", "/_sandbox/github/repos/octo/hello/generate",
                R"({"count": 3, "closed_fraction": 0})");
    const auto r = sb.github("/api/v3/repos/octo/hello/issues?per_page=1&page=2");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    const auto links = parse_link(r->get_header_value("Link"));
    for (const char* rel : {"prev", "next", "last", "first"}) {
        CAPTURE(rel);
        REQUIRE(links.count(rel) == 1);
        CHECK(links.at(rel).rfind(sb.origin() + "/api/v3/", 0) == 0);
    }
    const Json items = body_json(r);
    CHECK(at(at(items, 0), "url")
              .as_string()
              .rfind(sb.origin() + "/api/v3/repos/octo/hello/issues/", 0) == 0);
    const auto next = sb.github(path_of(links.at("next")));
    REQUIRE(next);
    CHECK(next->status == 200);
}

TEST_CASE("a single page has no Link header, and per_page is capped at 100") {
    SandboxProcess sb;
    sb.admin_ok("POST", "/_sandbox/github/repos/octo/hello/generate",
                R"({"count": 150, "closed_fraction": 0})");
    auto r = sb.github("/repos/octo/hello/issues?per_page=500");
    REQUIRE(r);
    CHECK(body_json(r).as_array().size() == 100);
    CHECK(parse_link(r->get_header_value("Link")).at("last").find("page=2") != std::string::npos);
    r = sb.github("/repos/octo/hello/issues?per_page=100&page=2");
    CHECK(body_json(r).as_array().size() == 50);
    r = sb.github("/repos/octo/hello/issues?per_page=5");
    CHECK(body_json(r).as_array().size() == 5);
    r = sb.github("/repos/octo/hello/issues");
    CHECK(body_json(r).as_array().size() == 30); // GitHub's default page size

    SandboxProcess small;
    small.admin_ok("POST", "/_sandbox/github/repos/octo/hello/issues",
                   R"([{"title": "a"}, {"title": "b"}])");
    r = small.github("/repos/octo/hello/issues");
    REQUIRE(r);
    CHECK(body_json(r).as_array().size() == 2);
    CHECK_FALSE(r->has_header("Link"));
}

TEST_CASE("since is inclusive and compares updated_at - same-second updates are all returned") {
    SandboxProcess sb;
    freeze_at(sb, "2024-03-01T10:00:00Z");
    sb.admin_ok("POST", "/_sandbox/github/repos/octo/hello/issues",
                R"([{"title": "a"}, {"title": "b"}])");
    sb.admin_ok("POST", "/_sandbox/clock", R"({"advance_s": 10})");
    const Json patched =
        sb.admin_ok("PATCH", "/_sandbox/github/repos/octo/hello/issues/1", R"({"title": "a2"})");
    CHECK(at(patched, "updated_at").as_string() == "2024-03-01T10:00:10Z");
    CHECK(at(patched, "created_at").as_string() == "2024-03-01T10:00:00Z");
    sb.admin_ok("POST", "/_sandbox/github/repos/octo/hello/issues", R"({"title": "c"})");

    const auto list = [&](const std::string& query) {
        const auto r = sb.github("/repos/octo/hello/issues?sort=updated&direction=asc&" + query);
        REQUIRE(r);
        REQUIRE(r->status == 200);
        return numbers(body_json(r));
    };
    CHECK(list("since=2024-03-01T10:00:00Z") == std::vector<std::int64_t>{2, 1, 3});
    CHECK(list("since=2024-03-01T10:00:10Z") == std::vector<std::int64_t>{1, 3});
    CHECK(list("since=2024-03-01T10:00:11Z").empty());
    CHECK(list("since=2024-03-01T11:00:10%2B01:00") == std::vector<std::int64_t>{1, 3});
}

TEST_CASE("sort and direction order the list - ties go by number") {
    SandboxProcess sb;
    sb.admin_ok("POST", "/_sandbox/github/repos/octo/hello/issues", R"([
      {"title": "old, busy", "comments": 9,
       "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-05T00:00:00Z"},
      {"title": "new", "comments": 1,
       "created_at": "2024-01-03T00:00:00Z", "updated_at": "2024-01-03T00:00:00Z"},
      {"title": "middle", "comments": 1,
       "created_at": "2024-01-02T00:00:00Z", "updated_at": "2024-01-04T00:00:00Z"}])");
    const auto list = [&](const std::string& query) {
        return numbers(body_json(sb.github("/repos/octo/hello/issues?" + query)));
    };
    CHECK(list("") == std::vector<std::int64_t>{2, 3, 1}); // created, desc
    CHECK(list("direction=asc") == std::vector<std::int64_t>{1, 3, 2});
    CHECK(list("sort=updated") == std::vector<std::int64_t>{1, 3, 2});
    CHECK(list("sort=updated&direction=asc") == std::vector<std::int64_t>{2, 3, 1});
    CHECK(list("sort=comments") == std::vector<std::int64_t>{1, 3, 2});
}

TEST_CASE("state and labels filter the list - pull requests are in it with a pull_request object") {
    SandboxProcess sb;
    sb.admin_ok("POST", "/_sandbox/github/repos/octo/hello/issues", R"([
      {"title": "open bug", "labels": ["bug", "ui"]},
      {"title": "closed bug", "labels": ["bug"], "state": "closed"},
      {"title": "open PR", "pull_request": true},
      {"title": "merged PR", "state": "closed", "pull_request": {"merged_at": "2024-02-02T00:00:00Z"}}])");
    const auto list = [&](const std::string& query) {
        return body_json(sb.github("/repos/octo/hello/issues?" + query));
    };
    CHECK(numbers(list("")) == std::vector<std::int64_t>{3, 1});
    CHECK(numbers(list("state=closed")) == std::vector<std::int64_t>{4, 2});
    CHECK(numbers(list("state=all&direction=asc")) == std::vector<std::int64_t>{1, 2, 3, 4});
    CHECK(numbers(list("state=all&labels=bug")) == std::vector<std::int64_t>{2, 1});
    CHECK(numbers(list("state=all&labels=bug,ui")) == std::vector<std::int64_t>{1});

    const Json all = list("state=all&direction=asc");
    CHECK(at(all, 0).get("pull_request") == nullptr);
    const Json& open_pr = at(at(all, 2), "pull_request");
    CHECK(at(open_pr, "merged_at").is_null());
    CHECK(at(open_pr, "html_url").as_string() == sb.origin() + "/octo/hello/pull/3");
    CHECK(at(open_pr, "diff_url").as_string() == sb.origin() + "/octo/hello/pull/3.diff");
    const Json& merged = at(all, 3);
    CHECK(at(at(merged, "pull_request"), "merged_at").as_string() == "2024-02-02T00:00:00Z");
    CHECK(at(merged, "state_reason").is_null());
    const Json& closed_issue = at(all, 1);
    CHECK(at(closed_issue, "state_reason").as_string() == "completed");
    CHECK(at(closed_issue, "closed_at").is_string());
}

TEST_CASE("issue objects carry the fields the spec requires, with GitHub's types") {
    SandboxProcess sb;
    sb.admin_ok(
        "POST", "/_sandbox/github/repos/octo/hello/issues",
        R"({"title": "t", "body": "b", "user": "monalisa", "assignees": ["octocat"], "labels": ["bug"],
                    "milestone": "v1.0", "comments": 2})");
    const auto r = sb.github("/repos/octo/hello/issues/1");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "application/json; charset=utf-8");
    const Json issue = body_json(r);
    for (const char* key : {"assignee",
                            "closed_at",
                            "comments",
                            "comments_url",
                            "events_url",
                            "html_url",
                            "id",
                            "node_id",
                            "labels",
                            "labels_url",
                            "milestone",
                            "number",
                            "repository_url",
                            "state",
                            "locked",
                            "title",
                            "url",
                            "user",
                            "created_at",
                            "updated_at",
                            "author_association",
                            "state_reason",
                            "body",
                            "assignees"}) {
        CAPTURE(key);
        CHECK(issue.get(key) != nullptr);
    }
    CHECK(at(issue, "id").is_int());
    CHECK(at(at(issue, "user"), "login").as_string() == "monalisa");
    CHECK(at(at(issue, "assignee"), "login").as_string() == "octocat");
    CHECK(at(at(at(issue, "labels"), 0), "color").as_string() == "d73a4a");
    CHECK(at(at(issue, "milestone"), "title").as_string() == "v1.0");
    CHECK(at(issue, "author_association").as_string() == "CONTRIBUTOR");
    CHECK(at(issue, "created_at").as_string().size() == 20); // whole seconds, Z
}

TEST_CASE("unknown repositories and issues are 404, bad parameters 422, bad credentials 401") {
    SandboxProcess sb;
    sb.admin_ok("POST", "/_sandbox/github/repos/octo/hello/issues", R"({"title": "t"})");
    for (const char* path :
         {"/repos/octo/nope/issues", "/repos/octo/hello/issues/2", "/repos/octo/hello/issues/x",
          "/api/v3/repos/nobody/nothing/issues", "/repos/octo/hello/pulls"}) {
        CAPTURE(path);
        const auto r = sb.github(path);
        REQUIRE(r);
        CHECK(r->status == 404);
        CHECK(at(body_json(r), "message").as_string() == "Not Found");
    }
    for (const char* query : {"state=bogus", "sort=nope", "direction=up", "since=yesterday",
                              "per_page=abc", "page=x"}) {
        CAPTURE(query);
        const auto r = sb.github(std::string("/repos/octo/hello/issues?") + query);
        REQUIRE(r);
        CHECK(r->status == 422);
        const Json body = body_json(r);
        CHECK(at(body, "message").as_string() == "Validation Failed");
        CHECK(at(at(at(body, "errors"), 0), "code").as_string() == "invalid");
    }
    auto c = sb.client();
    for (const httplib::Headers& headers :
         {httplib::Headers{}, httplib::Headers{{"Authorization", "Bearer wrong"}},
          httplib::Headers{{"Authorization", "Basic sandbox-github-token"}}}) {
        const auto r = c->Get("/repos/octo/hello/issues", headers);
        REQUIRE(r);
        CHECK(r->status == 401);
        CHECK(
            r->body ==
            R"({"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"})");
    }
    const auto token =
        c->Get("/repos/octo/hello/issues", {{"Authorization", "token sandbox-github-token"}});
    REQUIRE(token);
    CHECK(token->status == 200);
}

TEST_CASE("repository names are case-insensitive and the seed can list extra tokens") {
    SandboxProcess sb(
        {},
        R"({"github": {"tokens": ["t1", "t2"], "repos": {"Octo/Hello": {"issues": [{"title": "x"}]}}}})");
    auto c = sb.client();
    const auto r = c->Get("/repos/octo/hello/issues", {{"Authorization", "Bearer t2"}});
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(at(at(body_json(r), 0), "repository_url").as_string() ==
          sb.origin() + "/repos/Octo/Hello");
    const auto old =
        c->Get("/repos/octo/hello/issues", {{"Authorization", std::string(k_github_auth)}});
    REQUIRE(old);
    CHECK(old->status == 401);
}

TEST_CASE(
    "an organisation's repositories page by Link, with archived and fork; a user has no /orgs") {
    SandboxProcess sb;
    for (const char* name : {"a", "b", "c"}) {
        sb.admin_ok("PUT", std::string("/_sandbox/github/repos/acme/") + name, "");
    }
    sb.admin_ok("PUT", "/_sandbox/github/repos/acme/b", R"({"archived": true, "fork": true})");
    auto r = sb.github("/orgs/acme/repos?type=all&per_page=2");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    auto page = Json::parse(r->body);
    REQUIRE(page);
    REQUIRE(page->as_array().size() == 2);
    CHECK(at(page->as_array()[1], "full_name").as_string() == "acme/b");
    CHECK(at(page->as_array()[1], "archived").as_bool());
    CHECK(at(page->as_array()[1], "fork").as_bool());
    const auto links = parse_link(r->get_header_value("Link"));
    REQUIRE(links.count("next") == 1);
    r = sb.github(path_of(links.at("next")));
    REQUIRE(r);
    page = Json::parse(r->body);
    REQUIRE(page);
    REQUIRE(page->as_array().size() == 1);
    CHECK(at(page->as_array()[0], "full_name").as_string() == "acme/c");
    CHECK(sb.github("/orgs/acme/repos?type=sources")->body.find("acme/b") == std::string::npos);

    sb.admin_ok("PUT", "/_sandbox/github/users/acme", "");
    CHECK(sb.github("/orgs/acme/repos")->status == 404);
    CHECK(sb.github("/users/acme/repos")->status == 200);
    CHECK(sb.github("/users/nobody/repos")->status == 404);
}

TEST_SUITE_END();
