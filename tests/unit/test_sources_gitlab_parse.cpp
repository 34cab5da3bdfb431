// GitLab's v4 answers as the source reads them: every recorded gitlab.com response in fixtures/gitlab, malformed
// and truncated bodies, confidential issues, GFM references, ids and cursors.

#include "issuebridge/sources/source.hpp"
#include "sources/gitlab/gitlab.hpp"
#include "sync/drive.hpp"

#include "support/fake_client.hpp"

#include "support/tempdir.hpp"

#include <doctest/doctest.h>

using namespace issuebridge;
namespace gl = sources::gitlab;

namespace {

std::string fixture(const std::string& name) {
    return testing::read_file(std::string(ISSUEBRIDGE_SOURCE_DIR) + "/tests/unit/fixtures/gitlab/" + name);
}

gl::PageContext context(std::string project, std::string kind) {
    return {"gitlab.com", std::move(project), std::move(kind), "https://gitlab.com"};
}

std::string issue(int iid, const std::string& extra = "") {
    return R"({"id":)" + std::to_string(1000 + iid) + R"(,"iid":)" + std::to_string(iid) +
           R"(,"project_id":7,"title":"Crash","description":"see #3","state":"opened",
        "created_at":"2026-01-01T00:00:00.000Z","updated_at":"2026-01-02T10:00:00.500Z","closed_at":null,
        "labels":["bug","priority::high"],"milestone":null,"assignees":[{"id":1,"username":"alice"}],
        "author":{"id":2,"username":"bob"},"confidential":false,"web_url":"https://gitlab.com/g/p/-/issues/)" +
           std::to_string(iid) + "\"" + extra + "}";
}

} // namespace

TEST_SUITE_BEGIN("sources.gitlab");

TEST_CASE("the recorded gitlab.com issue list parses, with milestone, assignees and GFM made absolute") {
    const auto page =
        gl::parse_page(fixture("issues-release-11-7.json"), context("gitlab-org/release/tasks", "issue"), false);
    REQUIRE(page.ok());
    REQUIRE(page->items.size() == 1);
    REQUIRE(page->items[0].ok());
    const model::SourceItem& item = *page->items[0];
    CHECK(item.external_id == "gitlab:gitlab.com/gitlab-org/release/tasks#617");
    CHECK(item.kind == "issue");
    CHECK(item.number == 617);
    CHECK(item.title == "Release 11.7");
    CHECK(item.state == "opened");
    CHECK(item.labels == std::vector<std::string>{"Delivery", "Monthly Release"});
    CHECK(item.assignees == std::vector<std::string>{"rspeicher", "yorickpeterse", "gitlab-release-tools-bot"});
    CHECK(item.milestone == "11.7");
    CHECK(item.url == "https://gitlab.com/gitlab-org/release/tasks/issues/617");
    CHECK(item.updated_at == "2019-01-10T13:15:49Z");
    // The description's ~"Pick into 11.7" is a label reference; it now links to the instance.
    CHECK(item.body.find(
              "[~\"Pick into 11.7\"](https://gitlab.com/gitlab-org/release/tasks/-/issues?label_name%5B%5D=") !=
          std::string::npos);
    CHECK(page->confidential == 0);
}

