// The GitHub Issues target's pure parts: the marker, bodies, labels, request bodies and the listing reader.

#include "cli/schemas.hpp"
#include "issuebridge/config/config.hpp"
#include "issuebridge/render/body.hpp"
#include "issuebridge/targets/registry.hpp"
#include "targets/github/github.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace issuebridge;
namespace gh = targets::github;

namespace {

model::Draft draft(std::string body = "Steps:\n\n1. run it") {
    model::Draft d;
    d.external_id = "gitlab:gitlab.com/a--b/c d#7";
    d.title = "Crash on start";
    d.body = std::move(body);
    d.labels = {"bug", "p1"};
    d.url = "https://gitlab.com/a--b/c/-/issues/7";
    d.link_label = "View on GitLab";
    return d;
}

gh::Context context() {
    gh::Context c;
    c.repo = "acme/triage";
    c.marker_label = "issuebridge";
    return c;
}

config::Config parse_target(const std::string& lines) {
    return config::parse("[sources.gh]\ntype = \"github\"\n\n[targets.t]\ntype = \"github\"\ntoken_env = \"T\"\n" +
                             lines + "\n[[routes]]\nname = \"r\"\nsource = \"gh\"\ntarget = \"t\"\nrepos = [\"o/r\"]\n",
                         "c.toml", cli::schemas());
}

} // namespace

TEST_CASE("github target: the marker carries the full external id through any character") {
    for (const std::string id : {"github:github.com/o/r#1", "gitlab:gitlab.com/a--b/c d#7", "x:%41-->y<!--z"}) {
        const std::string m = gh::marker(id);
        CHECK(m.starts_with("<!-- issuebridge:"));
        CHECK(m.find("--", 4) == m.size() - 3); // nothing in it can end the comment early
        CHECK(gh::marker_of("text\n\n" + m) == id);
    }
    // Ours is last: a marker quoted in the source's own text does not count.
    CHECK(gh::marker_of(gh::marker("forged") + "\n\n" + gh::marker("real")) == "real");
    CHECK(gh::marker_of("no marker here") == "");
    CHECK(gh::marker_of("<!-- issuebridge:bad%zz -->") == "");
}

TEST_CASE("github target: the body is the source's markdown, a link back, then the marker") {
    const auto d = draft();
    const std::string body = gh::body_of(d);
    CHECK(body == "Steps:\n\n1. run it\n\n[View on GitLab](https://gitlab.com/a--b/c/-/issues/7)\n\n" +
                      gh::marker(d.external_id));
    CHECK(gh::marker_of(body) == d.external_id);
    // A body cut inside an HTML comment closes it, so the link back still shows; the marker is still last.
    const auto long_draft = draft("<!-- " + std::string(70000, 'x'));
    const std::string cut = gh::body_of(long_draft);
    CHECK(render::text_length(cut) <= gh::k_body_limit);
    CHECK(cut.find("(truncated, see source)") != std::string::npos);
    CHECK(gh::marker_of(cut) == long_draft.external_id);
    CHECK(cut.find(" -->\n\n") != std::string::npos);
}

TEST_CASE("github target: labels, the memo, and the merge that keeps hand-added labels") {
    const auto c = context();
    CHECK(gh::labels_of(c, draft()) == std::vector<std::string>{"bug", "p1", "issuebridge"});
    CHECK(gh::memo_labels(gh::labels_memo(draft())) == std::vector<std::string>{"bug", "p1"});
    CHECK(gh::memo_labels("not json").empty());
    // Shown: ours of last time (bug, P1: GitHub compares names case-insensitively), a hand-added one; now bug, p2.
    CHECK(gh::merged_labels({"bug", "P1", "by-hand", "issuebridge"}, {"bug", "p2", "issuebridge"}, {"bug", "p1"}) ==
          std::vector<std::string>{"bug", "by-hand", "issuebridge", "p2"});
    CHECK(gh::label_color("bug") == gh::label_color("BUG"));
    CHECK(gh::label_color("bug").size() == 6);
}

