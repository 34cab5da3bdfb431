// A listing that gives every item of its repository (sources::Listing::complete_set) against a scripted target:
// a linked item it leaves out is closed, once; a failed listing closes nothing; an item that comes back reopens.

#include "support/fake_client.hpp"
#include "support/fake_source.hpp"
#include "support/fake_target.hpp"

#include "cli/schemas.hpp"
#include "issuebridge/config/config.hpp"
#include "issuebridge/state/store.hpp"
#include "issuebridge/sync/engine.hpp"
#include "sync/plan.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <functional>

using namespace issuebridge;
using http::FakeClient;
using testing::FakeSource;
using testing::FakeTarget;

namespace {

config::Config one_repo() {
    ::setenv("IB_UNIT_ABSENT_TOKEN", "t", 1);
    return config::parse(R"toml(
[sources.gh]
type = "github"
[targets.jira]
type = "jira"
base_url = "https://x.atlassian.net"
user = "u"
token_env = "IB_UNIT_ABSENT_TOKEN"
project = "P"
search_lag = 0
[[routes]]
name = "main"
source = "gh"
target = "jira"
repos = ["o/a"]
)toml",
                         "absent.toml", cli::schemas());
}

// One run over `items` of o/a (one page, answered `page_status`) against `target`; `complete`: the listing says it
// is the repository's complete set.
sync::SyncReport run(state::Store& store, FakeTarget& target, const std::vector<model::SourceItem>& items,
                     bool complete = true, int page_status = 200,
                     const std::function<void(FakeClient&, sync::SyncOptions&)>& script = {}) {
    FakeClient client;
    sync::SyncOptions options;
    if (script) {
        script(client, options); // its one-shot answers come before the defaults below
    }
    FakeTarget::answer_ok(client);
    client.on_every("GET", FakeSource::page_url("o/a", 0), FakeClient::response(page_status));
    options.make_source = [&](const config::Source&) {
        auto source = std::make_unique<FakeSource>();
        if (complete) {
            source->list_complete_sets();
        }
        source->add_page("o/a", items);
        return source;
    };
    options.make_target = [&](const config::Target&) { return testing::borrow(target); };
    return sync::run_sync(one_repo(), store, client, options, [](const sync::ActionRecord&) {});
}

model::ItemState shown(const FakeTarget& target, const model::SourceItem& item) {
    const auto items = target.items_of(item.external_id);
    REQUIRE(items.size() == 1);
    return items.front()->state;
}

state::Link link(std::string id, state::LinkStatus status, std::string target_id, std::string target_state) {
    state::Link l;
    l.target = "jira";
    l.external_id = std::move(id);
    l.route = "main";
    l.repo = "o/a";
    l.status = status;
    l.target_id = std::move(target_id);
    l.target_state = std::move(target_state);
    l.fingerprint = "f";
    return l;
}

} // namespace

TEST_SUITE_BEGIN("sync.absent");

TEST_CASE("a complete listing that lacks a linked item closes it, once, keeping what the link knows") {
    auto store = state::Store::in_memory();
    FakeTarget target;
    const auto one = FakeSource::item("o/a", 1);
    const auto two = FakeSource::item("o/a", 2);
    run(store, target, {one, two});
    REQUIRE(target.items().size() == 2);
    const std::string fingerprint = store.find_link("jira", two.external_id)->fingerprint;

    const auto report = run(store, target, {one});
    REQUIRE(report.repos.size() == 1);
    CHECK(report.repos[0].closed == 1);
    CHECK(shown(target, one) == model::ItemState::open);
    CHECK(shown(target, two) == model::ItemState::closed);
    const auto row = store.find_link("jira", two.external_id);
    CHECK(row->target_state == "closed");
    CHECK(row->status == state::LinkStatus::synced);
    CHECK(row->fingerprint == fingerprint);
    CHECK(target.writes().back().fields == 0);

    const auto writes = target.writes().size();
    const auto again = run(store, target, {one});
    CHECK(again.repos[0].closed == 0);
    CHECK(target.writes().size() == writes);
    CHECK(target.items().size() == 2);
}