TEST_CASE("the recorded merge request list and single merge requests parse; merged is a state word of its own") {
    const auto list = gl::parse_page(fixture("merge-requests-opened.json"),
                                     context("gitlab-org/gitlab-foss", "merge_request"), false);
    REQUIRE(list.ok());
    REQUIRE(list->items.size() == 2);
    for (const auto& i : list->items) {
        REQUIRE(i.ok());
        CHECK(i->kind == "merge_request");
        CHECK(i->state == "opened");
        CHECK(i->external_id.starts_with("gitlab:gitlab.com/gitlab-org/gitlab-foss!"));
    }
    CHECK(list->items[0]->number == 22431);

    for (const auto& [file, iid, assignee] : {std::tuple{"merge-request-18745.json", 18745, "DouweM"},
                                              std::tuple{"merge-request-18744.json", 18744, "mayra-cabrera"}}) {
        CAPTURE(file);
        const auto mr = gl::parse_item(fixture(file), context("gitlab-org/gitlab-foss", "merge_request"));
        REQUIRE(mr.ok());
        CHECK(mr->number == iid);
        CHECK(mr->state == "merged");
        CHECK(mr->external_id == "gitlab:gitlab.com/gitlab-org/gitlab-foss!" + std::to_string(iid));
        CHECK(mr->assignees == std::vector<std::string>{assignee}); // the 2018 single assignee
        CHECK(!mr->closed_at.empty());                              // merged_at when closed_at is null
        CHECK_FALSE(mr->not_planned);
    }
    // Closed unmerged is closed as not planned; a closed issue is not.
    std::string closed = fixture("merge-request-18745.json");
    const auto at = closed.find("\"state\":\"merged\"");
    REQUIRE(at != std::string::npos);
    closed.replace(at, 16, "\"state\":\"closed\"");
    const auto mr = gl::parse_item(closed, context("gitlab-org/gitlab-foss", "merge_request"));
    REQUIRE(mr.ok());
    CHECK(mr->state == "closed");
    CHECK(mr->not_planned);
    const auto issue = gl::parse_item(closed, context("gitlab-org/gitlab-foss", "issue"));
    REQUIRE(issue.ok());
    CHECK_FALSE(issue->not_planned);
}

TEST_CASE("recorded error bodies are no page and no item") {
    for (const char* file : {"project-not-found.json", "branch-not-found.json"}) {
        CAPTURE(file);
        const auto page = gl::parse_page(fixture(file), context("g/p", "issue"), false);
        REQUIRE(!page.ok());
        CHECK(page.failure().message == "gitlab issues page: expected a JSON array");
        const auto item = gl::parse_item(fixture(file), context("g/p", "issue"));
        REQUIRE(!item.ok());
        CHECK(item.failure().message.find("field 'iid'") != std::string::npos);
    }
}

TEST_CASE("a truncated page fails whole; a bad item fails alone, naming the field and the item") {
    const std::string body = "[" + issue(1) + "," + issue(2, R"(,"title":7)") + "]";
    const auto truncated = gl::parse_page(body.substr(0, body.size() / 2), context("g/p", "issue"), false);
    REQUIRE(!truncated.ok());
    CHECK(truncated.failure().message == "gitlab issues page: the body is not valid JSON");

    // A duplicate "title" key: simdjson's DOM finds the first one, so break the type of a field that is unique.
    const std::string bad_state =
        "[" + issue(1) + "," + issue(2).replace(issue(2).find("\"opened\""), 8, "\"merged\"") + "]";
    const auto page = gl::parse_page(bad_state, context("g/p", "issue"), false);
    REQUIRE(page.ok());
    REQUIRE(page->items.size() == 2);
    CHECK(page->items[0].ok());
    REQUIRE(!page->items[1].ok());
    CHECK(page->items[1].failure().message == "gitlab issue 1 of g/p: field 'state' must be 'opened' or 'closed'");
    CHECK(page->items[1].failure().subject == "gitlab:gitlab.com/g/p#2");
}

TEST_CASE("confidential issues are left out and counted unless included") {
    const std::string body = "[" + issue(1) + "," +
                             issue(2).replace(issue(2).find("\"confidential\":false"), 20, "\"confidential\":true") +
                             "]";
    const auto without = gl::parse_page(body, context("g/p", "issue"), false);
    REQUIRE(without.ok());
    CHECK(without->items.size() == 1);
    CHECK(without->confidential == 1);
    const auto with = gl::parse_page(body, context("g/p", "issue"), true);
    REQUIRE(with.ok());
    CHECK(with->items.size() == 2);
    CHECK(with->confidential == 0);
}

TEST_CASE("an issue and a merge request with the same iid get different ids; times in any zone become UTC") {
    CHECK(gl::external_id("gitlab.com", "G/Sub/P", "issue", 5) == "gitlab:gitlab.com/g/sub/p#5");
    CHECK(gl::external_id("gitlab.com", "G/Sub/P", "merge_request", 5) == "gitlab:gitlab.com/g/sub/p!5");
    const std::string zoned =
        issue(4).replace(issue(4).find("2026-01-02T10:00:00.500Z"), 24, "2026-01-02T12:00:00.500+02:00");
    const auto item = gl::parse_item(zoned, context("g/p", "issue"));
    REQUIRE(item.ok());
    CHECK(item->updated_at == "2026-01-02T10:00:00Z");
}

