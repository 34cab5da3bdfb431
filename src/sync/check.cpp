#include "issuebridge/sync/check.hpp"

#include "check_parts.hpp"
#include "drive.hpp"
#include "listings.hpp"

#include "issuebridge/sync/engine.hpp"
#include "issuebridge/util/time.hpp"
#include "mapping.hpp"

#include <algorithm>
#include <map>
#include <memory>

namespace issuebridge::sync {

namespace checking {

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
        m_complete = listing_complete(*m_listing, m_config, m_route, m_report.error);
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
    std::vector<Entry> listed = entries(page, on_record);
    classify(listed);
    if (!m_options.report_only) {
        repair(listed);
    }
    for (const auto& e : listed) {
        tally(e.record);
        on_record(e.record);
    }
}

// The page's items to check, with their links; an unreadable one is reported at once.
std::vector<Entry> RepoCheck::entries(const sources::Page& page,
                                      const std::function<void(const CheckRecord&)>& on_record) {
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
    return entries;
}

void RepoCheck::tally(const CheckRecord& record) {
    const Verdict v = record.verdict;
    ++(v == Verdict::in_sync   ? m_report.in_sync
       : v == Verdict::missing ? m_report.missing
       : v == Verdict::differs ? m_report.differs
       : v == Verdict::orphan  ? m_report.orphans
                               : m_report.errors);
    m_report.repaired += record.repair.empty() ? 0 : 1;
    m_report.repair_failed += record.repair_error.empty() ? 0 : 1;
}

} // namespace checking

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
    Adapters adapters(config, client, options.make_source, options.make_target, &store, !options.report_only);
    CheckReport report;
    Seen seen;
    std::vector<std::unique_ptr<checking::RepoCheck>> checks; // in config order
    for_each_repo(
        config, adapters, client, options.routes, options.repos, options.cancel,
        [&](const config::Route& route, const std::string& repo) {
            const auto adapter = adapters.of(route);
            checks.push_back(std::make_unique<checking::RepoCheck>(config, route, repo, store, adapter.source,
                                                                   adapter.target, client, options, seen));
        },
        [&](const config::Route& route, const std::string& pattern, const util::Failure& failure) {
            CheckRepoReport& r = report.repos.emplace_back();
            r.route = route.name;
            r.repo = pattern;
            listing_failed(failure, config, route, r.error);
        });
    // Each target's change stream, read once before any item is; a reading that fails trusts nothing.
    std::map<std::string, std::unique_ptr<targets::ChangesOperation>> streams; // by target name
    std::vector<http::Operation*> reads;
    for (auto& check : checks) {
        if (!streams.contains(check->target_name())) {
            auto stream = check->target().changes();
            if (stream) {
                reads.push_back(stream.get());
            }
            streams.emplace(check->target_name(), std::move(stream));
        }
    }
    drive(client, reads, options.cancel);
    for (auto& check : checks) {
        const auto& stream = streams.at(check->target_name());
        if (stream && stream->done() && !stream->result().failure && stream->unchanged()) {
            check->trust_unchanged(&*stream->unchanged());
        }
    }
    // Every listing at once, a page of each per round; a round's pages are checked in config order, so that which
    // route checks an item first (Seen) does not depend on timing.
    drive_listings(
        client, checks.size(), [&](std::size_t i) { return checks[i]->listing(); },
        [&](std::size_t i) {
            checks[i]->pages(on_record);
            CheckProgress progress;
            for (const auto& c : checks) {
                progress.listed += c->listed();
                progress.total += c->total();
            }
            on_progress(progress);
        },
        options.cancel);
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
