#include "issuebridge/sync/check.hpp"

#include "adapters.hpp"

#include "issuebridge/sync/drive.hpp"
#include "issuebridge/sync/engine.hpp"
#include "issuebridge/sync/execute.hpp"
#include "issuebridge/sync/mapping.hpp"
#include "issuebridge/sync/plan.hpp"
#include "issuebridge/util/error.hpp"
#include "issuebridge/util/time.hpp"

#include <algorithm>
#include <memory>

namespace issuebridge::sync {

namespace {

// "title, labels, state": the fields in `differs`, and the state when it differs too.
std::string describe(unsigned differs, bool state) {
    std::string out;
    const auto add = [&out](const char* name) { out += (out.empty() ? "" : ", ") + std::string(name); };
    if (differs & model::Field::title) {
        add("title");
    }
    if (differs & (model::Field::body | model::Field::url)) {
        add("body");
    }
    if (differs & model::Field::labels) {
        add("labels");
    }
    if (differs & model::Field::assignee) {
        add("assignee");
    }
    if (state) {
        add("state");
    }
    return out;
}

// One listed item on its way through the check.
struct Entry {
    model::Draft draft;
    std::optional<state::Link> link;
    targets::TargetRef ref; // the target item to read back, once one is known
    bool linked = false;    // `ref` is the link's (else the marker search found it)
    bool remarked = false;  // linked, left out of the bulk read, and found again by its marker
    bool decided = false;
    targets::Inspected shown;
    CheckRecord record;
};

// Runs operations (reads) to their end and reports a refused credential.
void run_reads(http::Client& client, const std::vector<targets::Operation*>& ops, const config::Config& config,
               const config::Route& route) {
    drive(client, {ops.begin(), ops.end()}, nullptr); // reads are cheap: a page is always checked whole
    for (const auto* op : ops) {
        if (const auto& f = op->result().failure; f && f->kind == util::Failure::Kind::auth) {
            throw util::AuthError(target_auth_message(config, route) + ": " + f->message);
        }
    }
}

// The check of one (route, repository). check_missing reads the listings of all of them in rounds; each round's
// pages are checked in config order.
class RepoCheck {
public:
    RepoCheck(const config::Config& config, const config::Route& route, const std::string& repo, state::Store& store,
              sources::Source& source, targets::Target& target, http::Client& client, const CheckOptions& options,
              Seen& seen)
        : m_config(config), m_route(route), m_repo(repo), m_store(store), m_source(source), m_target(target),
          m_client(client), m_options(options), m_seen(seen), m_now(util::unix_now()) {
        m_report.route = route.name;
        m_report.repo = repo;
    }

    // The listing, to drive; nullptr once it ended.
    sources::Listing* listing();
    // Checks the pages the last round completed; finishes once the listing is done.
    void pages(const std::function<void(const CheckRecord&)>& on_record);
    // Ends the check (the listing done or interrupted): the warning of an empty listing.
    void finish();
    // Its report, once finished; started(): its listing was asked for.
    const CheckRepoReport& report() const { return m_report; }
    bool started() const { return m_started; }
    // How many items were listed, and at most how many the listing holds: for progress displays.
    std::size_t listed() const { return m_listed; }
    std::size_t total() const { return std::max(m_listed, m_total_hint); }

private:
    void page(const sources::Page& page, const std::function<void(const CheckRecord&)>& on_record);
    void classify(std::vector<Entry>& entries);
    void look_up_gone(std::vector<Entry>& entries, const targets::InspectOperation& read_linked,
                      std::vector<targets::Expectation>& marked);
    void repair(std::vector<Entry>& entries);
    void decide(Entry& e, Verdict verdict, std::string detail) {
        e.decided = true;
        e.record.verdict = verdict;
        e.record.detail = std::move(detail);
    }

