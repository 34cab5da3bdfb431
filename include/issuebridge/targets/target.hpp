#pragma once
// A work tracker as the executor sees it. Each change to one target item is an Operation: a small state machine
// that asks for HTTP requests one at a time and reads their outcomes, so the executor can drive many at once
// through one http::Client and journal every step. Adapters own the URLs and JSON; they do no I/O themselves.

#include "issuebridge/http/message.hpp"
#include "issuebridge/model/item.hpp"
#include "issuebridge/util/result.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace issuebridge::targets {

struct Capabilities { std::int64_t search_lag = 0; bool create_carries_closed = false; std::size_t max_batch = 1; };

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
};

// One change to one item: a sequence of requests. Real: each adapter's operations; fake: scripted in tests.
class Operation {
public:
    virtual ~Operation() = default;
    // The next request to send, or nullopt when the operation is finished (result() is then final).
    virtual std::optional<http::Request> next() = 0;
    // The outcome of the request next() returned last. Never throws.
    virtual void on_outcome(http::Outcome outcome) = 0;
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
};

// A bulk read of items by id.
class InspectOperation : public Operation {
public:
    // By target id, once finished without failure. An item missing here does not exist (deleted) or is hidden
    // from us.
    virtual const std::map<std::string, Inspected>& inspected() const = 0;
};

// Signing in and reading the configured project ('config check --online').
class ProbeOperation : public Operation {
public:
    // What was found, for people ("signed in as Dana; project SUP (Support), issue type Task"), once finished
    // without failure.
    virtual const std::string& summary() const = 0;
};

// One target item and the draft it should show.
struct Expectation {
    std::string target_id;
    const model::Draft* draft = nullptr;
};

// One configured target. Real: targets/jira (more to come); fake: tests' scripted targets.
class Target {
public:
    virtual ~Target() = default;
    // Creates the item for `draft`, carrying the marker of its external id, in the draft's state.
    virtual std::unique_ptr<Operation> create(const model::Draft& draft) = 0;
    // Writes the `fields` (model::Field bits) of `draft` to `item`; then, when `transition`, moves it to the
    // draft's state. fields == 0 with transition is a close or reopen. A labels write adds the draft's labels and
    // removes those of `written_labels` (the ones written last, when known) that the draft no longer has; labels
    // added by hand stay.
    virtual std::unique_ptr<Operation> update(const TargetRef& item, const model::Draft& draft, unsigned fields,
                                              bool transition,
                                              const std::optional<std::vector<std::string>>& written_labels) = 0;
    // Looks up the items carrying the markers of `external_ids`.
    virtual std::unique_ptr<FindOperation> find(const std::vector<std::string>& external_ids) = 0;
    // Lists every item that carries a marker with its full external id ('state adopt').
    virtual std::unique_ptr<FindOperation> find_all() = 0;
    // Reads the items back in bulk (not one request per item) and compares each with its draft. The drafts are
    // only read while the operation is made.
    virtual std::unique_ptr<InspectOperation> inspect(const std::vector<Expectation>& items) = 0;
    // Signs in and checks that the configured project (board, list) is there and takes our items.
    virtual std::unique_ptr<ProbeOperation> probe() = 0;
};

} // namespace issuebridge::targets
