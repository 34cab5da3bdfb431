#pragma once
// The planner: a pure function from what the target should show (drafts) and what we know we wrote (links) to the
// actions that make them agree. No I/O, no clock: the caller passes `now`.

#include "issuebridge/model/item.hpp"
#include "issuebridge/state/store.hpp"

#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

namespace issuebridge::sync {

enum class ActionKind {
    create,  // no target item yet: create it, in the draft's state
    update,  // write changed fields (then transition when the state changed too)
    close,   // only the state changed, to closed
    reopen,  // only the state changed, to open
    recover, // a journaled create of unknown outcome: look the marker up; adopt what is found, else create
    skip,    // nothing to do (in sync, or left for a later run: see reason)
};
const char* to_string(ActionKind kind) noexcept;

struct Action {
    ActionKind kind = ActionKind::skip;
    model::Draft draft;
    std::optional<state::Link> link;
    // After an update: the state to move the target item to, when it differs from what it has.
    std::optional<model::ItemState> transition;
    unsigned fields = 0;  // for update: the model::Field bits to write
    std::string reason;   // for skip: why
    bool pending = false; // a skip of a young `creating` row: the item is not done, so no cursor may pass it
    bool settle = false;  // a skip of a `failed` row whose item is in sync after all: the row becomes `synced`
};

struct PlanOptions {
    std::int64_t now = 0; // unix seconds
    // A `creating` row written (by its latest create attempt) less than this ago is left alone: the target's
    // search may not show the item yet, and creating again could duplicate it. Jira's index lags seconds to minutes.
    std::int64_t creating_grace_seconds = 120;
};

// The action for one draft, given its stored link. A failed row set aside for a retry not due at `now` is skipped
// while its item is the version that failed (listed again within the cursor's overlap): its retry comes later.
Action plan_one(const model::Draft& draft, const std::optional<state::Link>& link, const PlanOptions& options);

// The action that makes an existing target item show its draft, given what it shows: the draft's fields in
// `differs` are not on it, and it is in `shown` state ('check-missing' repairs). `link` names the item.
Action plan_repair(const model::Draft& draft, const state::Link& link, unsigned differs, model::ItemState shown);

// The closes for the items of `links` (the open links of one route and repository) that a listing giving every
// item of the repository (sources::Listing::complete_set) left out: `listed` holds the external ids it gave. Each
// is drafted from what its link knows, closed, with no field to write; a link with a create pending or without a
// target item is left alone (the next complete listing sees it again).
std::vector<Action> plan_absent(std::span<const state::Link> links, const std::set<std::string>& listed);

// The stored links of the drafts' target, by external id (state::Store::find_links).
using KnownLinks = std::map<std::string, state::Link>;

// One action per draft, in order. (The engine drops a draft whose target item an earlier route of the same run
// handled, before planning.)
std::vector<Action> plan(std::span<const model::Draft> drafts, const KnownLinks& known, const PlanOptions& options);

} // namespace issuebridge::sync
