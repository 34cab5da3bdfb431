#pragma once
// A scripted target for tests of the sync: an in-memory tracker whose every operation step is one request to
// https://fake-target.example/... through the client the executor drives, answered by a FakeClient script, so a
// test decides what each step answers (answer_ok() scripts 200 for all). A step whose answer is 2xx is applied to
// the items; one that is not applies nothing, except a create told to land though its answer is lost.
//
// The steps, one request each:
//   create:         POST <base>/create/<external id>   (then, when the draft is closed and creates cannot carry it,
//   move state:     POST <base>/items/<id>/state        the new item's move, within the same operation)
//   write fields:   PUT  <base>/items/<id>
//   find:           POST <base>/find
//   find_all:       POST <base>/find_all
//   inspect:        POST <base>/inspect
//   probe:          GET  <base>/probe
// Memo: the labels this target wrote, as a JSON array of strings (as Jira keeps them), so links from before
// schema 6 read the same.

#include "support/fake_client.hpp"

#include "issuebridge/targets/target.hpp"

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace issuebridge::testing {

class FakeTarget final : public targets::Target {
public:
    struct Item {
        std::string id;          // "1", "2", ... in creation order
        std::string key;         // "FT-<id>"
        std::string external_id; // the marker; empty: an item without one
        std::string title;
        std::string body;
        std::vector<std::string> labels; // sorted, unique
        std::string url;
        model::ItemState state = model::ItemState::open;
    };
    // A write as the fake received it (the draft's pointer is not kept).
    struct Write {
        std::optional<targets::TargetRef> item; // nullopt: a create
        std::string external_id;
        unsigned fields = 0;
        bool move_state = false;
        std::string memo;
    };

    static constexpr const char* k_base = "https://fake-target.example";

    explicit FakeTarget(targets::Capabilities capabilities = {}) : m_capabilities(capabilities) {}

    // Scripts a 200 for every step of this target on `client` (one-shot entries scripted for a URL come first).
    static void answer_ok(http::FakeClient& client);
    static std::string create_url(const std::string& external_id);
    static std::string item_url(const std::string& id);
    static std::string state_url(const std::string& id);
    static std::string find_url();
    static std::string find_all_url();
    static std::string inspect_url();
    static std::string probe_url();

    // When set, the next `count` creates whose answer is not 2xx (a 5xx, a timeout) make their item all the same,
    // as a tracker does when only its answer is lost.
    void land_lost_creates(int count) { m_lost_lands = count; }
    // Puts an item on the tracker as someone else made it (a hand-made duplicate, an orphan); returns its id.
    std::string add_item(Item item);
    // Adds `label` to item `id` as a person would (not through a write).
    void add_label_by_hand(const std::string& id, const std::string& label);
    // A person deletes item `id`.
    void remove_item(const std::string& id) { m_items.erase(id); }

    const std::map<std::string, Item>& items() const noexcept { return m_items; }
    // The items carrying the marker of `external_id`, oldest first.
    std::vector<const Item*> items_of(const std::string& external_id) const;
    const std::vector<Write>& writes() const noexcept { return m_writes; }

    targets::Capabilities capabilities() const override { return m_capabilities; }
    std::unique_ptr<targets::Operation> write(const targets::Change& change) override;
    std::unique_ptr<targets::FindOperation> find(const std::vector<targets::Sought>& items) override;
    std::unique_ptr<targets::FindOperation> find_all() override;
    std::unique_ptr<targets::InspectOperation> inspect(const std::vector<targets::Expectation>& items) override;
    std::unique_ptr<targets::ProbeOperation> probe() override;
    // The fake's change stream: when set, changes() answers at once (no request) that these ids are unchanged; a
    // nullopt inside says the stream cannot tell. Unset: no stream (changes() gives nullptr).
    std::optional<std::optional<std::set<std::string>>> stream;
    std::unique_ptr<targets::ChangesOperation> changes() override;
    // What the fake "learnt": set by a test, handed back by memory(); restore() records what it was given.
    targets::Memory memory() const override { return learnt; }
    void restore(const std::string& data) override { restored.push_back(data); }
    targets::Memory learnt;
    std::vector<std::string> restored;

    // For the operations: the tracker's side of each step.
    Item& create(const model::Draft& draft, model::ItemState state);
    bool take_lost_land();
    Item* item(const std::string& id);
    targets::TargetRef ref_of(const Item& item) const;

private:
    targets::Capabilities m_capabilities;
    std::map<std::string, Item> m_items; // by id
    std::size_t m_next_id = 1;
    int m_lost_lands = 0;
    std::vector<Write> m_writes;
};

// A Target that forwards to `target`, which must outlive it: for SyncOptions::make_target and the like, whose
// adapters the run owns and drops, so that a test's FakeTarget keeps its items across runs.
std::unique_ptr<targets::Target> borrow(targets::Target& target);

// The labels JSON array a FakeTarget keeps as its memo, and back (a memo that is not one reads as none).
std::string labels_memo(const std::vector<std::string>& labels);
std::vector<std::string> memo_labels(const std::string& memo);

} // namespace issuebridge::testing
