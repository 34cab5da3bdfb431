#pragma once
// What the parts of 'check-missing' share (check.cpp: the run and the listing of each repository;
// check_classify.cpp: the verdicts; check_repair.cpp: the repairs). Private to sync/.

#include "adapters.hpp"

#include "issuebridge/sync/check.hpp"
#include "issuebridge/util/time.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace issuebridge::sync::checking {

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

// The repairs of a page, planned (check_repair.cpp).
struct Repairs;

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
    // The target it checks against, and its name.
    targets::Target& target() { return m_target; }
    const std::string& target_name() const { return m_route.target; }
    // The ids of the target's items that its change stream says nobody changed since a check found them in sync
    // (targets::ChangesOperation::unchanged); must outlive the check. Without it every linked item is read back.
    void trust_unchanged(const std::set<std::string>* unchanged) { m_unchanged = unchanged; }
    // Its report, once finished; started(): its listing was asked for.
    const CheckRepoReport& report() const { return m_report; }
    bool started() const { return m_started; }
    // How many items were listed, and at most how many the listing holds: for progress displays.
    std::size_t listed() const { return m_listed; }
    std::size_t total() const { return std::max(m_listed, m_total_hint); }

private:
    // check.cpp
    void page(const sources::Page& page, const std::function<void(const CheckRecord&)>& on_record);
    std::vector<Entry> entries(const sources::Page& page, const std::function<void(const CheckRecord&)>& on_record);
    void tally(const CheckRecord& record);
    // check_classify.cpp: every entry ends decided.
    void classify(std::vector<Entry>& entries);
    // Decides the pending creates; sorts the others into those linked (to read back) and those to look up.
    void triage(std::vector<Entry>& entries, std::vector<Entry*>& unlinked, std::vector<targets::Expectation>& linked);
    // Decides the unlinked entries the marker search did not find; adds the found ones to `marked`.
    void note_found(const std::vector<Entry*>& unlinked, const targets::FindOperation& find,
                    std::vector<targets::Expectation>& marked);
    void look_up_gone(std::vector<Entry>& entries, const targets::InspectOperation& read_linked,
                      std::vector<targets::Expectation>& marked);
    // Decides an entry from what `reads` (the bulk read it was in) showed.
    void judge(Entry& e, const targets::InspectOperation& reads);
    // Runs operations (reads) to their end; throws util::AuthError for a refused credential.
    void run_reads(const std::vector<targets::Operation*>& ops);
    // check_repair.cpp
    void repair(std::vector<Entry>& entries);
    void apply(Repairs& repairs);
    static void decide(Entry& e, Verdict verdict, std::string detail) {
        e.decided = true;
        e.record.verdict = verdict;
        e.record.detail = std::move(detail);
    }

    const config::Config& m_config;
    const config::Route& m_route;
    const std::string m_repo; // a copy: a repository a pattern named lives only while the run starts
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
    const std::set<std::string>* m_unchanged = nullptr;
};

} // namespace issuebridge::sync::checking
