#pragma once
// The target conformance suite: what every targets::Target must do against its tracker (a sandbox module, or the
// unit tests' FakeTarget), written over the Target seam only, so that a new adapter adds one instantiation:
// create -> find -> inspect -> update fields and labels (labels added by hand stay) -> close, reopen -> find_all
// -> probe, and a create of a closed draft. Each step is driven through the given client as the sync drives it.

#include "issuebridge/http/client.hpp"
#include "issuebridge/model/item.hpp"
#include "issuebridge/targets/target.hpp"
#include "sync/drive.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

namespace issuebridge::testing {

struct ConformanceSubject {
    targets::Target& target;
    http::Client& client;
    // Adds `label` to the item as a person would: not through the adapter (a sandbox admin hook, the fake's own).
    std::function<void(const targets::TargetRef&, const std::string&)> add_label_by_hand;
    // The labels the item carries, read from the tracker directly.
    std::function<std::vector<std::string>(const targets::TargetRef&)> labels_of;
    // Makes external ids the target takes for its markers; number n gives one id.
    std::function<std::string(int)> external_id;
};

namespace conformance_detail {

inline model::Draft draft(const ConformanceSubject& s, int number, std::string title, std::vector<std::string> labels,
                          model::ItemState state = model::ItemState::open) {
    model::Draft d;
    d.external_id = s.external_id(number);
    d.target = "conformance";
    d.route = "main";
    d.repo = "conformance/r";
    d.title = std::move(title);
    d.body = "Steps to reproduce: run it.";
    std::sort(labels.begin(), labels.end());
    d.labels = std::move(labels);
    d.url = "https://example.com/conformance/r/issues/" + std::to_string(number);
    d.link_label = "View the source";
    d.state = state;
    return d;
}

template <typename Op> void run(ConformanceSubject& s, Op& op) {
    REQUIRE(sync::drive(s.client, {&op}, nullptr));
    REQUIRE(op.done());
}

inline targets::OperationResult write(ConformanceSubject& s, const targets::Change& change) {
    auto op = s.target.write(change);
    run(s, *op);
    return op->result();
}

inline targets::Inspected inspect(ConformanceSubject& s, const std::string& id, const model::Draft& d) {
    auto op = s.target.inspect({targets::Expectation{id, &d}});
    run(s, *op);
    REQUIRE_FALSE(op->result().failure);
    const auto it = op->inspected().find(id);
    REQUIRE(it != op->inspected().end());
    return it->second;
}

inline bool has(const std::vector<std::string>& labels, const std::string& label) {
    return std::find(labels.begin(), labels.end(), label) != labels.end();
}

} // namespace conformance_detail

// Runs the suite against `s`. Fails the calling test case at the first step that does not conform.
inline void check_target(ConformanceSubject& s) {
    namespace cd = conformance_detail;
    const auto caps = s.target.capabilities();
    CHECK(caps.max_batch >= 1);

    // Create.
    const model::Draft first = cd::draft(s, 1, "Crash on start", {"bug", "p1"});
    targets::Change create;
    create.draft = &first;
    const auto created = cd::write(s, create);
    REQUIRE_MESSAGE(!created.failure, created.failure->message);
    REQUIRE(created.ref);
    CHECK(created.fields_applied);
    CHECK(created.state_applied);
    CHECK_FALSE(created.outcome_unknown);
    CHECK_FALSE(created.ref->id.empty());
    CHECK_FALSE(created.ref->key.empty());
    const targets::TargetRef ref = *created.ref;

    // Find by marker.
    {
        auto find = s.target.find({{first.external_id, first.url}});
        cd::run(s, *find);
        REQUIRE_FALSE(find->result().failure);
        REQUIRE(find->found().size() == 1);
        CHECK(find->found()[0].ref.id == ref.id);
        CHECK(find->found()[0].external_id == first.external_id);
        CHECK(find->found()[0].state == model::ItemState::open);
    }
    {
        auto find = s.target.find({{s.external_id(999)}}); // never made
        cd::run(s, *find);
        REQUIRE_FALSE(find->result().failure);
        CHECK(find->found().empty());
    }

    // Read back: it shows its draft.
    {
        const auto shown = cd::inspect(s, ref.id, first);
        CHECK(shown.error.empty());
        CHECK(shown.ref.id == ref.id);
        CHECK(shown.differs == 0);
        CHECK(shown.state == model::ItemState::open);
    }

    // Update the title and labels; a label added by hand stays, ours that the draft dropped goes.
    s.add_label_by_hand(ref, "by-hand");
    const model::Draft second = cd::draft(s, 1, "Crash on start (with a stack trace)", {"bug", "p2"});
    {
        const auto before = cd::inspect(s, ref.id, second);
        CHECK((before.differs & model::Field::title) != 0);
        CHECK((before.differs & model::Field::labels) != 0);
        targets::Change update;
        update.draft = &second;
        update.item = ref;
        update.fields = model::Field::title | model::Field::labels;
        update.memo = created.memo;
        const auto updated = cd::write(s, update);
        REQUIRE_MESSAGE(!updated.failure, updated.failure->message);
        CHECK(updated.fields_applied);
        CHECK(updated.state_applied); // no move asked for
        const auto after = cd::inspect(s, ref.id, second);
        CHECK(after.differs == 0);
        const auto labels = s.labels_of(ref);
        CHECK(cd::has(labels, "by-hand"));
        CHECK(cd::has(labels, "p2"));
        CHECK(cd::has(labels, "bug"));
        CHECK_FALSE(cd::has(labels, "p1"));
    }

    // Close, then reopen.
    for (const auto state : {model::ItemState::closed, model::ItemState::open}) {
        model::Draft moved = second;
        moved.state = state;
        targets::Change move;
        move.draft = &moved;
        move.item = ref;
        move.fields = 0;
        move.move_state = true;
        const auto r = cd::write(s, move);
        REQUIRE_MESSAGE(!r.failure, r.failure->message);
        CHECK(r.state_applied);
        CHECK(cd::inspect(s, ref.id, moved).state == state);
        auto find = s.target.find({{first.external_id, first.url}});
        cd::run(s, *find);
        REQUIRE(find->found().size() == 1);
        CHECK(find->found()[0].state == state);
    }

    // A closed draft's create: the item ends closed, whether the create carries the state or a move follows.
    const model::Draft closed = cd::draft(s, 2, "Old report", {"bug"}, model::ItemState::closed);
    targets::Change create_closed;
    create_closed.draft = &closed;
    const auto made_closed = cd::write(s, create_closed);
    REQUIRE_MESSAGE(!made_closed.failure, made_closed.failure->message);
    REQUIRE(made_closed.ref);
    CHECK(made_closed.state_applied);
    CHECK(cd::inspect(s, made_closed.ref->id, closed).state == model::ItemState::closed);

    // Every marked item is listed.
    {
        auto all = s.target.find_all();
        cd::run(s, *all);
        REQUIRE_FALSE(all->result().failure);
        std::vector<std::string> ids;
        for (const auto& f : all->found()) {
            ids.push_back(f.external_id);
        }
        CHECK(cd::has(ids, first.external_id));
        CHECK(cd::has(ids, closed.external_id));
    }

    // Probe.
    {
        auto probe = s.target.probe();
        cd::run(s, *probe);
        REQUIRE_FALSE(probe->result().failure);
        CHECK_FALSE(probe->summary().empty());
    }
}

} // namespace issuebridge::testing
