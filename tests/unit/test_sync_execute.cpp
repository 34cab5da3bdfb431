// The executor with the Jira target over a scripted client: what a link's memo makes a write do.

#include "cli/schemas.hpp"
#include "issuebridge/config/config.hpp"
#include "issuebridge/state/store.hpp"
#include "issuebridge/targets/registry.hpp"
#include "sync/execute.hpp"
#include "sync/plan.hpp"

#include "support/fake_client.hpp"
#include "support/tempdir.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <cstdlib>

using namespace issuebridge;
using http::FakeClient;

namespace {

std::unique_ptr<targets::Target> jira() {
    ::setenv("IB_UNIT_JIRA_TOKEN", "secret-token", 1);
    const auto c = config::parse(R"(
[sources.gh]
type = "github"
[targets.jira]
type = "jira"
base_url = "https://example.atlassian.net"
user = "me@example.com"
token_env = "IB_UNIT_JIRA_TOKEN"
project = "SUP"
[[routes]]
name = "r"
source = "gh"
target = "jira"
repos = ["o/r"]
)",
                                 "c.toml", cli::schemas());
    return targets::make_target(c.targets.at("jira"));
}

model::Draft draft(std::vector<std::string> labels) {
    model::Draft d;
    d.external_id = "github:github.com/o/r#7";
    d.target = "jira";
    d.route = "r";
    d.repo = "o/r";
    d.title = "Crash on start";
    d.body = "It crashes.";
    d.labels = std::move(labels);
    d.url = "https://github.com/o/r/issues/7";
    return d;
}

void sql(const std::filesystem::path& path, const char* statement) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, statement, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
}

} // namespace

TEST_SUITE_BEGIN("sync.execute");

TEST_CASE("labels written before schema 6 are still the only ones a labels write removes") {
    testing::TempDir dir;
    const auto path = dir / "state.db";
    const auto before = draft({"bug", "wontfix"});
    {
        auto store = state::Store::open(path);
        state::Link l;
        l.target = "jira";
        l.external_id = before.external_id;
        l.route = "r";
        l.repo = "o/r";
        l.target_id = "10001";
        l.target_key = "SUP-1";
        l.target_url = "https://example.atlassian.net/browse/SUP-1";
        l.status = state::LinkStatus::synced;
        l.fingerprint = before.fingerprint();
        l.target_state = "open";
        store.put_link(l);
    }
    // As schema 4 left it: the labels written, as a JSON array in the `labels` column (and cursors of a since).
    sql(path, R"sql(
DROP TABLE target_memory;
ALTER TABLE links DROP COLUMN failing_since;
DROP TABLE repo_errors;
ALTER TABLE links RENAME COLUMN memo TO labels;
ALTER TABLE cursors RENAME COLUMN position TO since;
ALTER TABLE cursors ADD COLUMN etag TEXT NOT NULL DEFAULT '';
UPDATE links SET labels = '["bug","wontfix"]';
PRAGMA user_version = 4;
)sql");
    auto store = state::Store::open(path);
    const auto now = draft({"bug", "good first issue"});
    const auto link = store.find_link("jira", now.external_id);
    REQUIRE(link);
    const auto action = sync::plan_one(now, link, sync::PlanOptions{});
    REQUIRE(action.kind == sync::ActionKind::update);
    CHECK(action.fields == model::Field::labels);

    auto target = jira();
    FakeClient client;
    client.on("PUT", "https://example.atlassian.net/rest/api/3/issue/10001", FakeClient::response(204));
    sync::Executor executor(*target, client, store);
    const auto outcome = executor.run({action}, sync::ExecuteOptions{});
    REQUIRE(client.calls().size() == 1);
    const std::string& body = client.calls()[0].body;
    // Only the label it wrote and the draft dropped goes; labels added by hand (any other) are never named.
    CHECK(body.find(R"({"remove":"wontfix"})") != std::string::npos);
    CHECK(body.find(R"("remove":"bug")") == std::string::npos);
    CHECK(body.find(R"({"add":"good_first_issue"})") != std::string::npos);
    REQUIRE(outcome.journal.size() == 1);
    CHECK(outcome.journal[0].status == state::LinkStatus::synced);
    CHECK(outcome.journal[0].memo == R"(["bug","good first issue"])"); // what a later write may remove
    CHECK(outcome.items[0].durable);
}

TEST_CASE("a closed draft is created open, then transitioned, and the link records what the item shows") {
    auto store = state::Store::in_memory();
    auto target = jira();
    auto closed = draft({"bug"});
    closed.state = model::ItemState::closed;
    const auto action = sync::plan_one(closed, std::nullopt, sync::PlanOptions{});
    REQUIRE(action.kind == sync::ActionKind::create);
    CHECK_FALSE(action.transition); // the target's write moves it, not the plan
    CHECK_FALSE(target->capabilities().create_carries_closed);
    SUBCASE("the transition goes through") {
        FakeClient client;
        client.on("POST", "https://example.atlassian.net/rest/api/3/issue",
                  FakeClient::response(201, R"({"id":"10001","key":"SUP-1"})"));
        client.on("GET", "https://example.atlassian.net/rest/api/3/issue/10001/transitions",
                  FakeClient::response(200, R"({"transitions":[{"id":"31","name":"Done","to":{"name":"Done"}}]})"));
        client.on("POST", "https://example.atlassian.net/rest/api/3/issue/10001/transitions",
                  FakeClient::response(204));
        sync::Executor executor(*target, client, store);
        const auto outcome = executor.run({action}, sync::ExecuteOptions{});
        REQUIRE(outcome.journal.size() == 1);
        CHECK(outcome.journal[0].target_state == "closed");
        CHECK(outcome.journal[0].memo == R"(["bug"])");
        CHECK(outcome.journal[0].status == state::LinkStatus::synced);
    }
    SUBCASE("the transition fails: the item shows open") {
        FakeClient client;
        client.on("POST", "https://example.atlassian.net/rest/api/3/issue",
                  FakeClient::response(201, R"({"id":"10001","key":"SUP-1"})"));
        client.on("GET", "https://example.atlassian.net/rest/api/3/issue/10001/transitions", FakeClient::response(500));
        sync::Executor executor(*target, client, store);
        const auto outcome = executor.run({action}, sync::ExecuteOptions{});
        REQUIRE(outcome.journal.size() == 1);
        CHECK(outcome.journal[0].target_id == "10001");
        CHECK(outcome.journal[0].target_state == "open");
        CHECK(outcome.journal[0].status == state::LinkStatus::failed);
        // The next plan moves it only.
        CHECK(sync::plan_one(closed, outcome.journal[0], sync::PlanOptions{}).kind == sync::ActionKind::close);
    }
}

TEST_SUITE_END();
