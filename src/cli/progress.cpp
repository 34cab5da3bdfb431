// Progress and SyncProgress (runtime.hpp): the one-line progress display on stderr.

#include "runtime.hpp"

#include "commands.hpp"

#include "issuebridge/util/paths.hpp"
#include "issuebridge/util/rate.hpp"

#include <algorithm>
#include <cstdio>
#include <sys/ioctl.h>
#include <unistd.h>

namespace issuebridge::cli {

namespace {

bool terminal_wanted(const GlobalOptions& global) {
    // -v's lines go to stderr too, and would land on the live line: it is shown with -v only into a --log-file.
    return !global.quiet && !global.json && (global.verbosity == 0 || global.log_file) && ::isatty(STDOUT_FILENO) &&
           ::isatty(STDERR_FILENO) && util::getenv_or_empty("TERM") != "dumb";
}

std::string per_second(double rate) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, rate < 10 ? "%.1f/s" : "%.0f/s", rate);
    return buffer;
}

// "  ETA 4:05" for the `left` items still to do, at the pace of `done` items in `seconds`, less `since` seconds
// spent on the left ones already; "" when nothing is known yet.
std::string eta(std::size_t done, std::size_t left, double seconds, double since = 0) {
    if (done == 0 || left == 0 || seconds <= 0) {
        return {};
    }
    const double estimate = seconds * static_cast<double>(left) / static_cast<double>(done) - since;
    const auto eta = static_cast<long>(std::max(estimate, 0.0));
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "  ETA %ld:%02ld", eta / 60, eta % 60);
    return buffer;
}

// "300", or "300/~3000" while more are known to come.
std::string of_total(std::size_t done, std::size_t total) {
    return std::to_string(done) + (total > done ? "/~" + std::to_string(total) : std::string());
}

} // namespace

Progress::Progress(const GlobalOptions& global, std::string verb)
    : m_enabled(terminal_wanted(global)), m_verb(std::move(verb)) {}

double Progress::elapsed() const { return std::chrono::duration<double>(Clock::now() - m_start).count(); }

void Progress::update(std::size_t done, std::size_t total) {
    if (!m_enabled) {
        return;
    }
    const double seconds = elapsed();
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    std::string line = m_verb + " " + std::to_string(done);
    if (total > 0) {
        line += "/" + std::string(total > done ? "~" : "") + std::to_string(total);
    }
    line += " items  " + std::to_string(static_cast<long>(rate)) + "/s";
    show(line + eta(done, total > done ? total - done : 0, seconds));
}

void Progress::show(const std::string& text) {
    const auto now = Clock::now();
    if (!m_enabled || (m_shown && now - m_last < std::chrono::milliseconds(100))) {
        return;
    }
    m_last = now;
    // A line wider than the terminal would wrap, and "\r" could not take it back: cut it to the width.
    std::string line = text;
    winsize size{};
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 1 && line.size() >= size.ws_col) {
        line.resize(size.ws_col - 1U);
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

void SyncProgress::listed(const std::string& route, const std::string& repo, std::size_t items,
                          std::size_t total_hint) {
    m_where = route + " " + repo;
    // A page is listed once the pages before it are done (their writes included): the pace so far.
    m_done = m_listed;
    m_done_at = m_line.elapsed();
    m_listed += items;
    auto& [listed, hint] = m_listings[m_where];
    listed += items;
    hint = std::max(hint, total_hint);
    draw();
}

void SyncProgress::action(const sync::ActionRecord& record) {
    m_where = record.route + " " + record.repo;
    if (record.outcome == "ok" && record.action != "skip") {
        ++m_written;
    } else if (record.outcome == "failed") {
        ++m_failed;
    } else if (record.outcome != "ok" && record.outcome != "planned") {
        ++m_pending;
    }
    draw();
}

void SyncProgress::draw() {
    if (!m_line.enabled()) {
        return;
    }
    const double seconds = m_line.elapsed();
    const double rate = seconds > 0 ? static_cast<double>(m_written) / seconds : 0;
    std::string paced;
    if (m_pacing && m_pacing->at.time_since_epoch().count() != 0 &&
        std::chrono::steady_clock::now() - m_pacing->at < std::chrono::seconds(1)) {
        std::string limit = util::to_string(m_pacing->limit); // "10/s" -> "10 req/s"
        limit.replace(limit.find('/'), 1, " req/");
        paced = "  paced: " + (m_pacing->vendor.empty() ? std::string("the server") : m_pacing->vendor) + " " + limit;
    }
    std::size_t total = 0;
    for (const auto& [where, counts] : m_listings) {
        total += std::max(counts.first, counts.second);
    }
    m_line.show("sync " + shown(m_where) + ": " + of_total(m_listed, total) + " listed, " + std::to_string(m_written) +
                " written, " + std::to_string(m_pending) + " pending, " + std::to_string(m_failed) + " failed  " +
                per_second(rate) + eta(m_done, total - m_done, m_done_at, seconds - m_done_at) + shown(paced));
}

} // namespace issuebridge::cli
