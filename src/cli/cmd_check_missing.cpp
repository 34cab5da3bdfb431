// 'check-missing': the report (one line per item, a summary per repository, or one JSON document) and the run's
// bookkeeping around sync::check_missing.

#include "commands.hpp"
#include "runtime.hpp"

#include "issuebridge/sync/check.hpp"
#include "issuebridge/util/error.hpp"
#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/strings.hpp"

#include <cstdio>
#include <unistd.h>

namespace issuebridge::cli {

namespace {

// "+ DEMO-7     github:github.com/o/r#3  Crash on start  (not on the target; created)"
void print_record(const sync::CheckRecord& r) {
    std::string note = r.detail;
    const std::string repair = !r.repair_error.empty() ? "repair failed: " + r.repair_error : r.repair;
    if (!repair.empty()) {
        note += (note.empty() ? "" : "; ") + repair;
    }
    if (!note.empty()) {
        note = "  (" + note + ")";
    }
    const std::string key = r.target_key.empty() ? "-" : r.target_key;
    std::printf("%c %-10s %s  %s%s\n", sync::mark(r.verdict), shown(key).c_str(),
                shown(r.external_id.empty() ? r.repo : r.external_id).c_str(), shown(r.title).c_str(),
                shown(note).c_str());
}

void write_json(const sync::CheckReport& report, const std::vector<sync::CheckRecord>& records,
                const CheckMissingOptions& options, int exit_code) {
    util::JsonWriter out;
    out.begin_object()
        .field("command", "check-missing")
        .field("json_version", k_json_version)
        .field("days", options.days);
    out.field("report_only", options.report_only).field("exit_code", exit_code);
    out.field("interrupted", report.interrupted).key("repos").begin_array();
    for (const auto& r : report.repos) {
        out.begin_object().field("route", r.route).field("repo", r.repo).field("checked", r.checked());
        out.field("in_sync", r.in_sync).field("missing", r.missing).field("differs", r.differs);
        out.field("orphans", r.orphans).field("errors", r.errors).field("filtered", r.filtered);
        out.field("repaired", r.repaired).field("repair_failed", r.repair_failed);
        out.field("error", r.error).field("warning", r.warning).end_object();
    }
    out.end_array().key("items").begin_array();
    for (const auto& r : records) {
        out.begin_object().field("route", r.route).field("repo", r.repo).field("external_id", r.external_id);
        out.field("mark", std::string(1, sync::mark(r.verdict))).field("verdict", sync::to_string(r.verdict));
        out.field("target_key", r.target_key).field("title", r.title).field("detail", r.detail);
        out.field("repair", r.repair).field("repair_error", r.repair_error).end_object();
    }
    out.end_array().end_object();
    print_json(out.str());
}

void print_summary(const sync::CheckRepoReport& r, bool report_only) {
    const auto n = [](int count) { return static_cast<std::size_t>(count); };
    std::printf("%s %s: %d checked: %d in sync, %d missing, %d %s, %s, %s (%d filtered); ", r.route.c_str(),
                r.repo.c_str(), r.checked(), r.in_sync, r.missing, r.differs, r.differs == 1 ? "differs" : "differ",
                util::count_of(n(r.orphans), "orphan").c_str(), util::count_of(n(r.errors), "error").c_str(),
                r.filtered);
    if (report_only) {
        std::printf("report only, nothing changed\n");
    } else {
        std::printf("%d repaired, %s failed\n", r.repaired, util::count_of(n(r.repair_failed), "repair").c_str());
    }
}

} // namespace

int cmd_check_missing(const Invocation& inv) {
    const CheckMissingOptions& o = inv.check_missing;
    const config::Config config = load_config(inv.global);
    sync::CheckOptions options;
    options.days = o.days;
    options.repos = o.repos;
    options.routes = o.routes;
    options.report_only = o.report_only;
    sync::check_selection(config, o.routes, o.repos);

    Session session(inv.global, state_path(inv.global, &config), o.report_only);
    options.cancel = &session.interrupted();
    session.begin("check-missing");
    state::Run counts;

    Progress progress(inv.global, "checked");
    std::vector<sync::CheckRecord> records; // for --json
    bool found = false;                     // something was not in sync: the summary is worth printing
    const auto on_record = [&](const sync::CheckRecord& r) {
        found |= r.verdict != sync::Verdict::in_sync;
        counts.created += r.repair == "created" ? 1 : 0;
        counts.updated += r.repair == "updated" || r.repair == "adopted" ? 1 : 0;
        counts.failed += r.verdict == sync::Verdict::error || !r.repair_error.empty() ? 1 : 0;
        if (inv.global.json) {
            records.push_back(r);
            return;
        }
        progress.clear();
        if (inv.global.quiet) {
            const std::string& error = r.verdict == sync::Verdict::error ? r.detail : r.repair_error;
            if (!error.empty()) {
                diagnose("error", shown(r.external_id.empty() ? r.repo : r.external_id) + ": " + shown(error));
            }
        } else if (r.verdict != sync::Verdict::in_sync || inv.global.verbosity > 0) {
            print_record(r);
        }
    };
    const auto on_progress = [&](const sync::CheckProgress& p) { progress.update(p.listed, p.total); };

    sync::CheckReport report;
    try {
        report = sync::check_missing(config, session.store(), session.client(), options, on_record, on_progress);
    } catch (const util::Error& e) {
        progress.clear();
        session.finish(static_cast<int>(e.exit_code()));
        throw;
    }
    progress.clear();
    const bool ok = o.report_only ? report.all_in_sync() : report.all_done();
    const int code = report.interrupted ? static_cast<int>(util::ExitCode::interrupted)
                     : ok               ? 0
                                        : static_cast<int>(util::ExitCode::items_failed);
    if (inv.global.json) {
        write_json(report, records, o, code);
        return session.finish(code, counts);
    }
    const bool summary = !inv.global.quiet && (found || inv.global.verbosity > 0 || ::isatty(STDOUT_FILENO));
    for (const auto& r : report.repos) {
        print_repo_problems(r.route, r.repo, r.error, r.warning);
        if (summary) {
            print_summary(r, o.report_only);
        }
    }
    return session.finish(code, counts);
}

} // namespace issuebridge::cli
