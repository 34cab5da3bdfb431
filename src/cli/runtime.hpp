#pragma once
// What the commands that talk to trackers share: the logger, interrupt handling, the reporter. Private to cli/.
// Defined in runtime.cpp (logger, interrupts, session), report.cpp (reporter) and progress.cpp (progress display).

#include "issuebridge/cli/options.hpp"
#include "issuebridge/http/curl_client.hpp"
#include "issuebridge/state/lock.hpp"
#include "issuebridge/state/store.hpp"
#include "issuebridge/sync/engine.hpp"
#include "issuebridge/util/log.hpp"
#include "issuebridge/util/rate.hpp"

#include <filesystem>
#include <map>
#include <optional>

#include <atomic>
#include <chrono>
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

// What last held requests back by the service's pacing: its name (from its row) and the limit, and when.
struct Pacing {
    std::string vendor;
    util::Rate limit;
    std::chrono::steady_clock::time_point at{};
};

// What a command that talks to trackers sets up, in this order: the run lock (unless it writes nothing), the state
// database, the logger, interrupt handling and the HTTP client. A run that writes nothing (--dry-run,
// --report-only) reads the state if there is one, without the lock, and records nothing.
class Session {
public:
    Session(const GlobalOptions& global, const std::filesystem::path& state, bool read_only);
    state::Store& store() { return m_store; }
    http::Client& client() { return m_client; }
    const std::atomic<bool>& interrupted() const { return m_interrupted; }
    const Pacing& pacing() const { return m_pacing; }
    // Records the start of `command` in the state ('issuebridge status' shows it).
    void begin(const std::string& command);
    // Records the end of the run begun, with `counts` (created, updated, transitioned, failed); returns `exit_code`.
    int finish(int exit_code, const state::Run& counts = {});

private:
    bool m_read_only;
    std::optional<state::RunLock> m_lock;
    state::Store m_store;
    LogSetup m_log;
    const std::atomic<bool>& m_interrupted;
    Pacing m_pacing;
    http::CurlClient m_client;
    state::Run m_run;
};

// The "now" of retry times: $ISSUEBRIDGE_NOW (ISO 8601 UTC, for tests: a retry falls due without waiting), else 0
// (the clock). Throws util::UsageError when the variable is set but not a time.
std::int64_t retry_clock();

// "issuebridge: error: ROUTE REPO: ..." and "issuebridge: warning: ..." for a repository's listing, on stderr.
void print_repo_problems(const std::string& route, const std::string& repo, const std::string& error,
                         const std::string& warning);

class Progress;

// Results for people (text) or machines (--json). Failures always reach stderr; the summary goes to stdout when
// it is a terminal, with -v, or for a dry run — so cron stays quiet unless something fails.
class Reporter {
public:
    Reporter(const GlobalOptions& global, bool dry_run);
    // A progress line to erase before printing.
    void erase_before_printing(Progress* progress) { m_progress = progress; }
    void action(const sync::ActionRecord& record);
    // Prints the summary (text) or the one JSON document.
    void finish(const sync::SyncReport& report, int exit_code);

private:
    const GlobalOptions& m_global;
    bool m_dry_run;
    bool m_summary;
    Progress* m_progress = nullptr;            // erased before a line is printed
    int m_finished_writes = 0;                 // writes that went through (the interrupt line counts them)
    std::vector<sync::ActionRecord> m_actions; // for --json
};

// A one-line progress display on stderr for long runs: "checked 1200/~5000 items  410/s  ETA 0:09". Shown only
// when stdout and stderr are both terminals (so never under cron or in a pipe), TERM is not "dumb", neither -q
// nor --json was given, and -v (if given) logs to a --log-file; redrawn at most 10 times a second; erased before
// other output and at the end.
class Progress {
public:
    Progress(const GlobalOptions& global, std::string verb);
    ~Progress() { clear(); }
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;
    // `total` is at most how many there are as far as known (0: unknown); shown with "~" until it equals `done`.
    void update(std::size_t done, std::size_t total);
    // Shows `text` as the line (throttled, unless the line is not on screen).
    void show(const std::string& text);
    // Erases the line, if shown.
    void clear();
    bool enabled() const { return m_enabled; }
    // Seconds since the display was made.
    double elapsed() const;

private:
    using Clock = std::chrono::steady_clock;
    bool m_enabled;
    bool m_shown = false;
    std::string m_verb;
    Clock::time_point m_start = Clock::now();
    Clock::time_point m_last{};
};

// The live line of 'sync': "sync main acme/widgets: 300/~3000 listed, 280 written, 3 pending, 1 failed  9.5/s
// ETA 4:44" -- the repository whose page or item came last; the counts are the run's. The total is what the
// sources tell of their listings' size (GitHub: the last page's number), shown with "~" and only when told. The
// ETA comes once a page is done (a page is listed when the pages before it are, writes included) and assumes the
// rest go at the pace of the pages done.
class SyncProgress {
public:
    // `pacing`, when given, adds "  paced: <vendor> 10 req/s" while the service's pacing holds requests back.
    explicit SyncProgress(Progress& line, const Pacing* pacing = nullptr) : m_line(line), m_pacing(pacing) {}
    void listed(const std::string& route, const std::string& repo, std::size_t items, std::size_t total_hint);
    void action(const sync::ActionRecord& record);

private:
    void draw();
    Progress& m_line;
    const Pacing* m_pacing;
    std::string m_where;
    std::size_t m_listed = 0, m_written = 0, m_pending = 0, m_failed = 0;
    // Per (route, repo): items listed so far, and the most the source says its listing holds.
    std::map<std::string, std::pair<std::size_t, std::size_t>> m_listings;
    std::size_t m_done = 0; // items of the pages done, when the last page was listed
    double m_done_at = 0;   // seconds into the run then
};

} // namespace issuebridge::cli
