#include "issuebridge/sources/source.hpp"
#include "sources/github/github.hpp"

#include "support/fake_client.hpp"
#include "support/tempdir.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>

using namespace issuebridge;
using sources::github::parse_issues_page;

namespace {

const sources::github::PageContext k_context{"github.com", "PyGithub/PyGithub"};

std::string fixture(const std::string& name) {
    return testing::read_file(std::string(ISSUEBRIDGE_SOURCE_DIR) + "/tests/unit/fixtures/github/" + name);
}

// A modern item as the current API describes it (issues/list-for-repo).
std::string item(int number, const std::string& title_json = "\"Crash\"") {
    return R"({"number":)" + std::to_string(number) + R"(,"title":)" + title_json +
           R"(,"body":null,"state":"closed","state_reason":"completed",
        "labels":[{"id":1,"name":"bug"},{"id":2,"name":"p1"}],"assignees":[{"login":"octocat"}],
        "user":{"login":"hubot"},"html_url":"https://github.com/o/r/issues/)" +
           std::to_string(number) + R"(","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-02T00:00:00Z",
        "closed_at":"2026-01-02T00:00:00Z","milestone":{"title":"v1"},
        "pull_request":{"url":"u","html_url":"h","diff_url":"d","patch_url":"p","merged_at":"2026-01-02T00:00:00Z"}})";
}

} // namespace

TEST_SUITE_BEGIN("sources.github");

TEST_CASE("a real recorded page parses into source items") {
    const auto page = parse_issues_page(fixture("issues-since.json"), k_context);
    REQUIRE(page.ok());
    REQUIRE(page->size() == 6);
    const auto& first = (*page)[0];
    REQUIRE(first.ok());
    CHECK(first->number == 37);
    CHECK(first->external_id == "github:github.com/pygithub/pygithub#37"); // GitHub's names ignore case: one id
    CHECK(first->kind == "pull_request");
    CHECK(first->state == "open"); // not merged
    CHECK(first->repo == "PyGithub/PyGithub");
    CHECK(first->labels.size() == 1);
    CHECK_FALSE(first->author.empty());
    CHECK(first->url.starts_with("https://github.com/PyGithub/PyGithub/"));
    CHECK(first->updated_at.size() == 20);
}

TEST_CASE("every field of a modern item") {
    const auto page = parse_issues_page("[" + item(5) + "]", k_context);
    REQUIRE(page.ok());
    const auto& i = (*page)[0].value();
    CHECK(i.number == 5);
    CHECK(i.title == "Crash");
    CHECK(i.body.empty());
    CHECK(i.state == "merged"); // closed, with pull_request.merged_at
    CHECK(i.labels == std::vector<std::string>{"bug", "p1"});
    CHECK(i.assignees == std::vector<std::string>{"octocat"});
    CHECK(i.author == "hubot");
    CHECK(i.milestone == "v1");
    CHECK(i.kind == "pull_request");
    CHECK(i.closed_at == "2026-01-02T00:00:00Z");
}

TEST_CASE("the state words: open, closed, and merged for a pull request with merged_at") {
    std::string unmerged = item(6);
    unmerged.replace(unmerged.find("\"merged_at\":\"2026-01-02T00:00:00Z\""), 34, "\"merged_at\":null");
    std::string plain = item(7);
    plain = plain.substr(0, plain.find(",\n        \"pull_request\"")) + "}";
    const auto page = parse_issues_page("[" + item(5) + "," + unmerged + "," + plain + "]", k_context);
    REQUIRE(page.ok());
    REQUIRE(page->size() == 3);
    CHECK((*page)[0]->state == "merged");
    CHECK((*page)[1]->state == "closed");
    CHECK((*page)[1]->kind == "pull_request");
    CHECK((*page)[2]->state == "closed");
    CHECK((*page)[2]->kind == "issue");
}