TEST_CASE("a close the target refused is retried to the end: the source reads the item gone, and it is closed") {
    auto store = state::Store::in_memory();
    FakeTarget target;
    const auto one = FakeSource::item("o/a", 1);
    const auto two = FakeSource::item("o/a", 2);
    run(store, target, {one, two}, true, 200, [](FakeClient&, sync::SyncOptions& o) { o.now = 1'000'000; });
    const std::string id = store.find_link("jira", two.external_id)->target_id;
    // The close is refused for good (a 400): set aside with a retry time; the listing, complete, is done.
    auto report = run(store, target, {one}, true, 200, [&](FakeClient& client, sync::SyncOptions& o) {
        o.now = 1'000'100;
        client.on("POST", FakeTarget::state_url(id), FakeClient::response(400));
    });
    REQUIRE(report.repos.size() == 1);
    CHECK(report.repos[0].closed == 0);
    CHECK(shown(target, two) == model::ItemState::open);
    CHECK(store.find_link("jira", two.external_id)->next_attempt_at > 1'000'100);
    // Later, with nothing new at the source (its listing fails, so absence proves nothing this run), the retry
    // reads the item gone from the set: it is closed.
    report = run(store, target, {one}, true, 500, [&](FakeClient& client, sync::SyncOptions& o) {
        o.now = 2'000'000;
        client.on_every("GET", FakeSource::item_url("o/a", two.external_id), FakeClient::response(200));
    });
    CHECK(report.repos[0].closed == 1);
    CHECK(shown(target, two) == model::ItemState::closed);
    CHECK(store.find_link("jira", two.external_id)->target_state == "closed");
}

TEST_CASE("an item a complete listing gives again is reopened, not created again") {
    auto store = state::Store::in_memory();
    FakeTarget target;
    const auto one = FakeSource::item("o/a", 1);
    const auto two = FakeSource::item("o/a", 2);
    run(store, target, {one, two});
    run(store, target, {one});
    REQUIRE(shown(target, two) == model::ItemState::closed);

    const auto report = run(store, target, {one, two});
    CHECK(report.repos[0].reopened == 1);
    CHECK(report.repos[0].created == 0);
    CHECK(shown(target, two) == model::ItemState::open);
    CHECK(target.items().size() == 2);
}

TEST_CASE("a complete listing of no item closes every linked one, past a batch's size") {
    auto store = state::Store::in_memory();
    FakeTarget target;
    std::vector<model::SourceItem> items;
    for (int n = 1; n <= 150; ++n) {
        items.push_back(FakeSource::item("o/a", n));
    }
    run(store, target, items);
    REQUIRE(target.items().size() == 150);
    const auto report = run(store, target, {});
    CHECK(report.repos[0].closed == 150);
    CHECK(report.repos[0].warning.empty());
    CHECK(std::all_of(target.items().begin(), target.items().end(),
                      [](const auto& entry) { return entry.second.state == model::ItemState::closed; }));
}

TEST_CASE("a complete listing that fails closes nothing") {
    auto store = state::Store::in_memory();
    FakeTarget target;
    const auto one = FakeSource::item("o/a", 1);
    run(store, target, {one});
    const auto writes = target.writes().size();

    const auto report = run(store, target, {}, true, 500);
    CHECK_FALSE(report.repos[0].error.empty());
    CHECK(report.repos[0].closed == 0);
    CHECK(shown(target, one) == model::ItemState::open);
    CHECK(target.writes().size() == writes);
}

TEST_CASE("a listing of changes alone closes nothing by absence") {
    auto store = state::Store::in_memory();
    FakeTarget target;
    const auto one = FakeSource::item("o/a", 1);
    const auto two = FakeSource::item("o/a", 2);
    run(store, target, {one, two}, false);
    run(store, target, {one}, false);
    CHECK(shown(target, two) == model::ItemState::open);
}

TEST_CASE("plan_absent closes only open, created items the listing left out") {
    using S = state::LinkStatus;
    const std::vector<state::Link> links{
        link("fake:o/a/1", S::synced, "10", "open"),   // listed
        link("fake:o/a/2", S::synced, "11", "open"),   // absent: closed
        link("fake:o/a/3", S::creating, "", "open"),   // a create pending
        link("fake:o/a/4", S::failed, "", "open"),     // never created
        link("fake:o/a/5", S::synced, "14", "closed"), // closed already
        link("fake:o/a/6", S::failed, "15", "open"),   // its last update failed: closed all the same
    };
    const auto actions = sync::plan_absent(links, {"fake:o/a/1"});
    REQUIRE(actions.size() == 2);
    CHECK(actions[0].draft.external_id == "fake:o/a/2");
    CHECK(actions[1].draft.external_id == "fake:o/a/6");
    for (const auto& a : actions) {
        CHECK(a.kind == sync::ActionKind::close);
        CHECK(a.draft.state == model::ItemState::closed);
        CHECK(a.draft.target == "jira");
        CHECK(a.draft.route == "main");
        CHECK(a.draft.repo == "o/a");
        CHECK(a.link);
    }
}

TEST_SUITE_END();
