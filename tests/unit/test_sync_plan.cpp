#include "sync/execute.hpp"
#include "sync/plan.hpp"

#include <doctest/doctest.h>

#include <functional>
#include <map>

using namespace issuebridge;
using model::ItemState;
using state::LinkStatus;
using sync::ActionKind;

namespace {

model::Draft draft(ItemState s = ItemState::open, std::string title = "Crash on start") {
    model::Draft d;
    d.external_id = "github:github.com/o/r#7";
    d.target = "jira";
    d.route = "r";
    d.repo = "o/r";
    d.title = std::move(title);
    d.body = "It crashes.";
    d.labels = {"bug"};
    d.state = s;
    d.url = "https://github.com/o/r/issues/7";
    return d;
}

// A link as the executor leaves it after applying `applied`.
state::Link link_for(const model::Draft& applied, LinkStatus status, std::int64_t created_at = 0) {
    state::Link l;
    l.target = applied.target;
    l.external_id = applied.external_id;
    l.status = status;
    l.target_id = status == LinkStatus::creating ? "" : "10001";
    l.fingerprint = applied.fingerprint();
    l.target_state = model::to_string(applied.state);
    l.created_at = created_at;
    l.updated_at = created_at;
    return l;
}

const sync::PlanOptions k_options{1000, 120};

} // namespace

TEST_SUITE_BEGIN("sync.plan");

TEST_CASE("fingerprints are stable and cover what the target shows") {
    const auto d = draft();
    CHECK(d.fingerprint() == draft().fingerprint());
    CHECK(d.fingerprint().size() == 44);
    auto other = d;
    other.source_updated_at = "2026-01-01T00:00:00Z"; // not shown on the target
    CHECK(other.fingerprint() == d.fingerprint());
    for (auto change : std::vector<std::function<void(model::Draft&)>>{
             [](model::Draft& x) { x.title += "!"; }, [](model::Draft& x) { x.body += "!"; },
             [](model::Draft& x) { x.labels.push_back("p1"); }, [](model::Draft& x) { x.assignee = "acc"; },
             [](model::Draft& x) { x.url += "x"; }, [](model::Draft& x) { x.milestone = "v1.2"; },
             [](model::Draft& x) {
                 x.labels = {"bu", "g"};
             }}) {
        auto changed = d;
        change(changed);
        CHECK(changed.fingerprint() != d.fingerprint());
    }
    // Pinned: a change here changes every stored fingerprint, which would update every item once.
    CHECK(model::to_hex(model::stable_hash("")) == "cbf29ce484222325");
    CHECK(model::to_hex(model::stable_hash("a")) == "af63dc4c8601ec8c");
    model::Draft empty;
    CHECK(empty.fingerprint() == "cbf29ce4.cbf29ce4.cbf29ce4.cbf29ce4.cbf29ce4");
}

TEST_CASE("changed fields are read from two fingerprints") {
    const auto d = draft();
    auto t = d;
    t.title = "x";
    auto la = d;
    la.labels = {"bug", "p1"};
    la.assignee = "acc";
    CHECK(model::changed_fields(d.fingerprint(), d.fingerprint()) == 0);
    CHECK(model::changed_fields(d.fingerprint(), t.fingerprint()) == model::Field::title);
    CHECK(model::changed_fields(d.fingerprint(), la.fingerprint()) == (model::Field::labels | model::Field::assignee));
    CHECK(model::changed_fields("", d.fingerprint()) == model::k_all_fields);
}

TEST_CASE("a milestone is a sixth part of the fingerprint, only when there is one: older fingerprints still compare") {
    const auto d = draft();
    auto m = d;
    m.milestone = "v1.2";
    auto n = d;
    n.milestone = "v1.3";
    CHECK(d.fingerprint().size() == 44); // as before milestones: no stored link is written again for them
    REQUIRE(m.fingerprint().size() == 53);
    CHECK(m.fingerprint().starts_with(d.fingerprint() + "."));
    CHECK(model::changed_fields(d.fingerprint(), m.fingerprint()) == model::Field::milestone);
    CHECK(model::changed_fields(m.fingerprint(), d.fingerprint()) == model::Field::milestone);
    CHECK(model::changed_fields(m.fingerprint(), n.fingerprint()) == model::Field::milestone);
    CHECK(model::changed_fields(m.fingerprint(), m.fingerprint()) == 0);
    CHECK(model::changed_fields(m.fingerprint().substr(0, 50), m.fingerprint()) == model::k_all_fields);
}

