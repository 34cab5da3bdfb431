#include "issuebridge/state/lock.hpp"

#include "statement.hpp"

#include "issuebridge/util/error.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/file.h>
#include <unistd.h>

namespace issuebridge::state {

namespace {
std::string read_holder(int fd) {
    char buf[32] = {};
    const auto n = ::pread(fd, buf, sizeof buf - 1, 0);
    std::string pid = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) {
        pid.pop_back();
    }
    return pid.empty() ? "unknown" : pid;
}
} // namespace

RunLock::RunLock(const std::filesystem::path& state_path) : m_path(state_path.string() + ".lock") {
    std::error_code ec;
    if (!m_path.parent_path().empty()) {
        std::filesystem::create_directories(m_path.parent_path(), ec);
        if (ec) {
            throw_unusable("create the state directory", m_path.parent_path(), ec.value());
        }
    }
    m_fd = ::open(m_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (m_fd < 0) {
        throw_unusable("open lock file", m_path, errno);
    }
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        const std::string holder = read_holder(m_fd);
        ::close(m_fd);
        m_fd = -1;
        if (err == EWOULDBLOCK) {
            throw util::LockError("another issuebridge run holds the lock '" + m_path.string() + "' (pid " + holder +
                                      ")",
                                  "wait for it to finish; a killed run releases the lock by itself");
        }
        throw util::Error("cannot lock '" + m_path.string() + "': " + std::strerror(err));
    }
    // Only the holder writes its pid; a waiting process reads it for the message above.
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(m_fd, 0) != 0 || ::pwrite(m_fd, pid.data(), pid.size(), 0) < 0) {
        // The pid is only informative; the flock is what excludes.
    }
}

std::string RunLock::holder(const std::filesystem::path& state_path) {
    const std::string path = state_path.string() + ".lock";
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return {};
    }
    std::string pid;
    if (::flock(fd, LOCK_SH | LOCK_NB) != 0) {
        pid = errno == EWOULDBLOCK ? read_holder(fd) : std::string();
    }
    ::close(fd); // releases a shared lock taken
    return pid;
}

RunLock::~RunLock() {
    if (m_fd >= 0) {
        ::close(m_fd); // releases the flock
    }
}

} // namespace issuebridge::state