TEST_CASE("github target: request bodies") {
    const auto c = context();
    auto d = draft();
    d.assignee = "octocat";
    const std::string create = gh::create_body(c, d, std::nullopt);
    CHECK(create.find(R"("title":"Crash on start")") != std::string::npos);
    CHECK(create.find(R"("labels":["bug","p1","issuebridge"],"assignees":["octocat"]})") != std::string::npos);
    CHECK(gh::create_body(c, d, 4).ends_with(R"("assignees":["octocat"],"milestone":4})"));
    CHECK(gh::edit_body(d, 0, {}, std::nullopt, model::ItemState::closed) ==
          R"({"state":"closed","state_reason":"completed"})");
    CHECK(gh::edit_body(d, 0, {}, std::nullopt, model::ItemState::open) == R"({"state":"open","state_reason":null})");
    d.not_planned = true; // a dismissed alert, a request closed unmerged
    CHECK(gh::edit_body(d, 0, {}, std::nullopt, model::ItemState::closed) ==
          R"({"state":"closed","state_reason":"not_planned"})");
    CHECK(gh::edit_body(d, 0, {}, std::nullopt, model::ItemState::open) == R"({"state":"open","state_reason":null})");
    d.not_planned = false;
    d.assignee.clear();
    CHECK(gh::edit_body(d, model::Field::title | model::Field::assignee, {}, std::nullopt, std::nullopt) ==
          R"({"title":"Crash on start","assignees":[]})");
    // The milestone: written only when its bit is set and the route has a say; none is null.
    CHECK(gh::edit_body(d, model::Field::milestone, {}, 4, std::nullopt) == "{}");
    d.milestone = "v1.2";
    CHECK(gh::edit_body(d, model::Field::milestone, {}, 4, std::nullopt) == R"({"milestone":4})");
    CHECK(gh::edit_body(d, model::Field::title, {}, 4, std::nullopt) == R"({"title":"Crash on start"})");
    d.milestone = "";
    CHECK(gh::edit_body(d, model::Field::milestone, {}, std::nullopt, std::nullopt) == R"({"milestone":null})");
}

TEST_CASE("github target: a malformed listing fails naming the field; issues without our marker are skipped") {
    std::map<std::int64_t, gh::Listed> index;
    const std::string ours = gh::marker("github:github.com/o/r#1");
    const std::string page = R"([{"number":5,"html_url":"h5","title":"t","body":")" + ours +
                             R"(","state":"closed","labels":[{"name":"issuebridge"}],"assignees":[{"login":"a"}]},)"
                             R"({"number":6,"html_url":"h6","title":"t","body":null,"state":"open","labels":[],)"
                             R"("assignees":[]},{"number":7,"pull_request":{}}])";
    REQUIRE_FALSE(gh::read_listing_page(page, index));
    REQUIRE(index.size() == 1);
    CHECK(index.at(5).external_id == "github:github.com/o/r#1");
    CHECK(index.at(5).state == model::ItemState::closed);
    CHECK(index.at(5).assignees == std::vector<std::string>{"a"});
    CHECK(index.at(5).milestone == "");
    std::map<std::int64_t, gh::Listed> none;
    const auto truncated = gh::read_listing_page(page.substr(0, page.size() / 2), none);
    REQUIRE(truncated);
    CHECK(truncated->kind == util::Failure::Kind::parse);
    const auto bad_title = gh::read_listing_page(R"([{"number":1,"html_url":"h","title":3}])", none);
    REQUIRE(bad_title);
    CHECK(bad_title->message.find("'title'") != std::string::npos);
    CHECK(none.empty());
    const auto with_milestone = [&](const std::string& milestone) {
        return R"([{"number":8,"html_url":"h8","title":"t","body":")" + ours +
               R"(","state":"open","labels":[],"assignees":[],"milestone":)" + milestone + "}]";
    };
    REQUIRE_FALSE(gh::read_listing_page(with_milestone(R"({"number":2,"title":"v1.2"})"), index));
    CHECK(index.at(8).milestone == "v1.2");
    const auto bad_milestone = gh::read_listing_page(with_milestone(R"({"number":2,"title":7})"), none);
    REQUIRE(bad_milestone);
    CHECK(bad_milestone->message.find("'milestone.title'") != std::string::npos);
}

namespace {

http::Outcome answer(long status, std::string body) {
    http::Response r;
    r.status = status;
    r.body = std::move(body);
    return http::Outcome(std::move(r));
}

} // namespace

