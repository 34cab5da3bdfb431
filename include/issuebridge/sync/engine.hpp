#pragma once
// One sync run: for every selected route and repository, list what changed since the cursor, map, plan, execute,
// and commit the page's links with the new cursor.

#include "issuebridge/config/config.hpp"
#include "issuebridge/http/client.hpp"
#include "issuebridge/sources/source.hpp"
#include "issuebridge/state/store.hpp"
#include "issuebridge/targets/target.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace issuebridge::sync {

struct SyncOptions {
    std::vector<std::string> repos;  // empty: all
    std::vector<std::string> routes; // empty: all
    bool full = false;               // list with an empty cursor: every item
    bool dry_run = false;            // plan only: no target write, no state write
    std::optional<int> max_writes;
    const std::atomic<bool>* cancel = nullptr;
    std::int64_t now = 0; // unix seconds for retry times; 0: the clock
    // Optional: told of each page of a listing before its items are handled, with how many it holds and at most
    // how many the whole listing holds as far as the source tells (sources::Page::total_hint; 0: it does not), for
    // progress displays.
    std::function<void(const std::string& route, const std::string& repo, std::size_t items, std::size_t total_hint)>
        on_listed;
    // Makes the adapter of a configured source; empty: sources::make_source (tests: scripted fakes).
    std::function<std::unique_ptr<sources::Source>(const config::Source&)> make_source;
    // Makes the adapter of a configured target; empty: targets::make_target (tests: scripted fakes).
    std::function<std::unique_ptr<targets::Target>(const config::Target&)> make_target;
};

// One item's line in the report.
struct ActionRecord {
    std::string route;
    std::string repo;
    std::string external_id;
    std::string action; // create, update, close, reopen, adopt, skip (dry-run: what would be done)
    std::string target_key;
    // ok, failed, pending (awaits the target's search), held (--max-writes), interrupted (^C: left for the next
    // run), planned
    std::string outcome;
    std::string title;
    std::string error;
    std::string warning; // the target's word on a write that went through
};

struct RepoReport {
    std::string route;
    std::string repo;
    int created = 0, updated = 0, closed = 0, reopened = 0, adopted = 0;
    int unchanged = 0, filtered = 0, failed = 0, pending = 0;
    int left_out = 0;              // items the source left out by its own rule (sources::Page::left_out)
    bool not_modified = false;     // the listing answered 304
    std::string error;             // the listing failed
    bool error_is_setting = false; // and a config fix is what helps (a repository the source does not know)
    std::string warning;           // something to look at, though nothing failed
};

struct SyncReport {
    std::vector<RepoReport> repos;
    // Targets that refused a write for one of their settings, one message each: nothing more was sent to them.
    std::vector<std::string> refused_targets;
    int writes = 0;
    bool interrupted = false;
    bool write_limit_reached = false;
    bool all_done() const;
    // Whether a setting must be fixed before the rest can sync (exit 2).
    bool needs_config_fix() const;
};

// Checks --repo and --route against the config before anything is sent. Throws util::UsageError naming the
// unknown one, with a suggestion.
void check_selection(const config::Config& config, const std::vector<std::string>& routes,
                     const std::vector<std::string>& repos);

// Runs every selected route, the listings of all its (route, repository) pairs at once, in rounds of one page
// each (the client keeps each host's limits); each round's pages are handled in config order. `on_action` sees
// each item's record as it is decided (dry-run) or done. The cursor of each pair moves past a durable prefix of
// its listing only (Source::advance), and a pair without a cursor keeps none until its whole listing is done.
// Items set aside after a lasting failure (see state::Link::next_attempt_at) whose retry is due are fetched again
// alone (all pairs' at once) and synced first, before the listings.
// Throws util::AuthError when a tracker refuses our credentials, after committing what was done.
SyncReport run_sync(const config::Config& config, state::Store& store, http::Client& client, const SyncOptions& options,
                    const std::function<void(const ActionRecord&)>& on_action);

} // namespace issuebridge::sync
