#pragma once
// The link rows (state::Link) that the commands write: one place that says how an action, an operation's result or
// a target item found turns into a row. Private to sync/.

#include "issuebridge/model/item.hpp"
#include "issuebridge/state/store.hpp"
#include "issuebridge/targets/target.hpp"
#include "plan.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace issuebridge::sync {

// `base` (an empty row when none) keyed to (target, external id), of (route, repo); nothing else changes.
state::Link keyed_row(const std::optional<state::Link>& base, const std::string& target, const std::string& external_id,
                      const std::string& route, const std::string& repo);
// The same, keyed to the draft's item.
state::Link keyed_row(const std::optional<state::Link>& base, const model::Draft& draft);

// The target item a link points to, and back.
targets::TargetRef ref_of(const state::Link& link);
void point_to(state::Link& link, const targets::TargetRef& ref);

// Synced, with no attempt or error counted; its retry time (if any) is left as it is.
void mark_synced(state::Link& link);

// The row that starts (or restarts) the journal of a create: committed before the create is sent.
state::Link creating_row(const Action& action);
// The row that records what an action's operation did; `now` is the base of a retry time.
state::Link final_row(const Action& action, const targets::OperationResult& r, std::int64_t now);
// A failed row whose item turned out to be in sync.
state::Link settled_row(const state::Link& failed);

} // namespace issuebridge::sync