TEST_CASE("the action for each combination of stored link and draft") {
    struct Case {
        const char* name;
        std::optional<state::Link> link;
        model::Draft draft;
        ActionKind kind;
        std::optional<ItemState> transition;
    };
    const auto open = draft(ItemState::open);
    const auto closed = draft(ItemState::closed);
    const auto retitled = draft(ItemState::open, "Crash at start");
    const auto retitled_closed = draft(ItemState::closed, "Crash at start");
    const Case cases[] = {
        {"new open item", std::nullopt, open, ActionKind::create, std::nullopt},
        {"new closed item", std::nullopt, closed, ActionKind::create, std::nullopt}, // the create carries the state
        {"unchanged", link_for(open, LinkStatus::synced), open, ActionKind::skip, std::nullopt},
        {"unchanged closed", link_for(closed, LinkStatus::synced), closed, ActionKind::skip, std::nullopt},
        {"title changed", link_for(open, LinkStatus::synced), retitled, ActionKind::update, std::nullopt},
        {"closed at source", link_for(open, LinkStatus::synced), closed, ActionKind::close, std::nullopt},
        {"reopened at source", link_for(closed, LinkStatus::synced), open, ActionKind::reopen, std::nullopt},
        {"changed and closed", link_for(open, LinkStatus::synced), retitled_closed, ActionKind::update,
         ItemState::closed},
        {"changed and reopened", link_for(closed, LinkStatus::synced), retitled, ActionKind::update, ItemState::open},
        {"young creating row", link_for(open, LinkStatus::creating, 990), open, ActionKind::skip, std::nullopt},
        {"old creating row", link_for(open, LinkStatus::creating, 100), open, ActionKind::recover, std::nullopt},
        {"creating row at the grace limit", link_for(open, LinkStatus::creating, 880), open, ActionKind::skip,
         std::nullopt},
        {"creating row a second past the grace", link_for(open, LinkStatus::creating, 879), open, ActionKind::recover,
         std::nullopt},
        {"failed update, same draft", link_for(open, LinkStatus::failed), open, ActionKind::skip, std::nullopt},
        {"failed update, newer draft", link_for(open, LinkStatus::failed), retitled, ActionKind::update, std::nullopt},
        {"failed transition", link_for(open, LinkStatus::failed), closed, ActionKind::close, std::nullopt},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        const auto a = sync::plan_one(c.draft, c.link, k_options);
        CHECK(sync::to_string(a.kind) == std::string(sync::to_string(c.kind)));
        CHECK(a.transition == c.transition);
        CHECK(a.draft.title == c.draft.title);
        CHECK(a.link.has_value() == c.link.has_value());
        CHECK(a.fields == (a.kind == ActionKind::update ? unsigned{model::Field::title} : 0U));
    }
}

TEST_CASE("a repair writes only what the target item shows otherwise, and moves it only when its state differs") {
    const auto open = draft(ItemState::open);
    const auto closed = draft(ItemState::closed);
    auto l = link_for(open, LinkStatus::synced);
    const auto labels = sync::plan_repair(open, l, model::Field::labels, ItemState::open);
    CHECK(labels.kind == ActionKind::update);
    CHECK(labels.fields == model::Field::labels);
    CHECK_FALSE(labels.transition);
    // The stored link said open; the item shows closed: the link is taken as the item stands.
    const auto reopen = sync::plan_repair(open, l, 0, ItemState::closed);
    CHECK(reopen.kind == ActionKind::reopen);
    CHECK(reopen.link->target_state == "closed");
    const auto both = sync::plan_repair(closed, l, model::Field::title | model::Field::body, ItemState::open);
    CHECK(both.kind == ActionKind::update);
    CHECK(both.fields == (model::Field::title | model::Field::body));
    CHECK(both.transition == ItemState::closed);
    CHECK(sync::plan_repair(closed, l, 0, ItemState::closed).kind == ActionKind::skip);
}

