#include "rows.hpp"

#include "execute.hpp"

namespace issuebridge::sync {

state::Link keyed_row(const std::optional<state::Link>& base, const std::string& target, const std::string& external_id,
                      const std::string& route, const std::string& repo) {
    state::Link link = base.value_or(state::Link{});
    link.target = target;
    link.external_id = external_id;
    link.route = route;
    link.repo = repo;
    return link;
}

state::Link keyed_row(const std::optional<state::Link>& base, const model::Draft& draft) {
    return keyed_row(base, draft.target, draft.external_id, draft.route, draft.repo);
}

targets::TargetRef ref_of(const state::Link& link) { return {link.target_id, link.target_key, link.target_url}; }

void point_to(state::Link& link, const targets::TargetRef& ref) {
    link.target_id = ref.id;
    link.target_key = ref.key;
    link.target_url = ref.url;
}

void mark_synced(state::Link& link) {
    link.status = state::LinkStatus::synced;
    link.attempts = 0;
    link.last_error.clear();
    link.failing_since = 0;
}

state::Link creating_row(const Action& action) {
    state::Link link = keyed_row(action.link, action.draft);
    link.status = state::LinkStatus::creating;
    link.attempts += 1;
    link.last_error.clear();
    return link;
}

namespace {

// What a failed operation leaves in the row.
void record_failure(state::Link& link, const Action& action, const targets::OperationResult& r, std::int64_t now) {
    // An unknown create outcome stays `creating`: the next run looks the marker up before creating again.
    link.status = r.outcome_unknown && !r.ref ? state::LinkStatus::creating : state::LinkStatus::failed;
    link.attempts = action.kind == ActionKind::create ? link.attempts : link.attempts + 1;
    link.last_error = r.failure->message;
    if (link.failing_since == 0) {
        link.failing_since = now;
    }
    // Otherwise the row keeps its retry time: one set aside stays so (due), any other holds the cursor.
    if (refused_item(*r.failure)) {
        link.next_attempt_at = next_attempt(now, link.attempts);
    }
}

} // namespace

state::Link final_row(const Action& action, const targets::OperationResult& r, std::int64_t now) {
    const std::optional<state::Link> base = action.kind == ActionKind::create ? creating_row(action) : action.link;
    state::Link link = keyed_row(base, action.draft);
    link.source_updated_at = action.draft.source_updated_at;
    if (r.ref) {
        point_to(link, *r.ref);
    }
    if (r.fields_applied) {
        link.fingerprint = action.draft.fingerprint();
        if (!r.memo.empty()) {
            link.memo = r.memo;
        }
    }
    if (r.state_applied) {
        link.target_state = model::to_string(action.draft.state);
    } else if (r.ref && r.shown_state) {
        link.target_state = model::to_string(*r.shown_state); // e.g. created, but its transition did not happen
    }
    if (!r.failure) {
        mark_synced(link);
        link.next_attempt_at = 0;
    } else {
        record_failure(link, action, r, now);
    }
    return link;
}

state::Link settled_row(const state::Link& failed) {
    state::Link link = failed;
    mark_synced(link);
    link.next_attempt_at = 0;
    return link;
}

} // namespace issuebridge::sync
