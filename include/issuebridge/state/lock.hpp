#pragma once
// The run lock: an OS file lock (flock) on "<state file>.lock", held for a whole run, so two cron jobs never
// write the same state or targets at once. The lock dies with the process, so a killed run never leaves it behind.

#include <filesystem>

namespace issuebridge::state {

class RunLock {
public:
    // Takes the lock at once or throws util::LockError naming the holder's pid. Throws util::Error when the lock
    // file cannot be created.
    explicit RunLock(const std::filesystem::path& state_path);
    ~RunLock();
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;

    const std::filesystem::path& path() const noexcept { return m_path; }

private:
    std::filesystem::path m_path;
    int m_fd = -1;
};

} // namespace issuebridge::state
