#include "runtime.hpp"

#include "commands.hpp"

#include "issuebridge/sources/source.hpp"
#include "issuebridge/util/error.hpp"
#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/paths.hpp"
#include "issuebridge/util/time.hpp"

#include <csignal>
#include <fcntl.h>
#include <cstring>
#include <unistd.h>

namespace issuebridge::cli {

namespace {

// A signal handler can reach nothing but a global; this is the one.
std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int signal) {
    if (g_interrupted.exchange(true)) {
        std::signal(signal, SIG_DFL);
        std::raise(signal);
    }
}

util::LogLevel level_of(const GlobalOptions& g) {
    if (g.quiet) {
        return util::LogLevel::error;
    }
    return g.verbosity >= 2 ? util::LogLevel::debug : g.verbosity == 1 ? util::LogLevel::info : util::LogLevel::warn;
}

void print_record(const sync::ActionRecord& r, bool dry_run) {
    const std::string target = r.target_key.empty() ? "-" : r.target_key;
    std::printf("%s%-7s %-10s %s  %s\n", dry_run ? "would " : "", r.action.c_str(), shown(target).c_str(),
                shown(r.external_id).c_str(), shown(r.title).c_str());
}

void write_json(const sync::SyncReport& report, const std::vector<sync::ActionRecord>& actions, bool dry_run,
                int exit_code) {
    util::JsonWriter out;
    out.begin_object().field("command", "sync").field("dry_run", dry_run).field("exit_code", exit_code);
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
        out.field("error", r.error).field("warning", r.warning).end_object();
    }
    out.end_array().key("actions").begin_array();
    for (const auto& a : actions) {
        out.begin_object().field("route", a.route).field("repo", a.repo).field("external_id", a.external_id);
        out.field("action", a.action).field("target_key", a.target_key).field("outcome", a.outcome);
        out.field("error", a.error).end_object();
    }
    out.end_array().end_object();
    print_json(out.str());
}

std::optional<state::RunLock> lock_unless(bool read_only, const std::filesystem::path& path) {
    return read_only ? std::nullopt : std::optional<state::RunLock>(std::in_place, path);
}

state::Store open_store(const std::filesystem::path& path, bool read_only) {
    if (!read_only) {
        // An upgrade from before schema 4 respells old ids as the source types spell them now.
        return state::Store::open(path, state::Store::Mode::read_write, sources::canonical_id);
    }
    return std::filesystem::exists(path) ? state::Store::open(path, state::Store::Mode::read_only)
                                         : state::Store::in_memory();
}

} // namespace

