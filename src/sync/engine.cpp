#include "issuebridge/sync/engine.hpp"
#include "execute.hpp"

#include "adapters.hpp"
#include "listings.hpp"
#include "rows.hpp"

#include "drive.hpp"
#include "issuebridge/sources/source.hpp"
#include "issuebridge/util/error.hpp"
#include "issuebridge/util/strings.hpp"
#include "issuebridge/util/time.hpp"
#include "mapping.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <memory>
#include <set>

namespace issuebridge::sync {

namespace {

void count(RepoReport& report, const ItemResult& r) {
    if (r.pending || r.held || r.interrupted) {
        ++report.pending;
    } else if (!r.durable) {
        ++report.failed;
    } else if (r.adopted) {
        ++report.adopted;
    } else if (r.kind == ActionKind::create) {
        ++report.created;
    } else if (r.kind == ActionKind::update) {
        ++report.updated;
    } else if (r.kind == ActionKind::close) {
        ++report.closed;
    } else if (r.kind == ActionKind::reopen) {
        ++report.reopened;
    } else {
        ++report.unchanged;
    }
}

// The state of one (route, repository) sync while its pages go by. run_sync reads the listings of all of them
// in rounds; each round's pages are handled in config order.
class RepoSync {
public:
    RepoSync(const config::Config& config, const config::Route& route, const std::string& repo, state::Store& store,
             sources::Source& source, targets::Target& target, http::Client& client, const SyncOptions& options,
             SyncReport& report, Seen& seen, TargetHealth& health,
             const std::function<void(const ActionRecord&)>& on_action)
        : m_config(config), m_route(route), m_repo(repo), m_store(store), m_source(source),
          m_executor(target, client, store), m_options(options), m_report(report), m_seen(seen), m_health(health),
          m_on_action(on_action), m_now(options.now ? options.now : util::unix_now()) {
        m_repo_report.route = route.name;
        m_repo_report.repo = repo;
        const auto stored = m_store.find_cursor(m_route.name, m_repo);
        m_adopting = !stored;
        m_position = stored ? stored->position : std::string();
        m_listed_from = m_options.full ? std::string() : m_position;
    }

    // The reads of the items set aside whose retry is due (the cursor passed them long ago), to drive.
    std::vector<http::Operation*> start_retries();
    // Syncs what start_retries' reads gave. Throws util::AuthError when the source refused them.
    void retried(std::optional<int>& writes_left);
    // The listing, to drive; nullptr once this sync stopped.
    sources::Listing* listing();
    // Handles the pages the last round completed; finishes once the listing is done.
    void pages(std::optional<int>& writes_left);
    // Ends the sync (the listing done, stopped or abandoned): the last cursor, the report. Throws util::AuthError
    // when the target refused our credentials.
    void finish();
    // Its line of the report once finished, unless it never began (see finish).
    const RepoReport* reported() const { return m_reported ? &m_repo_report : nullptr; }
    bool auth_failed() const { return m_auth_failure.has_value(); }

private:
    // `listed`: the page comes from the listing, so the cursor may move past what it completes.
    void page(const sources::Page& page, std::optional<int>& writes_left, bool listed);
    // Notes the ids of a page of a listing that gives every item of the repository (Listing::complete_set).
    void note_listed(const sources::Page& page);
    // Once such a listing read to its end: closes the linked items it did not give.
    void close_absent(std::optional<int>& writes_left);
    void close_batch(const std::vector<Action>& actions, std::optional<int>& writes_left);
    bool unreadable(const util::Failure& failure, std::vector<state::Link>& rows);
    void look_up_before_create(std::vector<Action>& actions) const;
    void record(const model::Draft& draft, const Action& action, const ItemResult* result);
    bool stopped() const {
        return m_auth_failure || m_health.refused || (m_options.cancel && m_options.cancel->load());
    }