TEST_CASE("hosts, web roots, repo_of and canonical ids") {
    CHECK(gl::host_of("https://gitlab.com/api/v4") == "gitlab.com");
    CHECK(gl::host_of("https://GitLab.Example.com:443/api/v4") == "gitlab.example.com");
    CHECK(gl::host_of("http://localhost:8080/api/v4") == "127.0.0.1:8080");
    CHECK(gl::web_of("https://gitlab.example.com/api/v4/") == "https://gitlab.example.com");
    CHECK(gl::canonical_id("gitlab:GitLab.com/G/P#1") == "gitlab:gitlab.com/g/p#1");
    CHECK(gl::canonical_id("github:github.com/O/R#1") == "github:github.com/O/R#1");
    config::Source source;
    source.base_url = "https://gitlab.com/api/v4";
    const std::vector<std::string> repos{"group/sub/proj", "group/other"};
    CHECK(gl::repo_of(source, "gitlab:gitlab.com/group/sub/proj!3", repos) == "group/sub/proj");
    CHECK(gl::repo_of(source, "gitlab:gitlab.com/Group/Other#3", repos) == "group/other");
    CHECK(gl::repo_of(source, "gitlab:gitlab.example.com/group/other#3", repos) == std::nullopt);
    CHECK(gl::repo_of(source, "github:gitlab.com/group/other#3", repos) == std::nullopt);
}

TEST_CASE("cursors keep one position per resource and never move back") {
    std::string c = gl::advance("", "issue", "2026-01-02T10:00:00Z");
    CHECK(gl::read_cursor(c).issues == "2026-01-02T09:59:00Z");
    CHECK(gl::read_cursor(c).merge_requests.empty());
    CHECK(gl::describe_cursor(c) == "");
    c = gl::advance(c, "merge_request", "2026-01-01T00:00:00Z");
    c = gl::advance(c, "issue", "2026-01-01T00:00:00Z"); // older: the issues position stays
    CHECK(gl::read_cursor(c).issues == "2026-01-02T09:59:00Z");
    CHECK(gl::read_cursor(c).merge_requests == "2025-12-31T23:59:00Z");
    CHECK(gl::describe_cursor(c) == "2025-12-31T23:59:00Z");
    CHECK(gl::describe_cursor(R"({"since":"x","etag":""})") == std::nullopt); // GitHub's
    CHECK(gl::advance(c, "issue", "yesterday") == c);
}

TEST_CASE("GFM references become absolute links; code is left alone") {
    const std::string web = "https://gitlab.example.com";
    CHECK(gl::absolute_references("fixes #12 and !3", web, "g/p") ==
          "fixes [#12](https://gitlab.example.com/g/p/-/issues/12) and "
          "[!3](https://gitlab.example.com/g/p/-/merge_requests/3)");
    CHECK(gl::absolute_references("cc @alice.", web, "g/p") == "cc [@alice](https://gitlab.example.com/alice).");
    CHECK(gl::absolute_references("~bug ~\"needs review\" ~scope::value", web, "g/p") ==
          "[~bug](https://gitlab.example.com/g/p/-/issues?label_name%5B%5D=bug) "
          "[~\"needs review\"](https://gitlab.example.com/g/p/-/issues?label_name%5B%5D=needs%20review) "
          "[~scope::value](https://gitlab.example.com/g/p/-/issues?label_name%5B%5D=scope%3A%3Avalue)");
    CHECK(gl::absolute_references("![shot](/uploads/abc/s.png)", web, "g/p") ==
          "![shot](https://gitlab.example.com/g/p/uploads/abc/s.png)");
    CHECK(gl::absolute_references("mail me@example.com, see https://x.org/a#12, ~~gone~~", web, "g/p") ==
          "mail me@example.com, see https://x.org/a#12, ~~gone~~");
    CHECK(gl::absolute_references("`#12` and\n```\n@bob #4\n```\n#5", web, "g/p") ==
          "`#12` and\n```\n@bob #4\n```\n[#5](https://gitlab.example.com/g/p/-/issues/5)");
    CHECK(gl::absolute_references("# Heading", web, "g/p") == "# Heading");
}

