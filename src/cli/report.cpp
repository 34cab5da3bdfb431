// Reporter and print_repo_problems (runtime.hpp): what a run did, for people or for --json.

#include "runtime.hpp"

#include "commands.hpp"

#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/strings.hpp"

#include <cstdio>
#include <string>
#include <unistd.h>

namespace issuebridge::cli {

namespace {

void print_record(const sync::ActionRecord& r, bool dry_run) {
    const std::string target = r.target_key.empty() ? "-" : r.target_key;
    std::printf("%s%-7s %-10s %s  %s\n", dry_run ? "would " : "", r.action.c_str(), shown(target).c_str(),
                shown(r.external_id).c_str(), shown(r.title).c_str());
}

void write_json(const sync::SyncReport& report, const std::vector<sync::ActionRecord>& actions, bool dry_run,
                int exit_code) {
    util::JsonWriter out;
    out.begin_object()
        .field("command", "sync")
        .field("json_version", k_json_version)
        .field("dry_run", dry_run)
        .field("exit_code", exit_code);
    out.field("writes", report.writes).field("interrupted", report.interrupted).key("refused_targets").begin_array();
    for (const auto& refused : report.refused_targets) {
        out.value(refused);
    }
    out.end_array();
    out.field("write_limit_reached", report.write_limit_reached).key("repos").begin_array();
    for (const auto& r : report.repos) {
        out.begin_object().field("route", r.route).field("repo", r.repo).field("created", r.created);
        out.field("updated", r.updated).field("closed", r.closed).field("reopened", r.reopened);
        out.field("adopted", r.adopted).field("unchanged", r.unchanged).field("filtered", r.filtered);
        out.field("failed", r.failed).field("pending", r.pending).field("not_modified", r.not_modified);
        out.field("left_out", r.left_out).field("error", r.error).field("warning", r.warning).end_object();
    }
    out.end_array().key("actions").begin_array();
    for (const auto& a : actions) {
        out.begin_object().field("route", a.route).field("repo", a.repo).field("external_id", a.external_id);
        out.field("action", a.action).field("target_key", a.target_key).field("outcome", a.outcome);
        out.field("error", a.error).field("warning", a.warning).end_object();
    }
    out.end_array().end_object();
    print_json(out.str());
}

} // namespace

Reporter::Reporter(const GlobalOptions& global, bool dry_run)
    : m_global(global), m_dry_run(dry_run),
      m_summary(!global.quiet && (dry_run || global.verbosity > 0 || ::isatty(STDOUT_FILENO))) {}

void Reporter::action(const sync::ActionRecord& record) {
    const auto& a = record.action;
    if (record.outcome == "ok" && (a == "create" || a == "update" || a == "close" || a == "reopen")) {
        ++m_finished_writes;
    }
    const bool problem = record.outcome == "failed" || record.outcome == "pending";
    if (m_progress && (problem || (!m_global.json && (m_dry_run || m_global.verbosity > 0)))) {
        m_progress->clear();
    }
    if (m_global.json) {
        m_actions.push_back(record);
    } else if (m_dry_run || m_global.verbosity > 0) {
        print_record(record, m_dry_run && record.outcome == "planned");
    }
    if (record.outcome == "failed" || record.outcome == "pending") {
        diagnose(record.outcome == "failed" ? "error" : "warning",
                 shown(record.external_id.empty() ? record.repo : record.external_id) + ": " + shown(record.error));
    } else if (!record.warning.empty()) {
        diagnose("warning", shown(record.external_id) + ": " + shown(record.warning));
    }
}

void print_repo_problems(const std::string& route, const std::string& repo, const std::string& error,
                         const std::string& warning) {
    if (!error.empty()) {
        diagnose("error", route + " " + repo + ": " + shown(error));
    }
    if (!warning.empty()) {
        diagnose("warning", route + " " + repo + ": " + shown(warning));
    }
}

void Reporter::finish(const sync::SyncReport& report, int exit_code) {
    if (m_progress) {
        m_progress->clear();
    }
    for (const auto& refused : report.refused_targets) {
        diagnose("error", shown(refused));
    }
    if (m_global.json) {
        write_json(report, m_actions, m_dry_run, exit_code);
        return;
    }
    if (report.interrupted) {
        // One line, even under -q: the items in flight are pending, not failed, and the next run takes them up.
        diagnose("interrupted", util::count_of(static_cast<std::size_t>(m_finished_writes), "write") +
                                    " finished and recorded; run again to continue");
    }
    for (const auto& r : report.repos) {
        print_repo_problems(r.route, r.repo, r.error, r.warning);
        if (r.adopted > 0 && !m_global.quiet) {
            // Worth a line under cron too: it means the state had lost what the target holds.
            diagnose("notice", r.route + " " + r.repo + ": " +
                                   util::count_of(static_cast<std::size_t>(r.adopted), "item") +
                                   " found on the target by " + (r.adopted == 1 ? "its marker" : "their markers") +
                                   " and adopted, not created again");
        }
        if (m_summary) {
            std::printf(
                "%s%s %s: %d created, %d updated, %d closed, %d reopened, %d adopted, %d unchanged, %d filtered, "
                "%d failed, %d pending%s%s\n",
                m_dry_run ? "dry run: " : "", r.route.c_str(), r.repo.c_str(), r.created, r.updated, r.closed,
                r.reopened, r.adopted, r.unchanged, r.filtered, r.failed, r.pending,
                r.left_out > 0 ? (", " + std::to_string(r.left_out) + " left out by the source").c_str() : "",
                r.not_modified ? " (not modified)" : "");
        }
    }
    if (report.write_limit_reached) {
        diagnose("warning", "--max-writes reached after " + std::to_string(report.writes) +
                                " writes; the rest is left for the next run");
    }
}

} // namespace issuebridge::cli
