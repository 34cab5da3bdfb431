#pragma once
// A work tracker as the executor sees it. Each change to one target item is an Operation (http/operation.hpp): a
// small state machine that asks for HTTP requests in rounds and reads their outcomes, so the executor can drive many
// at once through one http::Client and journal every step. Adapters own the URLs and JSON; they do no I/O themselves.

#include "issuebridge/http/message.hpp"
#include "issuebridge/http/operation.hpp"
#include "issuebridge/model/item.hpp"
#include "issuebridge/util/result.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace issuebridge::targets {

struct TargetRef {
    std::string id;  // the tracker's id (Jira issue id, Asana gid, Trello card id)
    std::string key; // what people call it (SUP-12), or the id
    std::string url; // its page for people
};

struct OperationResult {
    std::optional<TargetRef> ref; // set once the item is known to exist (created or given)
    bool fields_applied = false;  // the draft's fields are on the item
    bool state_applied = false;   // the draft's state is on the item
    // For a create whose answer never came (timeout, reset, 5xx): the item may exist. The journal keeps the row
    // `creating`, and a later run looks the marker up before creating again.
    bool outcome_unknown = false;
    std::optional<util::Failure> failure; // what went wrong, when not everything was applied
    // Set when fields were written: what the target keeps on the link about the item (opaque to the sync, handed
    // back as Change::memo next time). Jira keeps the labels it wrote, as a JSON array.
    std::string memo;
    // The state the item is known to show when the draft's was not applied: a create that could not carry the
    // closed state, and whose transition failed, shows open. nullopt: unknown (the item keeps what it had).
    std::optional<model::ItemState> shown_state;
    // Something people should know about a write that went through (Asana: rich text refused, written as plain
    // notes); reported as a warning for the item, not a failure.
    std::string warning;
};

// One change to one item, or one read of the target: rounds of requests. Real: each adapter's operations; fake:
// scripted in tests.
class Operation : public http::Operation {
public:
    // What was done; final once done().
    virtual const OperationResult& result() const = 0;
};

struct Found {
    TargetRef ref;
    std::string external_id; // read back from the marker
    model::ItemState state = model::ItemState::open;
};

// A lookup of markers: the items on the target that carry them.
class FindOperation : public Operation {
public:
    // What was found, once finished without failure. Several items may carry one marker (a duplicate someone
    // made): all are listed, oldest first.
    virtual const std::vector<Found>& found() const = 0;
};

// What one target item shows, read back and compared with the draft it should show ('check-missing').
struct Inspected {
    TargetRef ref; // as the target names it now: a moved item keeps its id but not its key
    model::ItemState state = model::ItemState::open;
    unsigned differs = 0; // the model::Field bits whose value on the item is not the draft's
    std::string error;    // the target could not give this item (nothing else is set)
    // What the target would keep on the link (OperationResult::memo) for the item as it shows now, when what it
    // shows lets it tell (Jira: the draft's labels, when the item carries all of them); empty: unknown.
    std::string memo;
};

// A bulk read of items by id.
class InspectOperation : public Operation {
public:
    // By target id, once finished without failure. An item missing here does not exist (deleted) or is hidden
    // from us.
    virtual const std::map<std::string, Inspected>& inspected() const = 0;
};

// A reading of the target's change stream ('check-missing'): which items nobody has changed since a check found them
// showing their drafts.
class ChangesOperation : public Operation {
public:
    // Once finished without failure: the ids of the items that, as far as the stream tells, show what an earlier
    // check read back and found in sync (a check-missing may take those whose link says they are in sync as they
    // are, without reading them); nullopt: the stream cannot tell this time (none followed yet, or it expired).
    virtual const std::optional<std::set<std::string>>& unchanged() const = 0;
};

// Signing in and reading the configured project ('config check --online').
class ProbeOperation : public Operation {
public:
    // What was found, for people ("signed in as Dana; project SUP (Support), issue type Task"), once finished
    // without failure.
    virtual const std::string& summary() const = 0;
};

// An item to look up by its marker: its external id, and the source URL its item links back to (a target whose
// items also carry that URL, as Trello's attachment does, finds by it an item whose marker someone deleted).
struct Sought {
    std::string external_id;
    std::string url = {};
};

