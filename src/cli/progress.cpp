// Progress (runtime.hpp): the one-line progress display on stderr.

#include "runtime.hpp"

#include <cstdio>
#include <unistd.h>

namespace issuebridge::cli {

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
