#pragma once
// The run lock: an OS file lock (flock) on "<state file>.lock", held for a whole run, so two cron jobs never
// write the same state or targets at once. The lock dies with the process, so a killed run never leaves it behind.

#include <filesystem>
#include <string>

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

    // The pid of the run that holds the lock of `state_path` now ("unknown" when it wrote none), or an empty
    // string when no run holds it. Takes nothing: for 'status', which must not block a run.
    static std::string holder(const std::filesystem::path& state_path);

private:
    std::filesystem::path m_path;
    int m_fd = -1;
};

} // namespace issuebridge::state