// The external ids of `items`, in order.
inline std::vector<std::string> external_ids_of(const std::vector<Sought>& items) {
    std::vector<std::string> ids;
    ids.reserve(items.size());
    for (const auto& item : items) {
        ids.push_back(item.external_id);
    }
    return ids;
}

// One target item and the draft it should show.
struct Expectation {
    std::string target_id;
    const model::Draft* draft = nullptr;
};

// What a target can and cannot do, for the planner and the executor to take into account:
// - search_lag: seconds a newly created item may stay invisible to `find` (Jira: 120, its search index lags; a
//   lookup by id or a board scan: 0). A `creating` row younger than this is left alone, lest a create be repeated.
//   The config's `search_lag` on a target overrides it.
// - create_carries_closed: whether a create can carry the closed state (Jira: no, it creates items open; the write
//   of a closed draft then transitions the new item within the same operation).
// - max_batch: the most drafts one create may hold (1 for now; a later issue uses Jira's bulk create).
struct Capabilities {
    std::int64_t search_lag = 0;
    bool create_carries_closed = false;
    std::size_t max_batch = 1;
};

// One write to one target item: create it, or write some of its fields and/or move it to the draft's state.
struct Change {
    const model::Draft* draft = nullptr;
    std::optional<TargetRef> item;         // the existing item; nullopt: create it
    unsigned fields = model::k_all_fields; // model::Field bits to write (an update; a create writes all)
    bool move_state = false;               // move the existing item to the draft's state
    // What this target kept about the item last time (OperationResult::memo); empty when unknown.
    std::string memo;
};

// What a target learnt that later runs should start from (Asana: how it finds its tasks again), kept in the state
// per target. `data` is the target's own, opaque to the sync; `shown` says it for people ('status': "identity:
// external id"). Empty data: nothing to keep.
struct Memory {
    std::string data;
    std::string shown;
    bool operator==(const Memory&) const = default;
};

// One configured target. Real: targets/jira (more to come); fake: tests' scripted targets.
class Target {
public:
    virtual ~Target() = default;
    // What this target can do; the same for the adapter's whole life.
    virtual Capabilities capabilities() const = 0;
    // Writes `change`. A create makes the item for the draft, carrying the marker of its external id, in the
    // draft's state (when the create cannot carry it, the operation moves the new item after). An update writes
    // the `fields` of the draft to the item, then, when `move_state`, moves it to the draft's state; fields == 0
    // with move_state is a close or reopen. A labels write adds the draft's labels and removes only those the
    // memo says this target wrote that the draft no longer has: labels added by hand stay. The draft is only read
    // while the operation is made.
    virtual std::unique_ptr<Operation> write(const Change& change) = 0;
    // Looks up the items carrying the markers of `items`.
    virtual std::unique_ptr<FindOperation> find(const std::vector<Sought>& items) = 0;
    // Lists every item that carries a marker with its full external id ('state adopt').
    virtual std::unique_ptr<FindOperation> find_all() = 0;
    // Reads the items back in bulk (not one request per item) and compares each with its draft. The drafts are
    // only read while the operation is made.
    virtual std::unique_ptr<InspectOperation> inspect(const std::vector<Expectation>& items) = 0;
    // Signs in and checks that the configured project (board, list) is there and takes our items.
    virtual std::unique_ptr<ProbeOperation> probe() = 0;
    // Reads the target's change stream, where it has one (Asana: its Events API), from where the last reading left
    // it; nullptr (the default): none, every item is read back. What the reading learnt is kept through memory().
    virtual std::unique_ptr<ChangesOperation> changes() { return nullptr; }
    // What this target has learnt so far, for later runs; none by default.
    virtual Memory memory() const { return {}; }
    // Hands the target what an earlier run learnt (Memory::data), before any operation. A target must take any
    // text here, its own or not (an older build's, a hand-edited state) without failing: what it cannot read, it
    // learns again.
    virtual void restore(const std::string& data) { (void)data; }
};

} // namespace issuebridge::targets