    const config::Config& m_config;
    const config::Route& m_route;
    const std::string& m_repo;
    state::Store& m_store;
    sources::Source& m_source;
    targets::Target& m_target;
    http::Client& m_client;
    const CheckOptions& m_options;
    Seen& m_seen;
    std::int64_t m_now;
    CheckRepoReport m_report;
    std::unique_ptr<sources::Listing> m_listing;
    bool m_started = false;
    bool m_complete = false;
    bool m_finished = false;
    std::size_t m_listed = 0;
    std::size_t m_total_hint = 0;
};

sources::Listing* RepoCheck::listing() {
    if (m_finished) {
        return nullptr;
    }
    if (!std::exchange(m_started, true)) {
        // The window is on the source's updated_at, whatever the cursors say: nothing is skipped as unchanged.
        m_listing = m_source.updated_within(m_repo, m_options.days, m_now);
    }
    return m_listing.get();
}

void RepoCheck::pages(const std::function<void(const CheckRecord&)>& on_record) {
    if (m_finished || !m_listing) {
        return;
    }
    for (auto& next : m_listing->take()) {
        m_listed += next.items.size();
        m_total_hint = std::max(m_total_hint, next.total_hint);
        page(next, on_record);
    }
    if (m_listing->done()) {
        if (const auto& failure = m_listing->failure()) {
            listing_failed(*failure, m_config, m_route, m_report.error);
        } else {
            m_complete = true;
        }
        finish();
    }
}

void RepoCheck::finish() {
    if (std::exchange(m_finished, true)) {
        return;
    }
    m_listing.reset();
    const std::string since = util::format_iso8601(m_now - std::int64_t{m_options.days} * 86400);
    const int linked = m_complete && m_listed == 0 ? m_store.count_links(m_route.name, m_repo, since) : 0;
    if (linked > 0) {
        m_report.warning = "the source listed no item of " + m_repo + " updated in the last " +
                           std::to_string(m_options.days) + " days, though " + std::to_string(linked) +
                           " linked items were; nothing was changed";
    }
}

void RepoCheck::page(const sources::Page& page, const std::function<void(const CheckRecord&)>& on_record) {
    std::vector<Entry> entries;
    for (const auto& parsed : page.items) {
        if (!parsed.ok()) {
            ++m_report.errors;
            CheckRecord r{m_route.name, m_repo, "", "", Verdict::error, "", parsed.failure().message, "", ""};
            on_record(r);
            continue;
        }
        auto mapped = map_item(*parsed, m_route);
        if (!mapped.draft) {
            ++m_report.filtered;
            continue;
        }
        if (!m_seen.emplace(mapped.draft->target, mapped.draft->external_id).second) {
            continue; // an earlier route of this run checked it
        }
        Entry e;
        e.draft = std::move(*mapped.draft);
        e.record = {m_route.name, m_repo, e.draft.external_id, e.draft.title, Verdict::in_sync, "", "", "", ""};
        entries.push_back(std::move(e));
    }
    std::vector<std::string> ids;
    for (const auto& e : entries) {
        ids.push_back(e.draft.external_id);
    }
    auto links = m_store.find_links(m_route.target, ids);
    for (auto& e : entries) {
        if (auto it = links.find(e.draft.external_id); it != links.end()) {
            e.link = std::move(it->second);
        }
    }
    classify(entries);
    if (!m_options.report_only) {
        repair(entries);
    }
    for (const auto& e : entries) {
        const Verdict v = e.record.verdict;
        ++(v == Verdict::in_sync   ? m_report.in_sync
           : v == Verdict::missing ? m_report.missing
           : v == Verdict::differs ? m_report.differs
           : v == Verdict::orphan  ? m_report.orphans
                                   : m_report.errors);
        m_report.repaired += e.record.repair.empty() ? 0 : 1;
        m_report.repair_failed += e.record.repair_error.empty() ? 0 : 1;
        on_record(e.record);
    }
}

// Linked items are read back by id in bulk; the others are looked up by marker, and what is found is read back
// too. Every entry ends decided.
void RepoCheck::classify(std::vector<Entry>& entries) {
    const std::int64_t grace = m_config.targets.at(m_route.target).search_lag;
    std::vector<Entry*> unlinked;
    std::vector<targets::Expectation> linked;
    for (auto& e : entries) {
        const auto& l = e.link;
        if (plan_one(e.draft, l, PlanOptions{m_now, grace}).pending) {
            decide(e, Verdict::error, "a create of a recent run awaits the target's search; check again in " +
                                          std::to_string(grace - (m_now - l->updated_at) + 1) + " s");
        } else if (l && !l->target_id.empty() && l->status != state::LinkStatus::creating) {
            e.ref = {l->target_id, l->target_key, l->target_url};
            e.linked = true;
            linked.push_back({l->target_id, &e.draft});
        } else {
            unlinked.push_back(&e);
        }
    }
    std::vector<std::string> search;
    for (const auto* e : unlinked) {
        search.push_back(e->draft.external_id);
    }
    std::vector<targets::Operation*> ops;
    auto find = search.empty() ? nullptr : m_target.find(search);
    auto read_linked = linked.empty() ? nullptr : m_target.inspect(linked);
    if (find) {
        ops.push_back(find.get());
    }
    if (read_linked) {
        ops.push_back(read_linked.get());
    }
    run_reads(m_client, ops, m_config, m_route);

    std::map<std::string, std::vector<const targets::Found*>> found; // oldest first, as find() gives them
    if (find) {
        for (const auto& f : find->found()) {
            found[f.external_id].push_back(&f);
        }
    }
    std::vector<targets::Expectation> marked;
    for (auto* e : unlinked) {
        if (const auto& failure = find->result().failure) {
            decide(*e, Verdict::error, "cannot look its marker up: " + failure->message);
            continue;
        }
        const auto it = found.find(e->draft.external_id);
        if (it == found.end()) {
            decide(*e, Verdict::missing, "not on the target");
            continue;
        }
        e->ref = it->second.front()->ref;
        marked.push_back({e->ref.id, &e->draft});
        for (std::size_t i = 1; i < it->second.size(); ++i) {
            e->record.detail += (i == 1 ? "also marked on " : ", ") + it->second[i]->ref.key;
        }
    }
    if (read_linked) {
        look_up_gone(entries, *read_linked, marked);
    }
    auto read_marked = marked.empty() ? nullptr : m_target.inspect(marked);
    if (read_marked) {
        run_reads(m_client, {read_marked.get()}, m_config, m_route);
    }

    for (auto& e : entries) {
        if (e.decided) {
            continue;
        }
        const auto& reads = e.linked && !e.remarked ? read_linked : read_marked;
        const auto it = reads->inspected().find(e.ref.id);
        if (it == reads->inspected().end()) {
            decide(e, Verdict::error, "marked on " + e.ref.key + ", which cannot be read");
            continue;
        }
        if (!it->second.error.empty()) {
            decide(e, Verdict::error, e.ref.key + ": " + it->second.error);
            continue;
        }
        e.shown = it->second;
        e.ref = e.shown.ref; // a moved item has a new key
        e.record.target_key = e.ref.key;
        const std::string differs = describe(e.shown.differs, e.shown.state != e.draft.state);
        if (!e.linked) {
            const std::string also = e.record.detail;
            decide(e, Verdict::orphan, "no link knows it" + (differs.empty() ? "" : "; differs: " + differs) +
                                           (also.empty() ? "" : "; " + also));
        } else if (!differs.empty()) {
            decide(e, Verdict::differs, differs);
        } else {
            decide(e, Verdict::in_sync, "");
        }
    }
    for (auto& e : entries) {
        if (e.record.target_key.empty() && e.link) {
            e.record.target_key = e.link->target_key;
        }
    }
}

// A linked item left out of the bulk read was deleted, or is hidden from us (permissions, a proxy): only its
// marker can tell. Found, it is read back like any item found by its marker (and linked to what was found), never
// created again; proved absent, it is missing.
void RepoCheck::look_up_gone(std::vector<Entry>& entries, const targets::InspectOperation& read_linked,
                             std::vector<targets::Expectation>& marked) {
    std::vector<Entry*> gone;
    std::vector<std::string> ids;
    for (auto& e : entries) {
        if (e.linked && !e.decided && read_linked.inspected().count(e.ref.id) == 0) {
            gone.push_back(&e);
            ids.push_back(e.draft.external_id);
        }
    }
    if (gone.empty()) {
        return;
    }
    auto find = m_target.find(ids);
    run_reads(m_client, {find.get()}, m_config, m_route);
    std::map<std::string, const targets::Found*> found;
    for (const auto& f : find->found()) {
        found.emplace(f.external_id, &f); // the oldest of several
    }
    for (auto* e : gone) {
        const auto it = found.find(e->draft.external_id);
        if (const auto& failure = find->result().failure) {
            decide(*e, Verdict::error, e->ref.key + " cannot be read, nor its marker looked up: " + failure->message);
        } else if (it == found.end()) {
            decide(*e, Verdict::missing, e->ref.key + " was deleted");
        } else {
            e->ref = it->second->ref;
            e->remarked = true;
            marked.push_back({e->ref.id, &e->draft});
        }
    }
}

// Missing items are created through the journal like any create; differing ones get the differing fields and
// state written; orphans are linked, then written the same way. Links that lag behind are brought up to date.
void RepoCheck::repair(std::vector<Entry>& entries) {
    std::vector<Action> actions;
    std::vector<Entry*> owners;
    std::vector<state::Link> rows; // links written without a target write
    for (auto& e : entries) {
        const Verdict v = e.record.verdict;
        if (v == Verdict::missing) {
            actions.push_back(plan_one(e.draft, std::nullopt, PlanOptions{}));
            owners.push_back(&e);
            continue;
        }
        if (v != Verdict::in_sync && v != Verdict::differs && v != Verdict::orphan) {
            continue;
        }
        // The link as the target item stands: fields unknown unless they all match.
        state::Link l = e.link.value_or(state::Link{});
        const std::string fingerprint = e.draft.fingerprint();
        const state::Link before = l;
        l.target = e.draft.target;
        l.external_id = e.draft.external_id;
        l.route = e.draft.route;
        l.repo = e.draft.repo;
        l.target_id = e.ref.id;
        l.target_key = e.ref.key;
        l.target_url = e.ref.url;
        l.status = state::LinkStatus::synced;
        l.fingerprint = e.shown.differs == 0 ? fingerprint : std::string();
        if (!e.shown.memo.empty()) {
            l.memo = e.shown.memo; // what the target would keep for the item as it shows now
        }
        l.source_updated_at = e.draft.source_updated_at;
        l.attempts = 0;
        l.last_error.clear();
        Action a = plan_repair(e.draft, l, e.shown.differs, e.shown.state);
        if (a.kind != ActionKind::skip) {
            actions.push_back(std::move(a));
            owners.push_back(&e);
            continue;
        }
        l.target_state = model::to_string(e.draft.state);
        if (v == Verdict::orphan) {
            e.record.repair = "adopted";
        }
        const bool stale = before.status != l.status || before.fingerprint != l.fingerprint ||
                           before.target_state != l.target_state || before.target_key != l.target_key ||
                           before.memo != l.memo;
        if (v == Verdict::orphan || stale) {
            rows.push_back(std::move(l));
        }
    }
    Executor executor(m_target, m_client, m_store);
    const auto outcome = executor.run(actions, ExecuteOptions{nullptr, m_options.cancel, nullptr, util::unix_now()});
    for (std::size_t i = 0; i < actions.size(); ++i) {
        const ItemResult& r = outcome.items[i];
        CheckRecord& record = owners[i]->record;
        if (r.durable) {
            record.repair = record.verdict == Verdict::orphan ? "adopted"
                            : r.kind == ActionKind::create   ? "created"
                                                              : "updated";
            record.target_key = r.target_key;
        } else {
            record.repair_error = r.error.empty() ? "not done" : r.error;
        }
    }
    m_store.transaction([&] {
        m_store.put_links(outcome.journal);
        m_store.put_links(rows);
    });
    if (outcome.auth_failure) {
        throw util::AuthError(target_auth_message(m_config, m_route) + ": " + outcome.auth_failure->message);
    }
}

} // namespace

char mark(Verdict verdict) noexcept {
    switch (verdict) {
    case Verdict::in_sync:
        return '=';
    case Verdict::missing:
        return '+';
    case Verdict::differs:
        return '*';
    case Verdict::orphan:
        return '-';
    case Verdict::error:
        return '!';
    }
    return '!';
}

const char* to_string(Verdict verdict) noexcept {
    switch (verdict) {
    case Verdict::in_sync:
        return "in_sync";
    case Verdict::missing:
        return "missing";
    case Verdict::differs:
        return "differs";
    case Verdict::orphan:
        return "orphan";
    case Verdict::error:
        return "error";
    }
    return "error";
}

bool CheckReport::all_done() const {
    return !interrupted && std::all_of(repos.begin(), repos.end(), [](const CheckRepoReport& r) {
        return r.error.empty() && r.errors == 0 && r.repair_failed == 0 &&
               r.repaired == r.missing + r.differs + r.orphans;
    });
}

bool CheckReport::all_in_sync() const {
    return !interrupted && std::all_of(repos.begin(), repos.end(), [](const CheckRepoReport& r) {
        return r.error.empty() && r.checked() == r.in_sync;
    });
}

CheckReport check_missing(const config::Config& config, state::Store& store, http::Client& client,
                          const CheckOptions& options, const std::function<void(const CheckRecord&)>& on_record,
                          const std::function<void(const CheckProgress&)>& on_progress) {
    check_selection(config, options.routes, options.repos);
    Adapters adapters(config, client, options.make_source, options.make_target);
    CheckReport report;
    Seen seen;
    std::vector<std::unique_ptr<RepoCheck>> checks; // in config order
    for_each_repo(config, options.routes, options.repos, options.cancel,
                  [&](const config::Route& route, const std::string& repo) {
                      const auto adapter = adapters.of(route);
                      checks.push_back(std::make_unique<RepoCheck>(config, route, repo, store, adapter.source,
                                                                   adapter.target, client, options, seen));
                  });
    // Every listing at once, a page of each per round; a round's pages are checked in config order, so that which
    // route checks an item first (Seen) does not depend on timing.
    while (!(options.cancel && options.cancel->load())) {
        std::vector<http::Operation*> listings;
        std::vector<RepoCheck*> listing_checks;
        for (auto& check : checks) {
            if (auto* listing = check->listing()) {
                listings.push_back(listing);
                listing_checks.push_back(check.get());
            }
        }
        if (!round(client, listings)) {
            break;
        }
        for (auto* check : listing_checks) {
            check->pages(on_record);
            CheckProgress progress;
            for (const auto& c : checks) {
                progress.listed += c->listed();
                progress.total += c->total();
            }
            on_progress(progress);
        }
    }
    for (auto& check : checks) {
        check->finish();
        if (check->started()) { // (not when ^C came before the first round)
            report.repos.push_back(check->report());
        }
    }
    report.interrupted = options.cancel && options.cancel->load();
    return report;
}

} // namespace issuebridge::sync