TEST_CASE("closed as not planned: a pull request closed unmerged, an issue GitHub says was not planned") {
    std::string unmerged = item(6);
    unmerged.replace(unmerged.find("\"merged_at\":\"2026-01-02T00:00:00Z\""), 34, "\"merged_at\":null");
    const std::string completed = item(7).substr(0, item(7).find(",\n        \"pull_request\"")) + "}";
    std::string not_planned = completed;
    not_planned.replace(not_planned.find("\"completed\""), 11, "\"not_planned\"");
    not_planned.replace(not_planned.find("\"number\":7"), 10, "\"number\":8");
    std::string reopened = not_planned; // open again: the old reason means nothing
    reopened.replace(reopened.find("\"state\":\"closed\""), 16, "\"state\":\"open\"");
    reopened.replace(reopened.find("\"number\":8"), 10, "\"number\":9");
    std::string old_server = completed; // Enterprise before state_reason
    old_server.erase(old_server.find(",\"state_reason\":\"completed\""), 27);
    old_server.replace(old_server.find("\"number\":7"), 10, "\"number\":2");
    const auto page = parse_issues_page("[" + item(5) + "," + unmerged + "," + completed + "," + not_planned + "," +
                                            reopened + "," + old_server + "]",
                                        k_context);
    REQUIRE(page.ok());
    REQUIRE(page->size() == 6);
    for (const auto& parsed : *page) {
        REQUIRE(parsed.ok());
    }
    CHECK_FALSE((*page)[0]->not_planned); // merged
    CHECK((*page)[1]->not_planned);
    CHECK_FALSE((*page)[2]->not_planned);
    CHECK((*page)[3]->not_planned);
    CHECK_FALSE((*page)[4]->not_planned);
    CHECK_FALSE((*page)[5]->not_planned);
}

TEST_CASE("a mistyped field fails that item alone, naming the field") {
    const auto page = parse_issues_page("[" + item(1) + "," + item(2, "42") + "," + item(3) + "]", k_context);
    REQUIRE(page.ok());
    REQUIRE(page->size() == 3);
    CHECK((*page)[0].ok());
    REQUIRE_FALSE((*page)[1].ok());
    CHECK((*page)[1].failure().kind == util::Failure::Kind::parse);
    CHECK((*page)[1].failure().message == "github item 1 of PyGithub/PyGithub: field 'title' must be a string");
    CHECK((*page)[2].ok());
    std::string no_user = item(4);
    no_user.replace(no_user.find("\"user\""), 6, "\"usr\"");
    const auto missing = parse_issues_page("[" + no_user + "]", k_context);
    CHECK((*missing)[0].failure().message == "github item 0 of PyGithub/PyGithub: field 'user' must be an object");
}

TEST_CASE("an item that fails names itself when its number is readable, so it can be fetched again alone") {
    std::string no_number = item(5, "42");
    no_number.replace(no_number.find("\"number\":5"), 10, "\"number\":\"5\"");
    const auto page = parse_issues_page("[" + item(4, "42") + "," + no_number + "]", k_context);
    REQUIRE(page.ok());
    CHECK((*page)[0].failure().subject == "github:github.com/pygithub/pygithub#4");
    CHECK((*page)[1].failure().subject.empty());
    CHECK((*page)[1].failure().message ==
          "github item 1 of PyGithub/PyGithub: field 'number' must be a positive integer");
}

TEST_CASE("one issue, as GET /repos/{owner}/{repo}/issues/{number} answers it") {
    const auto one = sources::github::parse_issue(item(9), k_context);
    REQUIRE(one.ok());
    CHECK(one->external_id == "github:github.com/pygithub/pygithub#9");
    const auto broken = sources::github::parse_issue(item(9, "42"), k_context);
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.failure().message == "github item of PyGithub/PyGithub: field 'title' must be a string");
    CHECK(broken.failure().subject == "github:github.com/pygithub/pygithub#9");
    CHECK(sources::github::parse_issue("[" + item(9) + "]", k_context).failure().kind == util::Failure::Kind::parse);
}