LogSetup::LogSetup(const GlobalOptions& global) {
    if (global.log_file) {
        // 0600 like the state database: diagnostics name repositories, items and URLs. An existing file keeps
        // its mode (the user may have chosen it).
        const int fd = ::open(global.log_file->c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
        m_file = fd < 0 ? nullptr : ::fdopen(fd, "a");
        if (fd >= 0 && !m_file) {
            ::close(fd);
        }
        if (!m_file) {
            throw util::UsageError("cannot open log file '" + global.log_file->string() + "': " + std::strerror(errno));
        }
    }
    m_logger = std::make_unique<util::Logger>(level_of(global), m_file);
}

LogSetup::~LogSetup() {
    if (m_file) {
        std::fclose(m_file);
    }
}

const std::atomic<bool>& install_interrupt_handlers() {
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    return g_interrupted;
}

Reporter::Reporter(const GlobalOptions& global, bool dry_run)
    : m_global(global), m_dry_run(dry_run),
      m_summary(!global.quiet && (dry_run || global.verbosity > 0 || ::isatty(STDOUT_FILENO))) {}

void Reporter::action(const sync::ActionRecord& record) {
    if (m_global.json) {
        m_actions.push_back(record);
    } else if (m_dry_run || m_global.verbosity > 0) {
        print_record(record, m_dry_run && record.outcome == "planned");
    }
    if (record.outcome == "failed" || record.outcome == "pending") {
        std::fprintf(stderr, "issuebridge: %s: %s: %s\n", record.outcome == "failed" ? "error" : "warning",
                     shown(record.external_id.empty() ? record.repo : record.external_id).c_str(),
                     shown(record.error).c_str());
    }
}

Session::Session(const GlobalOptions& global, const std::filesystem::path& state, bool read_only)
    : m_read_only(read_only), m_lock(lock_unless(read_only, state)), m_store(open_store(state, read_only)),
      m_log(global), m_interrupted(install_interrupt_handlers()),
      m_client(m_log.logger(), http::ClientOptions{nullptr, &m_interrupted, 0}) {}

void Session::begin(const std::string& command) {
    if (!m_read_only) {
        m_run.id = m_store.begin_run(command);
        m_run.command = command;
    }
}

int Session::finish(int exit_code, const state::Run& counts) {
    if (m_run.id != 0) {
        m_run.created = counts.created;
        m_run.updated = counts.updated;
        m_run.transitioned = counts.transitioned;
        m_run.failed = counts.failed;
        m_run.exit_code = exit_code;
        m_store.finish_run(m_run);
    }
    return exit_code;
}

std::int64_t retry_clock() {
    const std::string value = util::getenv_or_empty("ISSUEBRIDGE_NOW");
    if (value.empty()) {
        return 0;
    }
    const auto now = util::parse_iso8601(value);
    if (!now) {
        throw util::UsageError("ISSUEBRIDGE_NOW is '" + value + "', not a time", "use e.g. '2026-01-02T03:04:05Z'");
    }
    return *now;
}

void print_repo_problems(const std::string& route, const std::string& repo, const std::string& error,
                         const std::string& warning) {
    if (!error.empty()) {
        std::fprintf(stderr, "issuebridge: error: %s %s: %s\n", route.c_str(), repo.c_str(), shown(error).c_str());
    }
    if (!warning.empty()) {
        std::fprintf(stderr, "issuebridge: warning: %s %s: %s\n", route.c_str(), repo.c_str(), shown(warning).c_str());
    }
}

void Reporter::finish(const sync::SyncReport& report, int exit_code) {
    for (const auto& refused : report.refused_targets) {
        std::fprintf(stderr, "issuebridge: error: %s\n", shown(refused).c_str());
    }
    if (m_global.json) {
        write_json(report, m_actions, m_dry_run, exit_code);
        return;
    }
    for (const auto& r : report.repos) {
        print_repo_problems(r.route, r.repo, r.error, r.warning);
        if (r.adopted > 0 && !m_global.quiet) {
            // Worth a line under cron too: it means the state had lost what the target holds.
            std::fprintf(stderr, "issuebridge: notice: %s %s: %d item%s found on the target by %s marker%s and adopted, "
                                 "not created again\n",
                         r.route.c_str(), r.repo.c_str(), r.adopted, r.adopted == 1 ? "" : "s",
                         r.adopted == 1 ? "its" : "their", r.adopted == 1 ? "" : "s");
        }
        if (m_summary) {
            std::printf("%s%s %s: %d created, %d updated, %d closed, %d reopened, %d adopted, %d unchanged, %d filtered, "
                        "%d failed, %d pending%s\n",
                        m_dry_run ? "dry run: " : "", r.route.c_str(), r.repo.c_str(), r.created, r.updated, r.closed,
                        r.reopened, r.adopted, r.unchanged, r.filtered, r.failed, r.pending,
                        r.not_modified ? " (not modified)" : "");
        }
    }
    if (report.write_limit_reached) {
        std::fprintf(stderr, "issuebridge: warning: --max-writes reached after %d writes; the rest is left for the next run\n",
                     report.writes);
    }
}

Progress::Progress(const GlobalOptions& global, std::string verb)
    : m_enabled(!global.quiet && !global.json && ::isatty(STDOUT_FILENO) && ::isatty(STDERR_FILENO)),
      m_verb(std::move(verb)) {}

void Progress::update(std::size_t done, std::size_t total) {
    const auto now = Clock::now();
    if (!m_enabled || now - m_last < std::chrono::milliseconds(100)) {
        return;
    }
    m_last = now;
    const double seconds = std::chrono::duration<double>(now - m_start).count();
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    std::string line = m_verb + " " + std::to_string(done);
    if (total > 0) {
        line += "/" + std::string(total > done ? "~" : "") + std::to_string(total);
    }
    line += " items  " + std::to_string(static_cast<long>(rate)) + "/s";
    if (total > done && rate > 0) {
        const auto eta = static_cast<long>(static_cast<double>(total - done) / rate);
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "  ETA %ld:%02ld", eta / 60, eta % 60);
        line += buffer;
    }
    std::fprintf(stderr, "\r\033[K%s", line.c_str());
    std::fflush(stderr);
    m_shown = true;
}

void Progress::clear() {
    if (m_shown) {
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
        m_shown = false;
    }
}

} // namespace issuebridge::cli
