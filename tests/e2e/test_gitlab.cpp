// GitLab's particulars end to end (the pair scenarios in test_scenarios.cpp cover the rest): confidential issues
// left out and counted, an issue and a merge request with the same iid, a merged merge request closing its item,
// a moved project keeping its items, 429s without Retry-After, config check --online, and group patterns.

#include "pairs.hpp"

#include <set>
#include <string>

using namespace issuebridge::testing;

namespace {

Pair gitlab_to_jira() { return {gitlab_source(), jira_target()}; }

std::set<std::string> titles(Sandbox& sandbox, const Pair& pair) {
    std::set<std::string> out;
    for (const auto& item : pair.target.items(sandbox)) {
        out.insert(item.title);
    }
    return out;
}

} // namespace

TEST_SUITE_BEGIN("e2e.gitlab");

TEST_CASE("gitlab: confidential issues are left out and counted unless include_confidential is true") {
    const Pair pair = gitlab_to_jira();
    Sandbox sandbox;
    pair.target.prepare(sandbox);
    sandbox.admin("POST", "/_sandbox/gitlab/projects/acme/secret/issues",
                  R"([{"title":"Public"},{"title":"Embargoed CVE","confidential":true},{"title":"Also public"}])");
    PairSync setup(sandbox, pair, "acme/secret", pair.target.immediate());
    const auto r = setup.sync({"--json"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("\"left_out\":1") != std::string::npos);
    CHECK(pair.target.creates(sandbox) == 2);
    for (const auto& item : pair.target.items(sandbox)) {
        CHECK(item.title != "Embargoed CVE");
    }
}

TEST_CASE("gitlab: issue #1 and merge request !1 are two items; a merged merge request closes its item") {
    const Pair pair = gitlab_to_jira();
    Sandbox sandbox;
    pair.target.prepare(sandbox);
    sandbox.admin("POST", "/_sandbox/gitlab/projects/acme/twins/issues", R"({"title":"The issue"})");
    sandbox.admin("POST", "/_sandbox/gitlab/projects/acme/twins/merge_requests", R"({"title":"The change"})");
    PairSync setup(sandbox, pair, "acme/twins", pair.target.immediate());
    REQUIRE(setup.sync().exit_code == 0);
    auto items = target_by_id(sandbox, pair);
    const std::string host = "127.0.0.1:" + std::to_string(sandbox.port());
    REQUIRE(items.size() == 2);
    CHECK(items.at("gitlab:" + host + "/acme/twins#1").title == "The issue");
    CHECK(items.at("gitlab:" + host + "/acme/twins!1").title == "The change");

    sandbox.admin("PATCH", "/_sandbox/gitlab/projects/acme/twins/merge_requests/1", R"({"state":"merged"})");
    REQUIRE(setup.sync().exit_code == 0);
    items = target_by_id(sandbox, pair);
    CHECK(items.at("gitlab:" + host + "/acme/twins!1").state == "closed");
    CHECK(items.at("gitlab:" + host + "/acme/twins#1").state == "open");
}

TEST_CASE("gitlab: a moved project keeps its items (GitLab answers the old path), nothing is created twice") {
    const Pair pair = gitlab_to_jira();
    Sandbox sandbox;
    pair.target.prepare(sandbox);
    pair.source.seed(sandbox, "acme/old-name", 12, 5);
    PairSync setup(sandbox, pair, "acme/old-name", pair.target.immediate());
    REQUIRE(setup.sync().exit_code == 0);
    const int created = pair.target.creates(sandbox);
    CHECK(created == 12);

    sandbox.admin("POST", "/_sandbox/gitlab/projects/acme/old-name/move", R"({"to":"platform/new-name"})");
    sandbox.admin("PATCH", "/_sandbox/gitlab/projects/platform/new-name/issues/1", R"({"title":"After the move"})");
    sandbox.admin("POST", "/_sandbox/requests/reset");
    const auto r = setup.sync();
    CHECK(r.exit_code == 0);
    CHECK(pair.target.creates(sandbox) == 0);
    // Every item's web_url now names the new path, so each is updated once (its link back), none created.
    CHECK(pair.target.edits(sandbox) == 12);
    CHECK(target_by_id(sandbox, pair).size() == 12);
}

TEST_CASE("gitlab: 429s without Retry-After or rate-limit headers are backed off and waited out, not failures") {
    const Pair pair = gitlab_to_jira();
    Sandbox sandbox;
    pair.target.prepare(sandbox);
    pair.source.seed(sandbox, "acme/throttled", 30, 8);
    sandbox.admin("POST", "/_sandbox/burst", R"({"api":"gitlab","count":3})");
    PairSync setup(sandbox, pair, "acme/throttled", pair.target.immediate());
    const auto r = setup.sync();
    CHECK(r.exit_code == 0);
    CHECK(r.err == "");
    CHECK(sandbox.requests("gitlab", "GET /api/v4/projects/{id+}/issues", "429") == 3);
    check_exactly_once(sandbox, pair, "acme/throttled", 30);
}

TEST_CASE("gitlab: config check --online names the token's user and what each project allows, writing nothing") {
    const Pair pair = gitlab_to_jira();
    Sandbox sandbox;
    pair.target.prepare(sandbox);
    pair.source.seed(sandbox, "acme/one", 2, 1);
    pair.source.seed(sandbox, "acme/two", 2, 2);
    PairSync setup(sandbox, pair, "acme/one", pair.target.immediate());
    std::string second = setup.another_route("second", "");
    second.replace(second.find("acme/one"), std::string_view("acme/one").size(), "acme/two");
    setup.write_config(pair.target.immediate(), second);
    const auto r = setup.ib({"config", "check", "--online"});
    CHECK(r.exit_code == 0);
    CHECK(r.err == "");
    for (const std::string project : {"acme/one", "acme/two"}) {
        CHECK(r.out.find("  source '" + pair.source.name() + "' repository " + project + ": ok, signed in as root; ") !=
              std::string::npos);
    }
    CHECK(r.out.find(", issues on, merge requests on, confidential issues left out\n") != std::string::npos);
    CHECK(sandbox.requests("gitlab", "GET /api/v4/user") == 1); // once per run, not per project
    CHECK(pair.target.writes(sandbox) == 0);
}

TEST_CASE("gitlab: 'group/*' syncs the group's own projects, 'group/**' its subgroups' too; archived ones left out") {
    const Pair pair = gitlab_to_jira();
    Sandbox sandbox;
    pair.target.prepare(sandbox);
    for (const char* project : {"acme/api", "acme/web", "acme/tools/cli", "acme/old", "other/x"}) {
        sandbox.admin("POST", std::string("/_sandbox/gitlab/projects/") + project + "/issues",
                      std::string(R"({"title":"in )") + project + "\"}");
    }
    sandbox.admin("PATCH", "/_sandbox/gitlab/projects/acme/old", R"({"archived":true})");
    using Titles = std::set<std::string>;
    SUBCASE("group/*, and a project added to the group later arrives with the next run") {
        PairSync setup(sandbox, pair, "acme/*", pair.target.immediate());
        REQUIRE(setup.sync().exit_code == 0);
        CHECK(titles(sandbox, pair) == Titles{"in acme/api", "in acme/web"});
        sandbox.admin("POST", "/_sandbox/gitlab/projects/acme/new/issues", R"({"title":"in acme/new"})");
        REQUIRE(setup.sync().exit_code == 0);
        CHECK(titles(sandbox, pair) == Titles{"in acme/api", "in acme/web", "in acme/new"});
        CHECK(pair.target.creates(sandbox) == 3);
        const auto r = setup.sync({"--repo", "acme/tools/cli"}); // not a direct project of acme
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("no route syncs repository 'acme/tools/cli'") != std::string::npos);
    }
    SUBCASE("group/**, and --repo takes a project it covers") {
        PairSync setup(sandbox, pair, "acme/**", pair.target.immediate());
        REQUIRE(setup.sync({"--repo", "acme/tools/cli"}).exit_code == 0);
        CHECK(titles(sandbox, pair) == Titles{"in acme/tools/cli"});
        REQUIRE(setup.sync().exit_code == 0);
        CHECK(titles(sandbox, pair) == Titles{"in acme/api", "in acme/web", "in acme/tools/cli"});
        CHECK(pair.target.creates(sandbox) == 3);
    }
    SUBCASE("a group that does not exist is the pattern's error, a setting to fix") {
        PairSync setup(sandbox, pair, "nobody/*", pair.target.immediate());
        const auto r = setup.sync();
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("group 'nobody' not found on 127.0.0.1:") != std::string::npos);
    }
}

TEST_SUITE_END();
