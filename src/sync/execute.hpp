#pragma once
// The executor: applies one page of actions to one target through the HTTP client, many at once, and journals
// every step so that a kill at any instant leaves nothing a later run cannot finish (DESIGN.md, exactly-once).

#include "drive.hpp"
#include "issuebridge/http/client.hpp"
#include "issuebridge/state/store.hpp"
#include "issuebridge/targets/target.hpp"
#include "plan.hpp"

#include <atomic>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace issuebridge::sync {

struct ItemResult {
    ActionKind kind = ActionKind::skip; // what was done (a recover becomes create or update)
    std::string external_id;
    std::string target_key;
    bool durable = false; // nothing is left to do for this item: a cursor may pass it
    bool pending = false; // left alone for a later run: a create awaiting the target's search
    bool held = false;    // --max-writes kept it back: left for the next run
    // SIGINT/SIGTERM stopped it before it started or between its requests: left for the next run, not a failure.
    bool interrupted = false;
    bool written = false; // a write reached the target
    bool adopted = false; // found by its marker instead of created
    // It failed in a way that trying the same item again soon cannot fix (the target refused this item): its row is
    // set aside with a retry time, so a cursor may pass it.
    bool set_aside = false;
    std::string error;   // when it failed or was left for later
    std::string warning; // the target's word on a write that went through (OperationResult::warning)
};

// What a run learnt about one target, shared by every page and repository that writes to it.
struct TargetHealth {
    bool proven = false; // a create went through: writes need not wait for a first one
    // The target refused a write for one of its settings (Failure::Kind::config, e.g. an issue type its project
    // lacks): nothing more is sent to it this run.
    std::optional<util::Failure> refused;
};

struct ExecuteOptions {
    std::optional<int>* writes_left = nullptr; // --max-writes: shared across pages; nullopt means no limit
    const std::atomic<bool>* cancel = nullptr; // SIGINT/SIGTERM: no new operation starts once set
    // Until a create of the run went through, one is sent alone first, so a target that refuses every item gets
    // one request, not one per item. nullptr: no such care (one-off repairs).
    TargetHealth* health = nullptr;
    std::int64_t now = 0; // unix seconds: the base of retry times
};

struct PageOutcome {
    std::vector<ItemResult> items;             // one per action, in order
    std::vector<state::Link> journal;          // the link rows to commit with the page's cursor
    std::optional<util::Failure> auth_failure; // the target refused our credentials: the run must stop
    bool write_limited = false;                // --max-writes held back at least one write
};

// Whether a write's failure is the target refusing this one item (a 4xx other than 401, 403, 408, 409, 423 and
// 429), which trying again soon cannot fix; transient failures (network, 5xx, 429) and refusals of the whole
// target (auth, config) are not.
bool refused_item(const util::Failure& failure);
// When to try an item again after its `attempts`-th failure in a row: 5 minutes, doubling each time, at most a day.
std::int64_t next_attempt(std::int64_t now, int attempts);

class Executor {
public:
    // None is owned.
    Executor(targets::Target& target, http::Client& client, state::Store& store);

    // Applies `actions`, in rounds of at most one request per unfinished operation, all of a round in flight at
    // once. Every create is journaled `creating` (committed) before it is sent; the final rows come back in the
    // outcome's journal, for the caller to commit with the page's cursor in one transaction. Never throws for a
    // remote failure: each item fails alone, except a refusal of the whole target (see TargetHealth): then the
    // items not sent are `held`.
    PageOutcome run(const std::vector<Action>& actions, const ExecuteOptions& options);

    struct Job;

private:
    // Returns the lookup's failure when the target refused our credentials.
    std::optional<util::Failure> recover(std::vector<Job>& jobs);
    // What the items found for recovering jobs show, by target id (read in bulk).
    std::map<std::string, targets::Inspected> read_back(const std::vector<Job>& jobs,
                                                        const std::map<std::string, const targets::Found*>& found);
    // Returns whether --max-writes held a write back.
    bool start(std::vector<Job>& jobs, const ExecuteOptions& options);
    // Journals the creates among `jobs`, then drives them all.
    void launch(const std::vector<Job*>& jobs, const ExecuteOptions& options);
    void drive(std::vector<Job>& jobs, const ExecuteOptions& options);

    targets::Target& m_target;
    http::Client& m_client;
    state::Store& m_store;
};

} // namespace issuebridge::sync
