#pragma once
// The planner: a pure function from what the target should show (drafts) and what we know we wrote (links) to the
// actions that make them agree. No I/O, no clock: the caller passes `now`.

#include "issuebridge/model/item.hpp"
#include "issuebridge/state/store.hpp"

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace issuebridge::sync {

enum class ActionKind {
    create,  // no target item yet: create it (then transition when the draft is closed)
    update,  // write changed fields (then transition when the state changed too)
    close,   // only the state changed, to closed
    reopen,  // only the state changed, to open
    recover, // a journaled create of unknown outcome: look the marker up; adopt what is found, else create
    skip,    // nothing to do (in sync, or left for a later run: see reason)
};
const char* to_string(ActionKind kind) noexcept;

// The skip reason of a young `creating` row; such an item is not done, so no cursor may pass it.
inline constexpr std::string_view k_pending_create = "a create is pending; left for a later run";

struct Action {
    ActionKind kind = ActionKind::skip;
    model::Draft draft;
    std::optional<state::Link> link;
    // After create or update: the state to move the target item to, when it differs from what it has.
    std::optional<model::ItemState> transition;
    std::string reason; // for skip: why
};

struct PlanOptions {
    std::int64_t now = 0; // unix seconds
    // A `creating` row written (by its latest create attempt) less than this ago is left alone: the target's
    // search may not show the item yet, and creating again could duplicate it. Jira's index lags seconds to minutes.
    std::int64_t creating_grace_seconds = 120;
};

// The action for one draft, given its stored link.
Action plan_one(const model::Draft& draft, const std::optional<state::Link>& link, const PlanOptions& options);

using LinkLookup = std::function<std::optional<state::Link>(const std::string& target, const std::string& external_id)>;

// One action per draft, in order. (The engine drops a draft whose target item an earlier route of the same run
// handled, before planning.)
std::vector<Action> plan(std::span<const model::Draft> drafts, const LinkLookup& find, const PlanOptions& options);

} // namespace issuebridge::sync
