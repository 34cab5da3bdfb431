#include "execute.hpp"

#include "rows.hpp"

#include <algorithm>
#include <map>

namespace issuebridge::sync {

struct Executor::Job {
    Action action;
    std::unique_ptr<targets::Operation> op;
    ItemResult result;
    bool adopted = false;     // found by its marker during recovery
    bool interrupted = false; // stopped between two of its requests
};

namespace {

// Why an item was held back once its target refused a write for one of its settings (TargetHealth::refused).
constexpr const char* k_not_sent_refused = "not sent: the target refused a write for one of its settings";

bool is_write(ActionKind kind) {
    return kind == ActionKind::create || kind == ActionKind::update || kind == ActionKind::close ||
           kind == ActionKind::reopen;
}

} // namespace

bool refused_item(const util::Failure& failure) {
    const int s = failure.status;
    return failure.kind == util::Failure::Kind::http && s >= 400 && s < 500 && s != 401 && s != 403 && s != 408 &&
           s != 409 && s != 423 && s != 429;
}

std::int64_t next_attempt(std::int64_t now, int attempts) {
    constexpr std::int64_t k_first = 300;
    constexpr std::int64_t k_most = 86400;
    std::int64_t wait = k_first;
    for (int i = 1; i < attempts && wait < k_most; ++i) {
        wait *= 2;
    }
    return now + std::min(wait, k_most);
}

Executor::Executor(targets::Target& target, http::Client& client, state::Store& store)
    : m_target(target), m_client(client), m_store(store) {}

PageOutcome Executor::run(const std::vector<Action>& actions, const ExecuteOptions& options) {
    std::vector<Job> jobs;
    jobs.reserve(actions.size());
    for (const auto& action : actions) {
        Job job{action, nullptr, {}, false, false};
        job.result.kind = action.kind;
        job.result.external_id = action.draft.external_id;
        job.result.target_key = action.link ? action.link->target_key : std::string();
        // A pending create must be seen again by a later run: the cursor may not pass it.
        job.result.pending = action.pending;
        job.result.durable = action.kind == ActionKind::skip && !action.pending;
        if (action.pending) {
            job.result.error = action.reason;
        }
        jobs.push_back(std::move(job));
    }
    PageOutcome out;
    out.auth_failure = recover(jobs);
    for (auto& job : jobs) {
        if (job.adopted && job.action.kind == ActionKind::skip) {
            // Found showing its draft: linked as it stands, with no write.
            const targets::TargetRef ref = ref_of(*job.action.link);
            targets::OperationResult as_found;
            as_found.ref = ref;
            as_found.fields_applied = true;
            as_found.state_applied = true;
            out.journal.push_back(final_row(job.action, as_found, options.now));
            job.result = ItemResult{};
            job.result.kind = ActionKind::update;
            job.result.external_id = job.action.draft.external_id;
            job.result.target_key = ref.key;
            job.result.durable = true;
            job.result.adopted = true;
        }
    }
    out.write_limited = start(jobs, options);
    drive(jobs, options);

    for (auto& job : jobs) {
        if (job.action.settle && !job.action.pending) {
            out.journal.push_back(settled_row(*job.action.link));
        }
        if (job.op) {
            targets::OperationResult r = job.op->result();
            if (job.interrupted && !r.failure) {
                r.failure = util::Failure{util::Failure::Kind::other, "interrupted before its last step", 0};
            }
            const bool stopped = job.interrupted || (r.failure && r.failure->kind == util::Failure::Kind::interrupted);
            if (stopped && !r.ref &&
                (job.action.kind == ActionKind::create || job.action.kind == ActionKind::recover)) {
                // A create ^C stopped stays `creating` (pending, as after a kill): the next run looks its marker up
                // first, as for any create whose outcome it does not know.
                r.outcome_unknown = true;
            }
            out.journal.push_back(final_row(job.action, r, options.now));
            job.result.durable = !r.failure;
            job.result.written = true;
            job.result.adopted = job.adopted;
            job.result.warning = r.warning;
            if (r.ref) {
                job.result.target_key = r.ref->key;
            }
            if (r.failure) {
                job.result.error = r.failure->message;
                job.result.interrupted = job.interrupted || r.failure->kind == util::Failure::Kind::interrupted;
                job.result.set_aside = refused_item(*r.failure);
                if (r.failure->kind == util::Failure::Kind::auth && !out.auth_failure) {
                    out.auth_failure = r.failure;
                }
                if (r.failure->kind == util::Failure::Kind::config) {
                    // Not this item's fault: it waits, with the rest, for the setting to be fixed.
                    job.result.held = true;
                    if (options.health && !options.health->refused) {
                        options.health->refused = r.failure;
                    }
                }
            } else if (options.health && job.action.kind == ActionKind::create) {
                options.health->proven = true;
            }
        }
        out.items.push_back(std::move(job.result));
    }
    return out;
}

// A journaled create of unknown outcome (or one the state may have lost): find its marker. Found: adopt it, read
// it back (in bulk) and write what differs from the draft (its fields may be from an older draft; unreadable:
// write them all). Proved absent: create. The lookup failed: leave it for a later run.
std::optional<util::Failure> Executor::recover(std::vector<Job>& jobs) {
    std::vector<targets::Sought> sought;
    for (const auto& job : jobs) {
        if (job.action.kind == ActionKind::recover) {
            sought.push_back({job.action.draft.external_id, job.action.draft.url});
        }
    }
    if (sought.empty()) {
        return std::nullopt;
    }
    auto find = m_target.find(sought);
    sync::drive(m_client, {find.get()}, nullptr);
    std::map<std::string, const targets::Found*> found;
    for (const auto& f : find->found()) {
        found.emplace(f.external_id, &f); // emplace keeps the oldest of duplicates: found() is oldest first
    }
    const auto shown = read_back(jobs, found);
    for (auto& job : jobs) {
        if (job.action.kind != ActionKind::recover) {
            continue;
        }
        if (find->result().failure) {
            job.result.error = "cannot look the marker up: " + find->result().failure->message;
            continue;
        }
        const auto it = found.find(job.action.draft.external_id);
        if (it == found.end()) {
            job.action.kind = ActionKind::create;
            job.action.transition.reset();
            continue;
        }
        state::Link link = job.action.link.value_or(state::Link{});
        point_to(link, it->second->ref);
        link.fingerprint.clear(); // unknown: write every field
        link.target_state = model::to_string(it->second->state);
        job.adopted = true;
        const auto read = shown.find(link.target_id);
        if (read != shown.end() && read->second.error.empty()) {
            if (!read->second.memo.empty()) {
                link.memo = read->second.memo; // what the target would keep for the item as it shows now
            }
            job.action = plan_repair(job.action.draft, link, read->second.differs, read->second.state);
            continue;
        }
        job.action.link = link;
        job.action.kind = ActionKind::update;
        job.action.fields = model::k_all_fields;
    }
    for (auto& job : jobs) {
        job.result.kind = job.action.kind;
    }
    const auto& failure = find->result().failure;
    return failure && failure->kind == util::Failure::Kind::auth ? failure : std::nullopt;
}

std::map<std::string, targets::Inspected>
Executor::read_back(const std::vector<Job>& jobs, const std::map<std::string, const targets::Found*>& found) {
    std::vector<targets::Expectation> items;
    for (const auto& job : jobs) {
        const auto it = found.find(job.action.draft.external_id);
        if (job.action.kind == ActionKind::recover && it != found.end()) {
            items.push_back({it->second->ref.id, &job.action.draft});
        }
    }
    if (items.empty()) {
        return {};
    }
    auto read = m_target.inspect(items);
    sync::drive(m_client, {read.get()}, nullptr);
    return read->inspected();
}

// Makes the operations, within --max-writes and until interrupted.
bool Executor::start(std::vector<Job>& jobs, const ExecuteOptions& options) {
    bool limited = false;
    for (auto& job : jobs) {
        const Action& a = job.action;
        if (!is_write(a.kind)) {
            continue;
        }
        if (options.cancel && options.cancel->load()) {
            job.result.error = "interrupted before it started";
            job.result.interrupted = true;
            continue;
        }
        if (options.health && options.health->refused) {
            job.result.error = k_not_sent_refused;
            job.result.held = true;
            continue;
        }
        if (options.writes_left && *options.writes_left) {
            if (**options.writes_left <= 0) {
                job.result.error = "--max-writes reached";
                job.result.held = true;
                limited = true;
                continue;
            }
            --**options.writes_left;
        }
        targets::Change change;
        change.draft = &a.draft;
        if (a.kind != ActionKind::create) {
            const state::Link& link = *a.link;
            change.item = ref_of(link);
            change.fields = a.fields;
            change.move_state = link.target_state != model::to_string(a.draft.state);
            change.memo = link.memo;
        }
        job.op = m_target.write(change);
    }
    return limited;
}

void Executor::launch(const std::vector<Job*>& jobs, const ExecuteOptions& options) {
    std::vector<state::Link> rows;
    std::vector<http::Operation*> ops;
    for (const auto* job : jobs) {
        if (job->action.kind == ActionKind::create) {
            rows.push_back(creating_row(job->action));
        }
        ops.push_back(job->op.get());
    }
    m_store.transaction([&] { m_store.put_links(rows); });
    if (!sync::drive(m_client, ops, options.cancel)) {
        // Start no further steps; what was done is journaled as it stands, the rest is left for a later run.
        for (auto* job : jobs) {
            job->interrupted = !job->op->done();
        }
    }
}

void Executor::drive(std::vector<Job>& jobs, const ExecuteOptions& options) {
    std::vector<Job*> all;
    Job* first = nullptr; // the create sent alone while the target has taken none this run
    for (auto& job : jobs) {
        if (!job.op) {
            continue;
        }
        if (!first && options.health && !options.health->proven && job.action.kind == ActionKind::create) {
            first = &job;
        } else {
            all.push_back(&job);
        }
    }
    if (first) {
        launch({first}, options);
        const auto& failure = first->op->result().failure;
        if (failure && failure->kind == util::Failure::Kind::config) {
            for (auto* job : all) {
                job->op.reset(); // never sent, never journaled
                job->result.error = k_not_sent_refused;
                job->result.held = true;
                if (options.writes_left && *options.writes_left) {
                    ++**options.writes_left;
                }
            }
            return;
        }
        if (first->interrupted) {
            for (auto* job : all) {
                job->op.reset();
                job->result.error = "interrupted before it started";
                job->result.interrupted = true;
            }
            return;
        }
    }
    launch(all, options);
}

} // namespace issuebridge::sync