TEST_CASE("a page of a group's projects: full paths, archived ones left out; a malformed page names the field") {
    using Paths = std::vector<std::string>;
    CHECK(*gl::parse_projects_page(R"([{"id":1,"path_with_namespace":"acme/api"},)"
                                   R"({"id":2,"path_with_namespace":"acme/old","archived":true},)"
                                   R"({"id":3,"path_with_namespace":"acme/sub/web","archived":false}])") ==
          Paths{"acme/api", "acme/sub/web"});
    CHECK(gl::parse_projects_page("[]")->empty());
    struct Bad {
        const char* body;
        const char* message;
    };
    const Bad bad[] = {
        {R"([{"id":1,"path_with_namespace":"acme/api"},{"id":2,"path_with)",
         "gitlab projects page: the body is not valid JSON"},
        {R"({"message":"404 Group Not Found"})", "gitlab projects page: expected a JSON array"},
        {R"([{"id":1}])", "gitlab projects page: project 0: field 'path_with_namespace' must be a string"},
        {R"([{"id":1,"path_with_namespace":"a/b"},{"path_with_namespace":7}])",
         "gitlab projects page: project 1: field 'path_with_namespace' must be a string"},
        {R"([{"path_with_namespace":"a/b","archived":"no"}])",
         "gitlab projects page: project 0: field 'archived' must be a boolean"},
        {R"(["a/b"])", "gitlab projects page: project 0: must be a JSON object"},
    };
    for (const auto& b : bad) {
        CAPTURE(b.body);
        const auto parsed = gl::parse_projects_page(b.body);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.failure().kind == util::Failure::Kind::parse);
        CHECK(parsed.failure().message == b.message);
    }
}

TEST_CASE("an item of a project a pattern names belongs to that project") {
    config::Source source;
    source.base_url = "https://gitlab.com/api/v4";
    const std::vector<std::string> repos{"acme/api", "acme/*", "big/**"};
    CHECK(gl::repo_of(source, "gitlab:gitlab.com/acme/api#1", repos) == "acme/api");
    CHECK(gl::repo_of(source, "gitlab:gitlab.com/acme/web!2", repos) == "acme/web");
    CHECK(gl::repo_of(source, "gitlab:gitlab.com/big/a/b/c#3", repos) == "big/a/b/c");
    CHECK_FALSE(gl::repo_of(source, "gitlab:gitlab.com/acme/sub/web#1", repos));
    CHECK_FALSE(gl::repo_of(source, "gitlab:gitlab.example.com/acme/web#1", repos));
}

TEST_CASE("'group/**' lists the group's projects with its subgroups', by encoded path, following Link") {
    config::Source s;
    s.name = "gl";
    s.type = "gitlab";
    s.base_url = "https://gitlab.com/api/v4";
    s.settings = {{"auth", "private-token"}, {"include_confidential", "false"}};
    auto source = gl::make(s);
    const std::string first = "https://gitlab.com/api/v4/groups/acme%2Fsub/projects?archived=false&simple=true"
                              "&order_by=id&sort=asc&per_page=100";
    const std::string next = "https://gitlab.com/api/v4/groups/acme%2Fsub/projects?page=2";
    SUBCASE("two pages") {
        http::FakeClient client;
        client.on("GET", first + "&include_subgroups=true",
                  http::FakeClient::response(200, R"([{"path_with_namespace":"acme/sub/a"}])",
                                             {{"Link", "<" + next + ">; rel=\"next\""}}));
        client.on("GET", next, http::FakeClient::response(200, R"([{"path_with_namespace":"acme/sub/deep/b"}])"));
        auto listing = source->expand("acme/sub/**");
        sync::drive(client, {listing.get()}, nullptr);
        REQUIRE(listing->repos().ok());
        CHECK(*listing->repos() == std::vector<std::string>{"acme/sub/a", "acme/sub/deep/b"});
    }
    SUBCASE("a group that is not there") {
        http::FakeClient client;
        client.on("GET", first, http::FakeClient::response(404, R"({"message":"404 Group Not Found"})"));
        auto listing = source->expand("acme/sub/*");
        sync::drive(client, {listing.get()}, nullptr);
        REQUIRE_FALSE(listing->repos().ok());
        CHECK(listing->repos().failure().kind == util::Failure::Kind::config);
        CHECK(listing->repos().failure().message == "group 'acme/sub' not found on gitlab.com");
    }
}

TEST_SUITE_END();