TEST_CASE("a page that is not a whole JSON array fails as a whole") {
    const std::string good = "[" + item(1) + "," + item(2) + "]";
    for (const std::string& body :
         {good.substr(0, good.size() / 2), good.substr(0, good.size() - 1), std::string(R"({"message":"Not Found"})"),
          std::string("<html>502</html>"), std::string("")}) {
        CAPTURE(body.substr(0, 40));
        const auto page = parse_issues_page(body, k_context);
        REQUIRE_FALSE(page.ok());
        CHECK(page.failure().kind == util::Failure::Kind::parse);
    }
}

TEST_CASE("a page that is not valid JSON fails as a whole, naming the page, and never crashes") {
    // Inputs that once crashed the process (free(): invalid pointer, double free, SIGSEGV): the on-demand parser was
    // used after it had reported an error. Each must come back as one parse Failure for the page.
    for (const std::string& body :
         {std::string(R"([{"number":1,"title":"t","body":null,"state":"open","labels":[],"user":{"login":"a"""}}])"),
          "[" + item(1) + "," + item(2) + "}", "[" + item(1) + ",]", "[" + item(1) + "]]", "[" + item(1) + "] x",
          std::string(R"([{"number":1,"title":"t"},{"number":2,"title"}])"), std::string(R"([{"a":1,"a"::}])")}) {
        CAPTURE(body);
        const auto page = parse_issues_page(body, k_context);
        REQUIRE_FALSE(page.ok());
        CHECK(page.failure().kind == util::Failure::Kind::parse);
        CHECK(page.failure().message == "github issues page: the body is not valid JSON");
    }
}

TEST_CASE("an item of the wrong shape, or a field of the wrong type or deeply nested, fails that item alone") {
    std::string deep = item(3);
    deep.replace(deep.find("\"milestone\""), 11, R"("x":[[[[[[[[{}]]]]]]]],"milestone")");
    const auto page =
        parse_issues_page("[" + item(1) + ",7,null," + deep + R"(,{"number":"1"},{"number":-1}])", k_context);
    REQUIRE(page.ok());
    REQUIRE(page->size() == 6);
    CHECK((*page)[0].ok());
    CHECK((*page)[1].failure().message == "github item 1 of PyGithub/PyGithub: must be a JSON object");
    CHECK((*page)[2].failure().message == "github item 2 of PyGithub/PyGithub: must be a JSON object");
    CHECK((*page)[3].ok());
    CHECK((*page)[4].failure().message ==
          "github item 4 of PyGithub/PyGithub: field 'number' must be a positive integer");
    CHECK((*page)[5].failure().message ==
          "github item 5 of PyGithub/PyGithub: field 'number' must be a positive integer");
}

TEST_CASE("hosts in external ids") {
    using sources::github::host_of;
    CHECK(host_of("https://api.github.com") == "github.com");
    CHECK(host_of("https://ghe.example.com/api/v3") == "ghe.example.com");
    CHECK(host_of("http://127.0.0.1:8080") == "127.0.0.1:8080");
    // One spelling per server, whatever the config says: a new spelling must never mean new items.
    CHECK(host_of("https://API.GitHub.com") == "github.com");
    CHECK(host_of("https://api.github.com:443") == "github.com");
    CHECK(host_of("https://GHE.Example.com:443/api/v3") == "ghe.example.com");
    CHECK(host_of("https://ghe.example.com:8443/api/v3") == "ghe.example.com:8443");
    CHECK(host_of("http://localhost:8080") == "127.0.0.1:8080");
    CHECK(host_of("http://[::1]:8080") == "127.0.0.1:8080");
    CHECK(host_of("http://127.0.0.1:80") == "127.0.0.1");
    CHECK(host_of("https://127.0.0.1:80") == "127.0.0.1:80");
}

TEST_CASE("a probe reads the repository: it must be visible and have issues on") {
    ::setenv("IB_UNIT_GH_TOKEN", "secret", 1);
    config::Source s;
    s.name = "gh";
    s.type = "github";
    s.base_url = "https://api.github.com";
    s.secrets["token_env"].env = "IB_UNIT_GH_TOKEN";
    auto source = sources::make_source(s);
    const std::string url = "https://api.github.com/repos/o/r";
    http::FakeClient client;
    client.on("GET", url, http::FakeClient::response(200, R"({"full_name":"o/r","private":true,"has_issues":true})"));
    client.on("GET", url, http::FakeClient::response(200, R"({"full_name":"o/r","private":false,"has_issues":false})"));
    client.on("GET", url, http::FakeClient::response(404, R"({"message":"Not Found"})"));
    client.on("GET", url, http::FakeClient::response(401, R"({"message":"Bad credentials"})"));
    const auto ok = source->probe(client, "o/r");
    REQUIRE(ok.ok());
    CHECK(*ok == "private, issues on");
    const auto& headers = client.calls()[0].headers;
    CHECK(std::find(headers.begin(), headers.end(),
                    std::pair<std::string, std::string>("Authorization", "Bearer secret")) != headers.end());
    CHECK(source->probe(client, "o/r").failure().message == "repository 'o/r' has issues turned off");
    CHECK(source->probe(client, "o/r").failure().message ==
          "repository 'o/r' does not exist or this token cannot see it");
    CHECK(source->probe(client, "o/r").failure().kind == util::Failure::Kind::auth);
}

TEST_CASE("a page of an owner's repositories: full names, archived and forks left out unless included") {
    using sources::github::parse_repos_page;
    const std::string page = R"([{"full_name":"acme/a","archived":false,"fork":false},)"
                             R"({"full_name":"acme/old","archived":true,"fork":false},)"
                             R"({"full_name":"acme/f","archived":false,"fork":true}])";
    using Names = std::vector<std::string>;
    CHECK(*parse_repos_page(page, false, false) == Names{"acme/a"});
    CHECK(*parse_repos_page(page, true, false) == Names{"acme/a", "acme/old"});
    CHECK(*parse_repos_page(page, true, true) == Names{"acme/a", "acme/old", "acme/f"});
    struct Bad {
        const char* body;
        const char* message;
    };
    const Bad bad[] = {
        {R"([{"full_name":"acme/a","archived":false,"fork":false},{"full_na)",
         "github repositories page: the body is not valid JSON"},
        {R"({"message":"Not Found"})", "github repositories page: expected a JSON array"},
        {R"([{"archived":false,"fork":false}])",
         "github repositories page: repository 0: field 'full_name' must be a string"},
        {R"([{"full_name":"a/b","fork":false}])",
         "github repositories page: repository 0: field 'archived' must be a boolean"},
        {R"([{"full_name":"a/b","archived":false,"fork":"no"}])",
         "github repositories page: repository 0: field 'fork' must be a boolean"},
        {R"([7])", "github repositories page: repository 0: must be a JSON object"},
    };
    for (const auto& b : bad) {
        CAPTURE(b.body);
        const auto parsed = parse_repos_page(b.body, false, false);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.failure().kind == util::Failure::Kind::parse);
        CHECK(parsed.failure().message == b.message);
    }
}

TEST_CASE("an item of a repository 'owner/*' names belongs to that repository (state adopt)") {
    config::Source source;
    source.base_url = "https://api.github.com";
    const std::vector<std::string> repos{"Acme/*", "o/r"};
    CHECK(sources::github::repo_of(source, "github:github.com/acme/new#4", repos) == "acme/new");
    CHECK(sources::github::repo_of(source, "github:github.com/o/r#1", repos) == "o/r");
    CHECK_FALSE(sources::github::repo_of(source, "github:github.com/other/new#4", repos));
    CHECK_FALSE(sources::github::repo_of(source, "github:ghe.example.com/acme/new#4", repos));
}

TEST_SUITE_END();
