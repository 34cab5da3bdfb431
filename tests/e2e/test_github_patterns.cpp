// GitHub's 'owner/*' in a route's repos, end to end: an organisation's repositories (or a user's), forks and
// archived ones left out unless the source includes them, one added later picked up by the next run.

#include "pairs.hpp"

#include <set>
#include <string>

using namespace issuebridge::testing;

namespace {

Pair github_to_jira() { return {github_source(), jira_target()}; }

std::set<std::string> titles(Sandbox& sandbox, const Pair& pair) {
    std::set<std::string> out;
    for (const auto& item : pair.target.items(sandbox)) {
        out.insert(item.title);
    }
    return out;
}

void issue_in(Sandbox& sandbox, const std::string& repo) {
    sandbox.admin("POST", "/_sandbox/github/repos/" + repo + "/issues", R"({"title":"in )" + repo + "\"}");
}

} // namespace

TEST_SUITE_BEGIN("e2e.github_patterns");

TEST_CASE("github: 'org/*' syncs the organisation's repositories, forks and archived ones left out") {
    const Pair pair = github_to_jira();
    Sandbox sandbox;
    pair.target.prepare(sandbox);
    for (const char* repo : {"acme/api", "acme/web", "acme/old", "acme/fork", "other/x"}) {
        issue_in(sandbox, repo);
    }
    sandbox.admin("PUT", "/_sandbox/github/repos/acme/old", R"({"archived":true})");
    sandbox.admin("PUT", "/_sandbox/github/repos/acme/fork", R"({"fork":true})");
    using Titles = std::set<std::string>;
    SUBCASE("left out by default; a repository added later arrives with the next run") {
        PairSync setup(sandbox, pair, "acme/*", pair.target.immediate());
        REQUIRE(setup.sync().exit_code == 0);
        CHECK(titles(sandbox, pair) == Titles{"in acme/api", "in acme/web"});
        issue_in(sandbox, "acme/new");
        REQUIRE(setup.sync().exit_code == 0);
        CHECK(titles(sandbox, pair) == Titles{"in acme/api", "in acme/web", "in acme/new"});
        CHECK(sandbox.requests("github", "GET /orgs/{org}/repos") == 2); // one page per run
        const auto check = setup.ib({"check-missing", "--days", "7", "--report-only", "--json"});
        CHECK(check.exit_code == 0);
        CHECK(check.out.find(R"("repo":"acme/new")") != std::string::npos);
        CHECK(check.out.find(R"("repo":"acme/old")") == std::string::npos);
    }
    SUBCASE("include_archived and include_forks name them too") {
        PairSync setup(sandbox, pair, "acme/*", pair.target.immediate());
        std::string toml = read_file(setup.dir() / "config.toml");
        const auto at = toml.find("type = \"github\"\n");
        REQUIRE(at != std::string::npos);
        setup.dir().write("config.toml", toml.insert(at, "include_archived = \"true\"\ninclude_forks = \"true\"\n"));
        REQUIRE(setup.sync().exit_code == 0);
        CHECK(titles(sandbox, pair) == Titles{"in acme/api", "in acme/web", "in acme/old", "in acme/fork"});
    }
}

TEST_CASE("github: 'user/*' lists a user's repositories when the owner is no organisation") {
    const Pair pair = github_to_jira();
    Sandbox sandbox;
    pair.target.prepare(sandbox);
    issue_in(sandbox, "octocat/hello");
    sandbox.admin("PUT", "/_sandbox/github/users/octocat", "");
    PairSync setup(sandbox, pair, "octocat/*", pair.target.immediate());
    REQUIRE(setup.sync().exit_code == 0);
    CHECK(titles(sandbox, pair) == std::set<std::string>{"in octocat/hello"});
    CHECK(sandbox.requests("github", "GET /users/{username}/repos") == 1);
}

TEST_SUITE_END();
