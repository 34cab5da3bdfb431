// 'check-missing': the repairs of a page's entries, through the executor (the same exactly-once path as a sync).

#include "check_parts.hpp"
#include "rows.hpp"

#include "execute.hpp"
#include "issuebridge/util/error.hpp"
#include "plan.hpp"

namespace issuebridge::sync::checking {

struct Repairs {
    std::vector<Action> actions;
    std::vector<Entry*> owners;    // the entry of each action
    std::vector<state::Link> rows; // links written without a target write
};

namespace {

// The link as the target item stands: fields unknown unless they all match.
state::Link standing_row(const Entry& e) {
    state::Link l = keyed_row(e.link, e.draft);
    point_to(l, e.ref);
    mark_synced(l);
    l.fingerprint = e.shown.differs == 0 ? e.draft.fingerprint() : std::string();
    if (!e.shown.memo.empty()) {
        l.memo = e.shown.memo; // what the target would keep for the item as it shows now
    }
    l.source_updated_at = e.draft.source_updated_at;
    return l;
}

// Whether `now` says something of the item that the stored row `before` does not.
bool stale(const state::Link& before, const state::Link& now) {
    return before.status != now.status || before.fingerprint != now.fingerprint ||
           before.target_state != now.target_state || before.target_key != now.target_key || before.memo != now.memo;
}

// Plans the repair of one entry: an action for the executor, or a row to write, or nothing.
void plan_entry(Entry& e, Repairs& out) {
    const Verdict v = e.record.verdict;
    if (v == Verdict::missing) {
        out.actions.push_back(plan_one(e.draft, std::nullopt, PlanOptions{}));
        out.owners.push_back(&e);
        return;
    }
    if (v != Verdict::in_sync && v != Verdict::differs && v != Verdict::orphan) {
        return;
    }
    state::Link l = standing_row(e);
    Action a = plan_repair(e.draft, l, e.shown.differs, e.shown.state);
    if (a.kind != ActionKind::skip) {
        out.actions.push_back(std::move(a));
        out.owners.push_back(&e);
        return;
    }
    l.target_state = model::to_string(e.draft.state);
    if (v == Verdict::orphan) {
        e.record.repair = "adopted";
    }
    if (v == Verdict::orphan || stale(e.link.value_or(state::Link{}), l)) {
        out.rows.push_back(std::move(l));
    }
}

} // namespace

// Missing items are created through the journal like any create; differing ones get the differing fields and
// state written; orphans are linked, then written the same way. Links that lag behind are brought up to date.
void RepoCheck::repair(std::vector<Entry>& entries) {
    Repairs repairs;
    for (auto& e : entries) {
        plan_entry(e, repairs);
    }
    apply(repairs);
}

// Runs the planned actions and commits their journal with the rows written without a target write.
void RepoCheck::apply(Repairs& repairs) {
    Executor executor(m_target, m_client, m_store);
    const auto outcome =
        executor.run(repairs.actions, ExecuteOptions{nullptr, m_options.cancel, nullptr, util::unix_now()});
    for (std::size_t i = 0; i < repairs.actions.size(); ++i) {
        const ItemResult& r = outcome.items[i];
        CheckRecord& record = repairs.owners[i]->record;
        if (r.durable) {
            record.repair = record.verdict == Verdict::orphan ? "adopted"
                            : r.kind == ActionKind::create    ? "created"
                                                              : "updated";
            record.target_key = r.target_key;
        } else {
            record.repair_error = r.error.empty() ? "not done" : r.error;
        }
    }
    m_store.transaction([&] {
        m_store.put_links(outcome.journal);
        m_store.put_links(repairs.rows);
    });
    if (outcome.auth_failure) {
        throw util::AuthError(target_auth_message(m_config, m_route) + ": " + outcome.auth_failure->message);
    }
}

} // namespace issuebridge::sync::checking
