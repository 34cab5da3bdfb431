#pragma once
// What the commands that talk to trackers share: the logger, interrupt handling, the reporter. Private to cli/.

#include "issuebridge/cli/options.hpp"
#include "issuebridge/sync/engine.hpp"
#include "issuebridge/util/log.hpp"

#include <atomic>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace issuebridge::cli {

// -q, -v, -vv and --log-file as a Logger; the file stays open for the logger's life.
class LogSetup {
public:
    explicit LogSetup(const GlobalOptions& global);
    ~LogSetup();
    LogSetup(const LogSetup&) = delete;
    LogSetup& operator=(const LogSetup&) = delete;
    util::Logger& logger() { return *m_logger; }

private:
    std::FILE* m_file = nullptr;
    std::unique_ptr<util::Logger> m_logger;
};

// Installs SIGINT and SIGTERM handlers that set the returned flag: in-flight writes finish and are journaled,
// nothing new starts. A second signal ends the process at once.
const std::atomic<bool>& install_interrupt_handlers();

// Results for people (text) or machines (--json). Failures always reach stderr; the summary goes to stdout when
// it is a terminal, with -v, or for a dry run — so cron stays quiet unless something fails.
class Reporter {
public:
    Reporter(const GlobalOptions& global, bool dry_run);
    void action(const sync::ActionRecord& record);
    // Prints the summary (text) or the one JSON document.
    void finish(const sync::SyncReport& report, int exit_code);

private:
    const GlobalOptions& m_global;
    bool m_dry_run;
    bool m_summary;
    std::vector<sync::ActionRecord> m_actions; // for --json
};

} // namespace issuebridge::cli
