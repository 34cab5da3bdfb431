#include "commands.hpp"
#include "runtime.hpp"

#include "issuebridge/util/error.hpp"

namespace issuebridge::cli {

int cmd_sync(const Invocation& inv) {
    const config::Config config = load_config(inv.global);
    sync::SyncOptions options;
    options.repos = inv.sync.repos;
    options.routes = inv.sync.routes;
    options.full = inv.sync.full;
    options.dry_run = inv.sync.dry_run;
    options.max_writes = inv.sync.max_writes;
    options.now = retry_clock();
    sync::check_selection(config, options.routes, options.repos);

    Session session(inv.global, state_path(inv.global, &config), options.dry_run);
    options.cancel = &session.interrupted();
    Reporter reporter(inv.global, options.dry_run);
    Progress line(inv.global, "sync");
    SyncProgress progress(line, &session.pacing());
    reporter.erase_before_printing(&line);
    options.on_listed = [&](const std::string& route, const std::string& repo, std::size_t items,
                            std::size_t total_hint) { progress.listed(route, repo, items, total_hint); };
    session.begin("sync");
    sync::SyncReport report;
    try {
        report = sync::run_sync(config, session.store(), session.client(), options, [&](const sync::ActionRecord& r) {
            reporter.action(r);
            progress.action(r);
        });
    } catch (const util::Error& e) {
        line.clear();
        session.finish(static_cast<int>(e.exit_code()));
        throw;
    }
    // A setting to fix outranks failed items: retrying alone cannot help it.
    const int code = report.interrupted          ? static_cast<int>(util::ExitCode::interrupted)
                     : report.needs_config_fix() ? static_cast<int>(util::ExitCode::usage)
                     : report.all_done() && !report.write_limit_reached
                         ? 0
                         : static_cast<int>(util::ExitCode::items_failed);
    reporter.finish(report, code);
    state::Run counts;
    for (const auto& r : report.repos) {
        counts.created += r.created;
        counts.updated += r.updated;
        counts.transitioned += r.closed + r.reopened;
        counts.failed += r.failed; // pending items (interrupted, held, awaiting the search) did not fail
    }
    return session.finish(code, counts);
}

} // namespace issuebridge::cli