    const config::Config& m_config;
    const config::Route& m_route;
    const std::string m_repo; // a copy: a repository a pattern named lives only while the run starts
    state::Store& m_store;
    sources::Source& m_source;
    Executor m_executor;
    const SyncOptions& m_options;
    SyncReport& m_report;
    Seen& m_seen;
    TargetHealth& m_health;
    const std::function<void(const ActionRecord&)>& m_on_action;
    std::int64_t m_now;
    RepoReport m_repo_report;
    std::string m_position;    // the cursor past every item done so far (the stored one until an item is done)
    std::string m_listed_from; // the cursor the listing started from
    bool m_advanced = false;   // an item of the listing moved m_position
    bool m_blocked = false;    // an item was not done: the cursor stops before it
    // No cursor yet: a first import, or a lost state whose items may all be on the target already.
    bool m_adopting = false;
    bool m_begun = false; // a page or retry was handled
    bool m_complete = false;
    bool m_finished = false;
    bool m_reported = false;
    std::size_t m_listed = 0;
    // The external ids a complete-set listing gave; m_unnamed: an item of it failed before its id was read, so
    // absence proves nothing this run.
    std::set<std::string> m_listed_ids;
    bool m_unnamed = false;
    std::vector<std::pair<std::string, std::unique_ptr<sources::ItemRead>>> m_reads; // (external id, read)
    std::unique_ptr<sources::Listing> m_listing;
    std::optional<util::Failure> m_auth_failure;
};

// At most this many set-aside items are fetched again per (route, repository) and run; the others wait a run.
constexpr int k_retries_per_run = 100;

std::vector<http::Operation*> RepoSync::start_retries() {
    std::vector<http::Operation*> ops;
    if (m_options.dry_run || m_health.refused) {
        return ops;
    }
    for (const auto& link : m_store.due_retries(m_route.name, m_repo, m_now, k_retries_per_run)) {
        m_reads.emplace_back(link.external_id, m_source.read(m_repo, link.external_id));
        ops.push_back(m_reads.back().second.get());
    }
    return ops;
}

void RepoSync::retried(std::optional<int>& writes_left) {
    sources::Page due;
    std::vector<state::Link> gone; // to close: gone from a source whose absent items are closed
    for (auto& [id, read] : m_reads) {
        if (!read->done()) {
            continue; // interrupted before its answer
        }
        util::Result<model::SourceItem> item = read->item();
        if (!item.ok() && item.failure().kind == util::Failure::Kind::auth) {
            throw util::AuthError(source_auth_message(m_config, m_route) + ": " + item.failure().message);
        }
        const bool is_gone = !item.ok() && item.failure().kind == util::Failure::Kind::http &&
                             (item.failure().status == 404 || item.failure().status == 410);
        if (is_gone && m_source.gone_means_closed()) {
            if (auto link = m_store.find_link(m_route.target, id)) {
                gone.push_back(std::move(*link));
                continue;
            }
        }
        if (!item.ok() && item.failure().subject.empty()) {
            util::Failure f = std::move(item).failure();
            f.subject = id;
            item = std::move(f);
        }
        due.items.push_back(std::move(item));
    }
    m_reads.clear();
    if (!due.items.empty() && !m_health.refused) {
        m_begun = true;
        page(due, writes_left, false);
    }
    if (const auto closes = plan_absent(gone, {}); !closes.empty() && !m_health.refused) {
        m_begun = true;
        close_batch(closes, writes_left);
    }
}

sources::Listing* RepoSync::listing() {
    if (m_finished || stopped()) {
        return nullptr;
    }
    if (!m_listing) {
        m_listing = m_source.changed(m_repo, m_listed_from);
    }
    return m_listing.get();
}

void RepoSync::pages(std::optional<int>& writes_left) {
    if (m_finished || !m_listing) {
        return;
    }
    for (auto& next : m_listing->take()) {
        if (m_auth_failure || m_health.refused) {
            break; // (a page in hand when ^C came is handled: the round was sent before it)
        }
        m_begun = true;
        if (next.not_modified) {
            m_repo_report.not_modified = true;
            continue;
        }
        m_listed += next.items.size();
        if (m_options.on_listed) {
            m_options.on_listed(m_route.name, m_repo, next.items.size(), next.total_hint);
        }
        m_repo_report.left_out += static_cast<int>(next.left_out);
        note_listed(next);
        page(next, writes_left, true);
    }
    if (m_listing->done()) {
        if (listing_complete(*m_listing, m_config, m_route, m_repo_report.error, &m_repo_report.error_is_setting)) {
            m_complete = !m_repo_report.not_modified && !stopped();
        }
        if (m_complete && m_listing->complete_set() && !m_unnamed) {
            close_absent(writes_left);
        }
        finish();
    } else if (stopped()) {
        finish();
    }
}

void RepoSync::finish() {
    if (std::exchange(m_finished, true)) {
        return;
    }
    const auto listing = std::move(m_listing); // gone with this call: at most one page in hand, none after
    if (!m_begun && (m_health.refused || (m_options.cancel && m_options.cancel->load()))) {
        return; // not begun: the target refuses our writes for a setting (said once, for the whole run), or ^C
    }
    const bool full_listing = m_complete && m_listed_from.empty() && !listing->complete_set();
    const int linked = full_listing && m_listed == 0 ? m_store.count_links(m_route.name, m_repo) : 0;
    if (linked > 0) {
        // Never closed by absence: an empty listing changes nothing, but it is not what the links lead to expect.
        m_repo_report.warning = "the source listed no item of " + m_repo + ", though " + std::to_string(linked) +
                                " are linked; nothing was changed";
    }
    // The cursor was committed page by page (never while adopting: see look_up_before_create); what the source
    // keeps once the whole listing is done (GitHub: the first page's ETag) only when every item of it is done.
    if (!m_options.dry_run && m_complete && !m_blocked && (!m_adopting || m_advanced)) {
        const std::string position = listing->complete(m_position);
        if (m_adopting || position != m_position) {
            m_store.transaction([&] { m_store.put_cursor({m_route.name, m_repo, position, util::unix_now()}); });
        }
    }
    // How the listing ended, for 'status': failed (since when), or read to its end. One stopped early says nothing.
    if (!m_options.dry_run && listing && listing->done()) {
        m_store.transaction([&] { m_store.put_repo_error(m_route.name, m_repo, m_repo_report.error, m_now); });
    }
    m_reported = true;
    if (m_auth_failure) {
        throw util::AuthError(target_auth_message(m_config, m_route) + ": " + m_auth_failure->message);
    }
}

void RepoSync::note_listed(const sources::Page& page) {
    if (!m_listing->complete_set()) {
        return;
    }
    for (const auto& item : page.items) {
        const std::string& id = item.ok() ? item->external_id : item.failure().subject;
        m_unnamed |= id.empty();
        m_listed_ids.insert(id);
    }
}

// Closed through the normal write path, as a change of state alone; each link's row becomes closed, so a later
// complete listing that still lacks the item finds nothing to do, and one that gives it again reopens it. In
// batches of a page's size, each journaled in its own transaction, so a kill loses at most one batch's rows.
void RepoSync::close_absent(std::optional<int>& writes_left) {
    const auto open = m_store.open_links(m_route.name, m_repo);
    std::vector<state::Link> ours;
    std::copy_if(open.begin(), open.end(), std::back_inserter(ours),
                 [&](const state::Link& l) { return l.target == m_route.target; });
    const auto actions = plan_absent(ours, m_listed_ids);
    m_listed_ids.clear();
    constexpr std::size_t k_batch = 100;
    std::size_t from = 0;
    for (; from < actions.size() && !stopped(); from += k_batch) {
        const std::vector<Action> batch(actions.begin() + static_cast<std::ptrdiff_t>(from),
                                        actions.begin() +
                                            static_cast<std::ptrdiff_t>(std::min(actions.size(), from + k_batch)));
        close_batch(batch, writes_left);
    }
    m_blocked |= from < actions.size(); // stopped before the last batch: the cursor waits for them
}

void RepoSync::close_batch(const std::vector<Action>& actions, std::optional<int>& writes_left) {
    if (m_options.dry_run) {
        for (const auto& a : actions) {
            record(a.draft, a, nullptr);
        }
        return;
    }
    ExecuteOptions exec{&writes_left, m_options.cancel, &m_health, m_now};
    auto outcome = m_executor.run(actions, exec);
    // The drafts were made from the links and hold none of the items' fields: the fields written stay as known.
    std::map<std::string, std::string> fingerprints;
    for (const auto& a : actions) {
        fingerprints.emplace(a.draft.external_id, a.link->fingerprint);
    }
    for (auto& row : outcome.journal) {
        if (const auto it = fingerprints.find(row.external_id); it != fingerprints.end()) {
            row.fingerprint = it->second;
        }
    }
    for (std::size_t i = 0; i < actions.size(); ++i) {
        const ItemResult& result = outcome.items[i];
        record(actions[i].draft, actions[i], &result);
        m_report.writes += result.written ? 1 : 0;
        // A close not done keeps the cursor where it was: the next run lists the same set and closes it then.
        m_blocked |= !result.durable && !result.set_aside;
    }
    m_report.write_limit_reached |= outcome.write_limited;
    m_store.transaction([&] { m_store.put_links(outcome.journal); });
    if (!m_auth_failure) {
        m_auth_failure = outcome.auth_failure;
    }
}

// An item that failed before any write: unreadable, or gone when fetched again. When it is named and trying again
// soon cannot help, its row is set aside with a retry time (into `rows`) and true returned: no cursor need wait
// for it. Reported, unless it was set aside already and is not due (listed again within the cursor's overlap).
bool RepoSync::unreadable(const util::Failure& f, std::vector<state::Link>& rows) {
    const bool lasting = !f.subject.empty() && (f.kind == util::Failure::Kind::parse || refused_item(f));
    const auto link = lasting ? m_store.find_link(m_route.target, f.subject) : std::nullopt;
    if (link && link->next_attempt_at > m_now) {
        return true;
    }
    ++m_repo_report.failed;
    std::string error = f.message;
    if (lasting && !m_options.dry_run) {
        state::Link row = keyed_row(link, m_route.target, f.subject, m_route.name, m_repo);
        // A create of unknown outcome stays `creating`, so that its marker is looked up before creating again.
        row.status = link && link->status == state::LinkStatus::creating ? state::LinkStatus::creating
                                                                         : state::LinkStatus::failed;
        row.attempts += 1;
        row.last_error = f.message;
        row.next_attempt_at = next_attempt(m_now, row.attempts);
        if (row.failing_since == 0) {
            row.failing_since = m_now;
        }
        rows.push_back(row);
        error += "; tried again after " + util::format_iso8601(row.next_attempt_at);
    }
    m_on_action({m_route.name, m_repo, f.subject, "skip", "", "failed", "", error, {}});
    return lasting;
}

void RepoSync::page(const sources::Page& page, std::optional<int>& writes_left, bool listed) {
    // Per item, in listing order: its action's index, or -1 (filtered or set aside: done) or -2 (failed: not done).
    std::vector<model::Draft> drafts;
    std::vector<int> slot;
    std::vector<state::Link> aside;
    for (const auto& parsed : page.items) {
        if (!parsed.ok()) {
            slot.push_back(unreadable(parsed.failure(), aside) ? -1 : -2);
            continue;
        }
        auto mapped = map_item(*parsed, m_route);
        if (mapped.draft && !m_seen.emplace(mapped.draft->target, mapped.draft->external_id).second) {
            mapped.draft.reset(); // an earlier route of this run handled it
        }
        if (!mapped.draft) {
            slot.push_back(-1);
            ++m_repo_report.filtered;
            continue;
        }
        slot.push_back(static_cast<int>(drafts.size()));
        drafts.push_back(std::move(*mapped.draft));
    }
    const PlanOptions plan_options{m_now, m_config.targets.at(m_route.target).search_lag};
    // One query for the page's links rather than one per item.
    std::vector<std::string> ids;
    for (const auto& d : drafts) {
        ids.push_back(d.external_id);
    }
    auto actions = plan(drafts, m_store.find_links(m_route.target, ids), plan_options);
    if (m_options.dry_run) {
        for (std::size_t i = 0; i < actions.size(); ++i) {
            record(drafts[i], actions[i], nullptr);
        }
        return;
    }
    look_up_before_create(actions);
    ExecuteOptions exec{&writes_left, m_options.cancel, &m_health, m_now};
    const auto outcome = m_executor.run(actions, exec);
    std::string position = m_position;
    for (std::size_t i = 0; listed && i < page.items.size() && !m_blocked; ++i) {
        const auto* result = slot[i] >= 0 ? &outcome.items[static_cast<std::size_t>(slot[i])] : nullptr;
        if (slot[i] == -2 || (result && !result->durable && !result->set_aside)) {
            m_blocked = true;
        } else if (page.items[i].ok()) {
            position = m_source.advance(position, *page.items[i]);
            m_advanced = true;
        }
    }
    for (std::size_t i = 0; i < actions.size(); ++i) {
        record(drafts[i], actions[i], &outcome.items[i]);
        m_report.writes += outcome.items[i].written ? 1 : 0;
    }
    m_report.write_limit_reached |= outcome.write_limited;
    m_store.transaction([&] {
        m_store.put_links(aside);
        m_store.put_links(outcome.journal);
        if (position != m_position && !m_adopting) {
            m_store.put_cursor({m_route.name, m_repo, position, util::unix_now()});
        }
    });
    m_position = std::move(position);
    m_auth_failure = outcome.auth_failure;
}

// A state without this (route, repository)'s cursor may have been lost (deleted, emptied, a WAL gone, HOME
// unset under cron): its links are gone, but the items are on the target. So every create first looks its
// marker up, in bulk (one search per 50 items, see Executor::recover), and what is found is adopted. The cost
// falls on first imports only: the cursor is written once the whole listing is done (finish), and from then on
// creates go straight out. A lost state within the target's search lag of a create is the accepted gap. The
// cursor of an adopting listing is held back until every item of it is done: a run stopped halfway (killed,
// --max-writes, a failure) leaves the next run adopting too, so no item of a lost state escapes the lookup.
void RepoSync::look_up_before_create(std::vector<Action>& actions) const {
    if (!m_adopting) {
        return;
    }
    for (auto& a : actions) {
        if (a.kind == ActionKind::create) {
            a.kind = ActionKind::recover;
        }
    }
}

void RepoSync::record(const model::Draft& draft, const Action& action, const ItemResult* result) {
    ActionRecord r{m_route.name,
                   m_repo,
                   draft.external_id,
                   to_string(action.kind),
                   action.link ? action.link->target_key : std::string(),
                   "planned",
                   draft.title,
                   {},
                   {}};
    if (result) {
        count(m_repo_report, *result);
        r.action = result->adopted ? "adopt" : to_string(result->kind);
        r.target_key = result->target_key;
        r.outcome = result->durable       ? "ok"
                    : result->pending     ? "pending"
                    : result->held        ? "held"
                    : result->interrupted ? "interrupted"
                                          : "failed";
        r.error = result->error;
        r.warning = result->warning;
    } else {
        RepoReport& c = m_repo_report;
        ++(action.kind == ActionKind::create   ? c.created
           : action.kind == ActionKind::update ? c.updated
           : action.kind == ActionKind::close  ? c.closed
           : action.kind == ActionKind::reopen ? c.reopened
                                               : c.unchanged);
    }
    if (r.action != "skip" || !r.error.empty()) {
        m_on_action(r);
    }
}

} // namespace

bool SyncReport::all_done() const {
    return !interrupted && std::all_of(repos.begin(), repos.end(), [](const RepoReport& r) {
        return r.error.empty() && r.failed == 0 && r.pending == 0;
    });
}

bool SyncReport::needs_config_fix() const {
    return !refused_targets.empty() ||
           std::any_of(repos.begin(), repos.end(), [](const RepoReport& r) { return r.error_is_setting; });
}

void check_selection(const config::Config& config, const std::vector<std::string>& routes,
                     const std::vector<std::string>& repos) {
    std::vector<std::string> known_routes;
    std::vector<std::string> known_repos;
    std::vector<std::string> patterns;
    for (const auto& route : config.routes) {
        known_routes.push_back(route.name);
        for (const auto& repo : route.repos) {
            (config::is_pattern(repo) ? patterns : known_repos).push_back(repo);
        }
    }
    for (const auto& name : routes) {
        if (!config.find_route(name)) {
            throw util::UsageError("unknown route '" + name + "'", util::did_you_mean(name, known_routes));
        }
    }
    for (const auto& repo : repos) {
        const auto covers = [&](const std::string& pattern) { return config::pattern_covers(pattern, repo); };
        if (std::find(known_repos.begin(), known_repos.end(), repo) == known_repos.end() &&
            std::none_of(patterns.begin(), patterns.end(), covers)) {
            throw util::UsageError("no route syncs repository '" + repo + "'", util::did_you_mean(repo, known_repos));
        }
    }
}

SyncReport run_sync(const config::Config& config, state::Store& store, http::Client& client, const SyncOptions& options,
                    const std::function<void(const ActionRecord&)>& on_action) {
    check_selection(config, options.routes, options.repos);
    Adapters adapters(config, client, options.make_source, options.make_target, &store, !options.dry_run);
    SyncReport report;
    std::optional<int> writes_left = options.max_writes;
    Seen seen;
    std::map<std::string, TargetHealth> health;   // by target name
    std::vector<std::unique_ptr<RepoSync>> syncs; // in config order
    for_each_repo(
        config, adapters, client, options.routes, options.repos, options.cancel,
        [&](const config::Route& route, const std::string& repo) {
            const auto adapter = adapters.of(route);
            syncs.push_back(std::make_unique<RepoSync>(config, route, repo, store, adapter.source, adapter.target,
                                                       client, options, report, seen, health[route.target], on_action));
        },
        [&](const config::Route& route, const std::string& pattern, const util::Failure& failure) {
            RepoReport& r = report.repos.emplace_back();
            r.route = route.name;
            r.repo = pattern;
            listing_failed(failure, config, route, r.error, &r.error_is_setting);
        });
    std::set<std::string> told; // targets whose refusal was reported
    const auto tell = [&] {
        for (const auto& [name, h] : health) {
            if (h.refused && told.insert(name).second) {
                report.refused_targets.push_back("target '" + name + "': " + h.refused->message +
                                                 "; nothing more was sent to it this run");
            }
        }
    };
    // The items set aside whose retry is due, every repository's at once, each synced before its listing.
    std::vector<http::Operation*> reads;
    for (auto& sync : syncs) {
        const auto ops = sync->start_retries();
        reads.insert(reads.end(), ops.begin(), ops.end());
    }
    drive(client, reads, options.cancel);
    for (auto& sync : syncs) {
        sync->retried(writes_left);
        tell();
        if (sync->auth_failed()) {
            sync->finish(); // throws, after committing what was done
        }
    }
    // Every listing at once, a page of each per round; a round's pages are handled in config order.
    drive_listings(
        client, syncs.size(), [&](std::size_t i) { return syncs[i]->listing(); },
        [&](std::size_t i) {
            syncs[i]->pages(writes_left);
            tell();
        },
        options.cancel);
    for (auto& sync : syncs) {
        sync->finish(); // stopped or interrupted: the cursor stays where the pages left it
    }
    for (const auto& sync : syncs) {
        if (const auto* r = sync->reported()) {
            report.repos.push_back(*r);
        }
    }
    report.interrupted = options.cancel && options.cancel->load();
    // A repository no route lists any more fails no more: its listing error goes with it (a run of every route and
    // repository only, so that the ones it did not list are known to be gone).
    if (!options.dry_run && !report.interrupted && options.routes.empty() && options.repos.empty()) {
        std::set<std::pair<std::string, std::string>> listed;
        for (const auto& r : report.repos) {
            listed.emplace(r.route, r.repo);
        }
        store.transaction([&] {
            for (const auto& e : store.repo_errors()) {
                if (!listed.contains({e.route, e.repo})) {
                    store.put_repo_error(e.route, e.repo, "", 0);
                }
            }
        });
    }
    return report;
}

} // namespace issuebridge::sync
