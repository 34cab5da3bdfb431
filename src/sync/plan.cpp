#include "issuebridge/sync/plan.hpp"

#include <utility>

namespace issuebridge::sync {

namespace {

Action make(ActionKind kind, const model::Draft& draft, const std::optional<state::Link>& link,
            std::string reason = {}) {
    return Action{kind, draft, link, std::nullopt, std::move(reason), false};
}

// Targets create items open; a closed draft is transitioned right after.
Action create(const model::Draft& draft, const std::optional<state::Link>& link) {
    Action a = make(ActionKind::create, draft, link);
    if (draft.state == model::ItemState::closed) {
        a.transition = model::ItemState::closed;
    }
    return a;
}

// A link whose target item exists: compare fields and state separately, since they are written differently.
Action plan_existing(const model::Draft& draft, const state::Link& link) {
    const bool fields_changed = link.fingerprint != draft.fingerprint();
    const bool state_changed = link.target_state != model::to_string(draft.state);
    if (fields_changed) {
        Action a = make(ActionKind::update, draft, link);
        if (state_changed) {
            a.transition = draft.state;
        }
        return a;
    }
    if (state_changed) {
        return make(draft.state == model::ItemState::closed ? ActionKind::close : ActionKind::reopen, draft, link);
    }
    return make(ActionKind::skip, draft, link, "in sync");
}

} // namespace

const char* to_string(ActionKind kind) noexcept {
    switch (kind) {
    case ActionKind::create:
        return "create";
    case ActionKind::update:
        return "update";
    case ActionKind::close:
        return "close";
    case ActionKind::reopen:
        return "reopen";
    case ActionKind::recover:
        return "recover";
    case ActionKind::skip:
        return "skip";
    }
    return "skip";
}

Action plan_one(const model::Draft& draft, const std::optional<state::Link>& link, const PlanOptions& options) {
    if (!link) {
        return create(draft, link);
    }
    if (link->status == state::LinkStatus::creating) {
        // Timestamps are whole seconds: "<=" makes the wait at least the full grace, never a second less.
        const std::int64_t age = options.now - link->updated_at;
        if (options.creating_grace_seconds > 0 && age <= options.creating_grace_seconds) {
            Action a = make(ActionKind::skip, draft, link, "a create is pending; left for a later run");
            a.pending = true;
            return a;
        }
        return make(ActionKind::recover, draft, link);
    }
    if (link->target_id.empty()) {
        // Only a create the target refused outright leaves a failed row without an id: creating again is safe.
        return create(draft, link);
    }
    return plan_existing(draft, *link);
}

std::vector<Action> plan(std::span<const model::Draft> drafts, const KnownLinks& known, const PlanOptions& options) {
    std::vector<Action> actions;
    actions.reserve(drafts.size());
    for (const auto& draft : drafts) {
        const auto it = known.find(draft.external_id);
        actions.push_back(plan_one(draft, it == known.end() ? std::nullopt : std::optional(it->second), options));
    }
    return actions;
}

} // namespace issuebridge::sync