TEST_CASE("a grace of zero looks a creating row up at once") {
    CHECK(sync::plan_one(draft(), link_for(draft(), LinkStatus::creating, 1000), {1000, 0}).kind ==
          ActionKind::recover);
}

TEST_CASE("a refused create (failed, no target id) is created again") {
    auto l = link_for(draft(), LinkStatus::failed);
    l.target_id.clear();
    CHECK(sync::plan_one(draft(), l, k_options).kind == ActionKind::create);
}

TEST_CASE("an item set aside waits for its retry time, unless it changed since it failed") {
    auto d = draft();
    d.source_updated_at = "2026-01-01T00:00:00Z";
    auto failed = link_for(d, LinkStatus::failed);
    failed.target_id.clear();
    failed.source_updated_at = d.source_updated_at;
    failed.next_attempt_at = k_options.now + 1;
    CHECK(sync::plan_one(d, failed, k_options).kind == ActionKind::skip);
    CHECK_FALSE(sync::plan_one(d, failed, k_options).pending);
    failed.next_attempt_at = k_options.now; // due
    CHECK(sync::plan_one(d, failed, k_options).kind == ActionKind::create);
    failed.next_attempt_at = k_options.now + 1;
    d.source_updated_at = "2026-01-01T00:00:01Z"; // edited since: try it now
    CHECK(sync::plan_one(d, failed, k_options).kind == ActionKind::create);
}

TEST_CASE("a failed row whose item is in sync after all is settled") {
    const auto d = draft();
    auto failed = link_for(d, LinkStatus::failed);
    const auto a = sync::plan_one(d, failed, k_options);
    CHECK(a.kind == ActionKind::skip);
    CHECK(a.settle);
    CHECK_FALSE(sync::plan_one(d, link_for(d, LinkStatus::synced), k_options).settle);
}

TEST_CASE("only a refusal of the one item is set aside; retries back off from 5 minutes to a day") {
    using K = util::Failure::Kind;
    CHECK(sync::refused_item({K::http, "", 400}));
    CHECK(sync::refused_item({K::http, "", 404}));
    CHECK(sync::refused_item({K::http, "", 422}));
    for (const util::Failure& f :
         {util::Failure{K::http, "", 500}, util::Failure{K::http, "", 429}, util::Failure{K::http, "", 409},
          util::Failure{K::http, "", 408}, util::Failure{K::auth, "", 403}, util::Failure{K::timeout, "", 0},
          util::Failure{K::config, "", 400}, util::Failure{K::rate_limit, "", 429}, util::Failure{K::parse, "", 0}}) {
        CAPTURE(f.status);
        CHECK_FALSE(sync::refused_item(f));
    }
    CHECK(sync::next_attempt(1000, 1) == 1300);
    CHECK(sync::next_attempt(1000, 2) == 1600);
    CHECK(sync::next_attempt(1000, 3) == 2200);
    CHECK(sync::next_attempt(1000, 9) == 1000 + 76800);
    CHECK(sync::next_attempt(1000, 10) == 1000 + 86400);
    CHECK(sync::next_attempt(1000, 1000000) == 1000 + 86400);
}

TEST_CASE("a page is planned against its known links, by external id") {
    auto other = draft();
    other.external_id = "github:github.com/o/r#8";
    const std::vector<model::Draft> drafts{draft(), other};
    const sync::KnownLinks known{{draft().external_id, link_for(draft(), LinkStatus::synced)}};
    const auto actions = sync::plan(drafts, known, k_options);
    REQUIRE(actions.size() == 2);
    CHECK(actions[0].kind == ActionKind::skip);
    CHECK_FALSE(actions[0].pending);
    CHECK(actions[1].kind == ActionKind::create);
    const auto pending = sync::plan_one(draft(), link_for(draft(), LinkStatus::creating, 990), k_options);
    CHECK(pending.pending);
}

TEST_SUITE_END();
