// 'status': what the state database says, per route and repository. No network, no secrets.

#include "commands.hpp"
#include "runtime.hpp"

#include "issuebridge/sources/source.hpp"
#include "issuebridge/state/lock.hpp"
#include "issuebridge/state/store.hpp"
#include "issuebridge/util/error.hpp"
#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/paths.hpp"
#include "issuebridge/util/strings.hpp"
#include "issuebridge/util/time.hpp"
#include "schemas.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

namespace issuebridge::cli {

namespace {

constexpr int k_listed = 20; // pending and failed items shown by name

struct RepoStatus {
    state::LinkCounts counts;
    std::optional<state::Cursor> cursor;
    std::optional<state::RepoError> error; // its listing failed on the last run
};

// The config, when there is one, only tells where the state is; status works without it.
std::filesystem::path locate_state(const GlobalOptions& global) {
    if (global.state) {
        return *global.state;
    }
    const auto path = config::resolve_path(global.config);
    if (std::filesystem::exists(path)) {
        const auto config = config::load(path, schemas());
        return state_path(global, &config);
    }
    return state_path(global, nullptr);
}

std::string when(std::int64_t t) { return t ? util::format_iso8601(t) : std::string("never"); }

void write_json(const std::map<std::pair<std::string, std::string>, RepoStatus>& repos,
                const std::vector<state::Run>& runs, const std::vector<state::Link>& stuck, const std::string& holder,
                const std::vector<state::TargetMemory>& targets) {
    util::JsonWriter out;
    out.begin_object().field("json_version", k_json_version).key("last_run");
    if (runs.empty()) {
        out.null();
    } else {
        const auto& r = runs.front();
        out.begin_object().field("command", r.command).field("started_at", when(r.started_at));
        out.field("finished_at", r.finished_at ? when(r.finished_at) : std::string()).field("exit_code", r.exit_code);
        out.field("created", r.created).field("updated", r.updated).field("transitioned", r.transitioned);
        out.field("failed", r.failed).field("running", !r.finished_at && !holder.empty());
        out.field("pid", !r.finished_at ? holder : std::string()).end_object();
    }
    out.key("repos").begin_array();
    for (const auto& [key, s] : repos) {
        out.begin_object().field("route", key.first).field("repo", key.second);
        out.field("cursor", s.cursor ? sources::describe_cursor(s.cursor->position) : std::string());
        out.field("last_run_at", s.cursor ? when(s.cursor->last_run_at) : std::string("never"));
        out.field("linked", s.counts.synced).field("pending", s.counts.creating).field("failed", s.counts.failed);
        out.field("error", s.error ? s.error->error : std::string());
        out.field("error_since", s.error ? when(s.error->since) : std::string()).end_object();
    }
    out.end_array().key("targets").begin_array();
    for (const auto& t : targets) {
        out.begin_object().field("target", t.target).field("learnt", t.shown);
        out.field("learnt_at", when(t.updated_at)).end_object();
    }
    out.end_array().key("items").begin_array();
    for (const auto& l : stuck) {
        out.begin_object().field("route", l.route).field("repo", l.repo).field("external_id", l.external_id);
        out.field("status", state::to_string(l.status)).field("attempts", l.attempts).field("error", l.last_error);
        out.field("failing_since", l.failing_since ? when(l.failing_since) : std::string());
        out.field("next_attempt_at", l.next_attempt_at ? when(l.next_attempt_at) : std::string()).end_object();
    }
    out.end_array().end_object();
    print_json(out.str());
}

void write_text(const std::map<std::pair<std::string, std::string>, RepoStatus>& repos,
                const std::vector<state::Run>& runs, const std::vector<state::Link>& stuck, const std::string& holder,
                const std::vector<state::TargetMemory>& targets) {
    if (runs.empty()) {
        std::printf("no runs yet\n");
    } else if (const auto& r = runs.front(); !r.finished_at) {
        // A run without an end is going on (it holds the lock) or was killed.
        if (!holder.empty()) {
            std::printf("last run: %s, running since %s (pid %s)\n", r.command.c_str(), when(r.started_at).c_str(),
                        holder.c_str());
        } else {
            std::printf("last run: %s at %s did not finish (killed or crashed; the next run takes over)\n",
                        r.command.c_str(), when(r.started_at).c_str());
        }
    } else {
        std::printf("last run: %s at %s, %s (exit %d): %d created, %d updated, %d transitioned, %d failed\n",
                    r.command.c_str(), when(r.started_at).c_str(), r.finished_at ? "finished" : "did not finish",
                    r.exit_code, r.created, r.updated, r.transitioned, r.failed);
    }
    for (const auto& t : targets) {
        if (!t.shown.empty()) {
            std::printf("target %s: %s (learnt %s)\n", t.target.c_str(), shown(t.shown).c_str(),
                        when(t.updated_at).c_str());
        }
    }
    for (const auto& [key, s] : repos) {
        const std::string cursor = s.cursor ? sources::describe_cursor(s.cursor->position) : std::string();
        std::printf("%s %s: %d linked, %d pending, %d failed; cursor %s, last run %s\n", key.first.c_str(),
                    key.second.c_str(), s.counts.synced, s.counts.creating, s.counts.failed,
                    cursor.empty() ? "none" : shown(cursor).c_str(),
                    s.cursor ? when(s.cursor->last_run_at).c_str() : "never");
        if (s.error) {
            std::printf("  listing failing since %s: %s\n", when(s.error->since).c_str(),
                        shown(s.error->error).c_str());
        }
    }
    for (const auto& l : stuck) {
        const std::string since = l.failing_since ? ", since " + when(l.failing_since) : "";
        const std::string next = l.next_attempt_at ? "; tried again after " + when(l.next_attempt_at) : "";
        std::printf("  %s %s (%s%s): %s%s\n", state::to_string(l.status), shown(l.external_id).c_str(),
                    util::count_of(static_cast<std::size_t>(std::max(l.attempts, 0)), "attempt").c_str(), since.c_str(),
                    l.last_error.empty() ? "-" : shown(l.last_error).c_str(), next.c_str());
    }
}

// What 'status --check' finds wrong, one line each; empty when all is well: the last run's outcome, an item failing
// for more than a day (since its failures began; a row failed before schema 7 that never reached its target, since
// it was first tried), a repository whose listing has failed for more than a day.
std::vector<std::string> check_problems(const std::vector<state::Run>& runs, const std::vector<state::Link>& failed,
                                        const std::vector<state::RepoError>& repo_errors, const std::string& holder,
                                        std::int64_t now) {
    std::vector<std::string> out;
    if (!runs.empty()) {
        const auto& r = runs.front();
        // 130: stopped by a signal on purpose (Ctrl-C, a shutdown); the next run carries on.
        if (r.finished_at && r.exit_code != 0 && r.exit_code != 130) {
            out.push_back("the last run (" + r.command + " at " + when(r.started_at) + ") exited " +
                          std::to_string(r.exit_code));
        } else if (!r.finished_at && holder.empty()) {
            out.push_back("the last run (" + r.command + " at " + when(r.started_at) + ") did not finish");
        }
    }
    constexpr std::int64_t k_day = 86400;
    for (const auto& l : failed) {
        const std::int64_t since = l.failing_since ? l.failing_since : l.target_id.empty() ? l.created_at : 0;
        if (since && now - since > k_day) {
            out.push_back(l.external_id + " has failed since " + when(since) + ": " + l.last_error);
        }
    }
    for (const auto& e : repo_errors) {
        if (now - e.since > k_day) {
            out.push_back(e.route + " " + e.repo + ": the listing has failed since " + when(e.since) + ": " + e.error);
        }
    }
    return out;
}

} // namespace

int cmd_status(const Invocation& inv) {
    const auto path = locate_state(inv.global);
    if (!std::filesystem::exists(path)) {
        if (inv.global.json) {
            std::printf("{\"json_version\":%d,\"last_run\":null,\"repos\":[],\"targets\":[],\"items\":[]}\n",
                        k_json_version);
        } else {
            std::printf("no state database at '%s' yet: run 'issuebridge sync' first\n", path.c_str());
        }
        return 0;
    }
    const auto store = state::Store::open(path, state::Store::Mode::read_only);
    std::map<std::pair<std::string, std::string>, RepoStatus> repos;
    for (auto& c : store.link_counts()) {
        repos[{c.route, c.repo}].counts = c;
    }
    for (auto& c : store.cursors()) {
        repos[{c.route, c.repo}].cursor = c;
    }
    const auto repo_errors = store.repo_errors();
    for (const auto& e : repo_errors) {
        repos[{e.route, e.repo}].error = e;
    }
    std::vector<state::Link> stuck = store.links_in(state::LinkStatus::failed, k_listed);
    for (auto& l : store.links_in(state::LinkStatus::creating, k_listed)) {
        stuck.push_back(std::move(l));
    }
    const auto runs = store.recent_runs(1);
    const std::string holder = state::RunLock::holder(path);
    const auto targets = store.target_memories();
    if (inv.global.json) {
        write_json(repos, runs, stuck, holder, targets);
    } else {
        write_text(repos, runs, stuck, holder, targets);
    }
    if (!inv.status.check) {
        return 0;
    }
    const std::int64_t now = retry_clock() ? retry_clock() : util::unix_now();
    const auto problems =
        check_problems(runs, store.links_in(state::LinkStatus::failed, 100000), repo_errors, holder, now);
    for (const auto& p : problems) {
        diagnose("check", shown(p));
    }
    return problems.empty() ? 0 : static_cast<int>(util::ExitCode::items_failed);
}

} // namespace issuebridge::cli
