#pragma once
// Running child processes from tests: the real issuebridge binary and the sandbox.

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace issuebridge::testing {

struct RunResult {
    int exit_code = -1; // the exit status, or 128 + signal number when killed by a signal
    std::string out;    // everything written to stdout
    std::string err;    // everything written to stderr
};

struct RunOptions {
    // Variables set (or, with an empty optional, removed) on top of the test's own environment.
    std::map<std::string, std::optional<std::string>> env;
    std::string stdin_data;
    std::string cwd;
    std::chrono::milliseconds timeout{60000}; // the child is killed (SIGKILL) past this
    // stdout and stderr are one pseudo-terminal, as in an interactive shell; all of it arrives in `out`, with the
    // terminal's "\r\n" line ends.
    bool terminal = false;
    // Called as output arrives (and every 50 ms) with what has been read so far; once it returns true the child
    // gets SIGINT, as from Ctrl-C on a terminal (once).
    std::function<bool(const RunResult& so_far)> interrupt_when;
};

// Runs argv[0] with its arguments, waits for it, and returns its exit code and output.
RunResult run(const std::vector<std::string>& argv, const RunOptions& options = {});

// A child that runs in the background until stop() or destruction (SIGTERM, then SIGKILL).
class Child {
public:
    Child(const std::vector<std::string>& argv, const RunOptions& options = {});
    ~Child();
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    // Reads the child's stdout up to the first newline (e.g. the sandbox's port); empty on EOF or timeout.
    std::string read_line(std::chrono::milliseconds timeout = std::chrono::milliseconds(20000));
    // Sends `signal` to the child.
    void kill(int signal);
    // Waits for the child to exit; returns its exit code as in RunResult.
    int wait();
    pid_t pid() const { return m_pid; }

private:
    pid_t m_pid = -1;
    int m_stdout = -1;
    std::string m_buffer;
    bool m_reaped = false;
    int m_status = -1;
};

} // namespace issuebridge::testing