TEST_CASE("github target: a milestone is listed once, made when missing, and found again when another made it") {
    auto c = std::make_shared<gh::Context>(context());
    c->base_url = "https://api.github.com";
    gh::MilestoneSteps none(c, "");
    CHECK(none.done()); // no milestone wanted: nothing to ask
    CHECK_FALSE(none.number());

    gh::MilestoneSteps v2(c, "v2.0");
    REQUIRE_FALSE(v2.done());
    auto r = v2.next();
    CHECK(r.method == "GET");
    CHECK(r.url == "https://api.github.com/repos/acme/triage/milestones?state=all&per_page=100");
    v2.on_outcome(answer(200, R"([{"number":1,"title":"v1.0"}])"));
    REQUIRE_FALSE(v2.done());
    r = v2.next();
    CHECK(r.method == "POST");
    CHECK(r.body == R"({"title":"v2.0"})");
    // Another writer made it meanwhile: GitHub refuses the second, and the listing, read again, has it.
    v2.on_outcome(answer(422, R"({"message":"Validation Failed","errors":[{"resource":"Milestone","code":)"
                              R"("already_exists","field":"title"}]})"));
    REQUIRE_FALSE(v2.done());
    CHECK(v2.next().method == "GET");
    v2.on_outcome(answer(200, R"([{"number":1,"title":"v1.0"},{"number":2,"title":"v2.0"}])"));
    REQUIRE(v2.done());
    CHECK_FALSE(v2.failure());
    CHECK(v2.number() == 2);
    // Known for the rest of the run: the next operation asks nothing.
    CHECK(gh::MilestoneSteps(c, "v1.0").number() == 1);
    CHECK(gh::MilestoneSteps(c, "v2.0").done());

    // Refused as existing, yet not listed: a failure that says so, not a loop.
    gh::MilestoneSteps ghost(c, "v3.0");
    CHECK(ghost.next().method == "POST");
    const auto exists = R"({"errors":[{"code":"already_exists"}]})";
    ghost.on_outcome(answer(422, exists));
    CHECK(ghost.next().method == "GET");
    ghost.on_outcome(answer(200, "[]"));
    CHECK(ghost.next().method == "POST");
    ghost.on_outcome(answer(422, exists));
    REQUIRE(ghost.done());
    REQUIRE(ghost.failure());
    CHECK(ghost.failure()->message.find("milestone 'v3.0' of acme/triage") != std::string::npos);

    // A malformed listing fails, naming the field.
    auto fresh = std::make_shared<gh::Context>(context());
    gh::MilestoneSteps bad(fresh, "v1.0");
    bad.next();
    bad.on_outcome(answer(200, R"([{"number":"one","title":"v1.0"}])"));
    REQUIRE(bad.failure());
    CHECK(bad.failure()->message == "github milestones listing: field 'number' is malformed");
}

TEST_CASE("github target: config takes repo and marker_label, and refuses a repo that is not owner/name") {
    const auto c = parse_target("repo = \"acme/triage\"\n");
    const auto& t = c.targets.at("t");
    CHECK(t.base_url == "https://api.github.com");
    CHECK(t.setting("marker_label") == "issuebridge");
    CHECK(t.search_lag == 0);
    CHECK_THROWS_WITH_AS(parse_target("repo = \"triage\"\n"), doctest::Contains("must be 'owner/name'"),
                         std::exception);
    const targets::Row* row = targets::find_row("github");
    REQUIRE(row);
    CHECK(row->policy.write_interval == std::chrono::seconds{1});
    CHECK(row->policy.write_rate == util::Rate{80, std::chrono::seconds{60}});
    CHECK_FALSE(row->capabilities.create_carries_closed);
}

TEST_CASE("github target: a route that syncs a repository into itself is a config error (a loop)") {
    const std::string config = "[sources.gh]\ntype = \"github\"\n\n[targets.t]\ntype = \"github\"\ntoken_env = "
                               "\"T\"\nrepo = \"Acme/Triage\"\n\n[[routes]]\nname = \"r\"\nsource = \"gh\"\n"
                               "target = \"t\"\nrepos = [\"acme/app\", \"acme/triage\"]\n";
    CHECK_THROWS_WITH_AS(config::parse(config, "c.toml", cli::schemas()),
                         doctest::Contains("repository 'acme/triage' is also the repo of target 't': the route would "
                                           "sync it into itself (a loop) in [[routes]] 'r'"),
                         std::exception);
    // So does a pattern that names it.
    std::string pattern = config;
    pattern.replace(pattern.find("\"acme/app\", \"acme/triage\""), 25, "\"ACME/*\"");
    CHECK_THROWS_WITH_AS(config::parse(pattern, "c.toml", cli::schemas()),
                         doctest::Contains("pattern 'ACME/*' names 'Acme/Triage', the repo of target 't': the route "
                                           "would sync it into itself (a loop) in [[routes]] 'r'"),
                         std::exception);
    // The same names on another server are two repositories.
    std::string ghes = config;
    ghes.insert(ghes.find("token_env"), "base_url = \"https://ghe.example.com/api/v3\"\n");
    CHECK(config::parse(ghes, "c.toml", cli::schemas()).routes.size() == 1);
}

TEST_CASE("github target: the source's short references become absolute links; code is left alone") {
    auto d = draft("See #12 and !5, (#3); not a#4 or #5x or `#6`.\n\n```\n#7\n```\n    #8\nand [#9](x)");
    const std::string gitlab = gh::body_of(d);
    const std::string base = "https://gitlab.com/a--b/c/-/";
    CHECK(gitlab.starts_with("See [#12](" + base + "issues/12) and [!5](" + base + "merge_requests/5), ([#3](" + base +
                             "issues/3)); not a#4 or #5x or `#6`.\n\n```\n#7\n```\n    #8\nand [#9](x)"));
    d.external_id = "github:github.com/o/r#7";
    d.url = "https://github.com/o/r/issues/7";
    d.body = "Fixed by #10 !11";
    CHECK(gh::body_of(d).starts_with("Fixed by [#10](https://github.com/o/r/issues/10) !11\n"));
    d.external_id = "lgtm:lgtm.com/x#1";
    CHECK(gh::body_of(d).starts_with("Fixed by #10 !11\n"));
}
