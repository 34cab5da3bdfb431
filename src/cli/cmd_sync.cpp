#include "commands.hpp"
#include "runtime.hpp"

#include "issuebridge/http/curl_client.hpp"
#include "issuebridge/state/lock.hpp"
#include "issuebridge/state/store.hpp"
#include "issuebridge/util/error.hpp"

namespace issuebridge::cli {

namespace {

// A dry run reads the state if there is one and writes nothing, so it needs no lock.
state::Store open_store(const std::filesystem::path& path, bool dry_run) {
    if (!dry_run) {
        return state::Store::open(path);
    }
    return std::filesystem::exists(path) ? state::Store::open(path, state::Store::Mode::read_only) : state::Store::in_memory();
}

} // namespace

int cmd_sync(const Invocation& inv) {
    const config::Config config = load_config(inv.global);
    sync::SyncOptions options;
    options.repos = inv.sync.repos;
    options.routes = inv.sync.routes;
    options.full = inv.sync.full;
    options.dry_run = inv.sync.dry_run;
    options.max_writes = inv.sync.max_writes;
    sync::check_selection(config, options);

    const auto path = state_path(inv.global, &config);
    std::optional<state::RunLock> lock;
    if (!options.dry_run) {
        lock.emplace(path);
    }
    state::Store store = open_store(path, options.dry_run);
    LogSetup log(inv.global);
    const std::atomic<bool>& interrupted = install_interrupt_handlers();
    options.cancel = &interrupted;
    http::CurlClient client(log.logger(), http::ClientOptions{nullptr, &interrupted, 0});
    Reporter reporter(inv.global, options.dry_run);

    state::Run run;
    if (!options.dry_run) {
        run.id = store.begin_run("sync");
        run.command = "sync";
    }
    const auto finish = [&](int code, const sync::SyncReport* report) {
        if (!options.dry_run) {
            run.exit_code = code;
            if (report) {
                for (const auto& r : report->repos) {
                    run.created += r.created;
                    run.updated += r.updated;
                    run.transitioned += r.closed + r.reopened;
                    run.failed += r.failed + r.pending;
                }
            }
            store.finish_run(run);
        }
        return code;
    };
    sync::SyncReport report;
    try {
        report = sync::run_sync(config, store, client, options, [&](const sync::ActionRecord& r) { reporter.action(r); });
    } catch (const util::Error& e) {
        finish(static_cast<int>(e.exit_code()), nullptr);
        throw;
    }
    const int code = report.interrupted ? static_cast<int>(util::ExitCode::interrupted)
                     : report.all_done() && !report.write_limit_reached ? 0
                                                                       : static_cast<int>(util::ExitCode::items_failed);
    reporter.finish(report, code);
    return finish(code, &report);
}

} // namespace issuebridge::cli
