#pragma once
// 'check-missing': every source item updated in the last N days, whatever the cursors say, checked against the
// state and against the target itself, classified, and (unless report only) repaired through the same
// exactly-once path as a sync.

#include "issuebridge/config/config.hpp"
#include "issuebridge/http/client.hpp"
#include "issuebridge/sources/source.hpp"
#include "issuebridge/state/store.hpp"
#include "issuebridge/targets/target.hpp"

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace issuebridge::sync {

enum class Verdict {
    in_sync, // '=' the target item shows the draft
    missing, // '+' no target item: never created, or the linked one was deleted
    differs, // '*' the target item shows something else than the draft
    orphan,  // '-' a target item carries the marker, but no link knows it
    error,   // '!' could not be checked
};
char mark(Verdict verdict) noexcept;
const char* to_string(Verdict verdict) noexcept; // "in_sync", "missing", "differs", "orphan", "error"

struct CheckOptions {
    int days = 0;
    std::vector<std::string> repos;  // empty: all
    std::vector<std::string> routes; // empty: all
    bool report_only = false;        // change nothing: neither the targets nor the state
    const std::atomic<bool>* cancel = nullptr;
    // Makes the adapter of a configured source; empty: sources::make_source (tests: scripted fakes).
    std::function<std::unique_ptr<sources::Source>(const config::Source&)> make_source;
    // Makes the adapter of a configured target; empty: targets::make_target (tests: scripted fakes).
    std::function<std::unique_ptr<targets::Target>(const config::Target&)> make_target;
};

// One source item's line of the report.
struct CheckRecord {
    std::string route;
    std::string repo;
    std::string external_id;
    std::string title;
    Verdict verdict = Verdict::in_sync;
    std::string target_key;   // the item it is linked to or found as, or the one created by the repair
    std::string detail;       // what differs ("title, state"), why it is missing, or the error
    std::string repair;       // what was done: "created", "updated", "adopted", "linked"; empty when nothing was
    std::string repair_error; // the repair failed: why
};

struct CheckRepoReport {
    std::string route;
    std::string repo;
    int in_sync = 0, missing = 0, differs = 0, orphans = 0, errors = 0, filtered = 0;
    int repaired = 0, repair_failed = 0;
    std::string error;   // the listing failed
    std::string warning; // the listing was empty though links say items were updated in the window
    int checked() const { return in_sync + missing + differs + orphans + errors; }
};

struct CheckReport {
    std::vector<CheckRepoReport> repos;
    bool interrupted = false;
    // Nothing missing, differing or orphaned was left as it is, and nothing failed.
    bool all_done() const;
    // Every listed item was in sync before any repair.
    bool all_in_sync() const;
};

// Items listed so far, and at most how many the listings hold as far as known (0: not known yet).
struct CheckProgress {
    std::size_t listed = 0;
    std::size_t total = 0;
};

// Runs the check for every selected route and repository. `on_record` sees each item's line once it is final
// (checked, and repaired when repairing); `on_progress` is called after each page. Throws util::UsageError for an
// unknown --repo/--route, util::AuthError when a tracker refuses our credentials (after committing what was done).
CheckReport check_missing(const config::Config& config, state::Store& store, http::Client& client,
                          const CheckOptions& options, const std::function<void(const CheckRecord&)>& on_record,
                          const std::function<void(const CheckProgress&)>& on_progress);

} // namespace issuebridge::sync
