#include "runtime.hpp"

#include "commands.hpp"

#include "issuebridge/sources/source.hpp"
#include "issuebridge/util/error.hpp"
#include "issuebridge/util/paths.hpp"
#include "issuebridge/util/time.hpp"

#include <csignal>
#include <cstring>
#include <fcntl.h>
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

Session::Session(const GlobalOptions& global, const std::filesystem::path& state, bool read_only)
    : m_read_only(read_only), m_lock(lock_unless(read_only, state)), m_store(open_store(state, read_only)),
      m_log(global), m_interrupted(install_interrupt_handlers()),
      m_client(m_log.logger(), http::ClientOptions{nullptr, &m_interrupted, 0,
                                                   [this](const http::HostPolicy& policy, const util::Rate& limit) {
                                                       m_pacing.vendor = policy.vendor;
                                                       m_pacing.limit = limit;
                                                       m_pacing.at = std::chrono::steady_clock::now();
                                                   }}) {}

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

} // namespace issuebridge::cli
