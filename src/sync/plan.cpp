#include "plan.hpp"

#include <utility>

namespace issuebridge::sync {

namespace {

Action make(ActionKind kind, const model::Draft& draft, const std::optional<state::Link>& link,
            std::string reason = {}) {
    return Action{kind, draft, link, std::nullopt, 0, std::move(reason), false};
}

// A create writes the draft in its state: a target whose create cannot carry it moves the new item itself.
Action create(const model::Draft& draft, const std::optional<state::Link>& link) {
    return make(ActionKind::create, draft, link);
}

// An existing target item whose `fields` differ from the draft and whose state may: fields and state are
// written differently (an edit, a transition).
Action change(const model::Draft& draft, const state::Link& link, unsigned fields, bool state_changed) {
    if (fields != 0) {
        Action a = make(ActionKind::update, draft, link);
        a.fields = fields;
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

// A link whose target item exists, compared by its fingerprint.
Action plan_existing(const model::Draft& draft, const state::Link& link) {
    const std::string fingerprint = draft.fingerprint();
    const unsigned fields = link.fingerprint == fingerprint ? 0 : model::changed_fields(link.fingerprint, fingerprint);
    return change(draft, link, fields, link.target_state != model::to_string(draft.state));
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
    if (link->status == state::LinkStatus::failed && link->next_attempt_at > options.now &&
        link->source_updated_at == draft.source_updated_at) {
        return make(ActionKind::skip, draft, link, "failed; tried again later");
    }
    if (link->target_id.empty()) {
        // Only a create the target refused outright leaves a failed row without an id: creating again is safe.
        return create(draft, link);
    }
    Action a = plan_existing(draft, *link);
    a.settle = a.kind == ActionKind::skip && link->status == state::LinkStatus::failed;
    return a;
}

Action plan_repair(const model::Draft& draft, const state::Link& link, unsigned differs, model::ItemState shown) {
    state::Link l = link;
    l.target_state = model::to_string(shown);
    return change(draft, l, differs, shown != draft.state);
}

std::vector<Action> plan_absent(std::span<const state::Link> links, const std::set<std::string>& listed) {
    std::vector<Action> actions;
    for (const auto& link : links) {
        if (listed.contains(link.external_id) || link.target_id.empty() || link.status == state::LinkStatus::creating ||
            link.target_state != model::to_string(model::ItemState::open)) {
            continue;
        }
        model::Draft draft;
        draft.external_id = link.external_id;
        draft.target = link.target;
        draft.route = link.route;
        draft.repo = link.repo;
        draft.state = model::ItemState::closed;
        draft.source_updated_at = link.source_updated_at;
        actions.push_back(make(ActionKind::close, draft, link));
    }
    return actions;
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
