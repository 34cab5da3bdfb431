#include "support/process.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace issuebridge::testing {

namespace {

int decode_status(int status) {
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return -1;
}

// Forks and execs argv with the given pipes as stdin/stdout/stderr (-1 leaves /dev/null).
pid_t spawn(const std::vector<std::string>& argv, const RunOptions& options, int in_fd, int out_fd, int err_fd) {
    const pid_t pid = fork();
    if (pid < 0) {
        throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    }
    if (pid > 0) {
        return pid;
    }
    // Child.
    const int devnull = open("/dev/null", O_RDWR);
    dup2(in_fd >= 0 ? in_fd : devnull, 0);
    dup2(out_fd >= 0 ? out_fd : devnull, 1);
    dup2(err_fd >= 0 ? err_fd : devnull, 2);
    for (int fd = 3; fd < 1024; ++fd) {
        close(fd);
    }
    setpgid(0, 0);
    for (const auto& [name, value] : options.env) {
        if (value) {
            setenv(name.c_str(), value->c_str(), 1);
        } else {
            unsetenv(name.c_str());
        }
    }
    if (!options.cwd.empty() && chdir(options.cwd.c_str()) != 0) {
        _exit(127);
    }
    std::vector<char*> args;
    for (const auto& a : argv) {
        args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
}

void make_pipe(int fds[2]) {
    if (pipe2(fds, O_CLOEXEC) != 0) {
        throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    }
}

// A pseudo-terminal as a pipe: fds[0] the side we read, fds[1] the terminal the child writes to.
void make_terminal(int fds[2]) {
    fds[0] = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fds[0] < 0 || grantpt(fds[0]) != 0 || unlockpt(fds[0]) != 0) {
        throw std::runtime_error(std::string("pty: ") + std::strerror(errno));
    }
    fds[1] = open(ptsname(fds[0]), O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fds[1] < 0) {
        throw std::runtime_error(std::string("pty: ") + std::strerror(errno));
    }
}

} // namespace

RunResult run(const std::vector<std::string>& argv, const RunOptions& options) {
    int in[2];
    int out[2];
    int err[2];
    make_pipe(in);
    options.terminal ? make_terminal(out) : make_pipe(out);
    make_pipe(err);
    const pid_t pid = spawn(argv, options, in[0], out[1], options.terminal ? out[1] : err[1]);
    close(in[0]);
    close(out[1]);
    close(err[1]);

    RunResult result;
    std::size_t written = 0;
    int in_fd = in[1];
    if (options.stdin_data.empty()) {
        close(in_fd);
        in_fd = -1;
    } else {
        fcntl(in_fd, F_SETFL, O_NONBLOCK);
    }
    const auto deadline = std::chrono::steady_clock::now() + options.timeout;
    bool out_open = true;
    bool err_open = true;
    bool killed = false;
    bool interrupted = false;
    while (out_open || err_open) {
        if (options.interrupt_when && !interrupted && options.interrupt_when(result)) {
            ::kill(pid, SIGINT);
            interrupted = true;
        }
        pollfd fds[3];
        nfds_t n = 0;
        if (out_open) {
            fds[n++] = {out[0], POLLIN, 0};
        }
        if (err_open) {
            fds[n++] = {err[0], POLLIN, 0};
        }
        if (in_fd >= 0) {
            fds[n++] = {in_fd, POLLOUT, 0};
        }
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 && !killed) {
            ::kill(-pid, SIGKILL);
            ::kill(pid, SIGKILL);
            killed = true;
        }
        const long most = options.interrupt_when && !interrupted ? 50 : 1000;
        poll(fds, n, killed ? 1000 : static_cast<int>(std::min<long>(left.count(), most)));
        for (nfds_t i = 0; i < n; ++i) {
            if (fds[i].revents == 0) {
                continue;
            }
            if (fds[i].fd == in_fd) {
                const auto w = write(in_fd, options.stdin_data.data() + written, options.stdin_data.size() - written);
                if (w > 0) {
                    written += static_cast<std::size_t>(w);
                }
                if (w < 0 || written == options.stdin_data.size()) {
                    close(in_fd);
                    in_fd = -1;
                }
                continue;
            }
            char buf[65536];
            const auto r = read(fds[i].fd, buf, sizeof buf);
            std::string& sink = fds[i].fd == out[0] ? result.out : result.err;
            if (r > 0) {
                sink.append(buf, static_cast<std::size_t>(r));
            } else if (r == 0 || errno != EINTR) {
                (fds[i].fd == out[0] ? out_open : err_open) = false;
            }
        }
    }
    if (in_fd >= 0) {
        close(in_fd);
    }
    close(out[0]);
    close(err[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.exit_code = decode_status(status);
    return result;
}

Child::Child(const std::vector<std::string>& argv, const RunOptions& options) {
    int out[2];
    make_pipe(out);
    m_pid = spawn(argv, options, -1, out[1], 2);
    close(out[1]);
    m_stdout = out[0];
}

Child::~Child() {
    if (!m_reaped) {
        kill(SIGTERM);
        // Give it a moment to exit cleanly, then make sure.
        for (int i = 0; i < 50 && !m_reaped; ++i) {
            int status = 0;
            if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_reaped = true;
                break;
            }
            usleep(20000);
        }
        if (!m_reaped) {
            ::kill(m_pid, SIGKILL);
            wait();
        }
    }
    if (m_stdout >= 0) {
        close(m_stdout);
    }
}

std::string Child::read_line(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        const auto nl = m_buffer.find('\n');
        if (nl != std::string::npos) {
            std::string line = m_buffer.substr(0, nl);
            m_buffer.erase(0, nl + 1);
            return line;
        }
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            return {};
        }
        pollfd fd{m_stdout, POLLIN, 0};
        if (poll(&fd, 1, static_cast<int>(left.count())) <= 0) {
            continue;
        }
        char buf[4096];
        const auto r = read(m_stdout, buf, sizeof buf);
        if (r <= 0) {
            return {};
        }
        m_buffer.append(buf, static_cast<std::size_t>(r));
    }
}

void Child::kill(int signal) {
    if (!m_reaped) {
        ::kill(m_pid, signal);
    }
}

int Child::wait() {
    if (!m_reaped) {
        int status = 0;
        while (waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
        }
        m_status = decode_status(status);
        m_reaped = true;
    }
    return m_status;
}

} // namespace issuebridge::testing
