// Throughput and client overhead of the HTTP layer (issue 3). Prints figures; asserts nothing.
//
//   bench_http [--latency-ms 50] [--quick]
//
// The server is cpp-httplib in a forked child (thread pool of 64, keep-alive, TCP_NODELAY), so this process's CPU
// time (getrusage) is the client's alone. It adds --latency-ms to every answer. For each concurrency the client
// sends N GETs with send_all; the floor is N × latency / concurrency. At 0 ms it reports CPU per request; on
// loopback the system time includes part of the server's TCP receive path, run in the sender's system call.

#include "issuebridge/http/curl_client.hpp"

#include <httplib.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using namespace issuebridge;
using Seconds = std::chrono::duration<double>;

// Runs the server in a child process; returns its pid and port. Must be called before any thread exists.
std::pair<pid_t, int> fork_server() {
    int fds[2];
    if (::pipe(fds) != 0) {
        std::perror("pipe");
        std::exit(1);
    }
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        httplib::Server server;
        server.new_task_queue = [] { return new httplib::ThreadPool(64); };
        server.set_keep_alive_max_count(1'000'000);
        server.set_tcp_nodelay(true);
        socket_t listen_fd = -1;
        server.set_socket_options([&](socket_t sock) {
            httplib::default_socket_options(sock);
            if (listen_fd < 0) {
                listen_fd = sock;
            }
        });
        const std::string body(200, 'x');
        server.Get("/item", [&](const httplib::Request& req, httplib::Response& res) {
            const int ms = req.has_param("ms") ? std::stoi(req.get_param_value("ms")) : 0;
            if (ms > 0) {
                std::this_thread::sleep_for(std::chrono::milliseconds{ms});
            }
            res.set_content(body, "application/json");
        });
        const int port = server.bind_to_any_port("127.0.0.1");
        ::listen(listen_fd, 256); // httplib 0.11 listens with a backlog of 5; 16 connections at once overflow it
        if (::write(fds[1], &port, sizeof port) != static_cast<ssize_t>(sizeof port)) {
            std::_Exit(1);
        }
        ::close(fds[1]);
        server.listen_after_bind();
        std::_Exit(0);
    }
    ::close(fds[1]);
    int port = 0;
    if (::read(fds[0], &port, sizeof port) != static_cast<ssize_t>(sizeof port) || port <= 0) {
        std::fprintf(stderr, "bench_http: the server did not start\n");
        std::exit(1);
    }
    ::close(fds[0]);
    return {pid, port};
}

struct Cpu {
    double user = 0;
    double system = 0;
};

Cpu process_cpu() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return Cpu{seconds(usage.ru_utime), seconds(usage.ru_stime)};
}

double thread_cpu_seconds() {
    timespec t{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

struct Run {
    double wall = 0;
    Cpu cpu;               // this process: the client alone
    double thread_cpu = 0; // the calling thread, which runs the whole client
    std::size_t failures = 0;
};

Run measure(int port, int latency_ms, int concurrency, std::size_t n) {
    util::Logger& log = util::Logger::null();
    http::CurlClient client(log);
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    http::HostPolicy policy;
    policy.concurrency = concurrency;
    client.set_policy(base, policy);
    http::Request request;
    request.url = base + "/item?ms=" + std::to_string(latency_ms);
    request.headers = {{"Accept", "application/json"}, {"Authorization", "Bearer not-a-secret"}};
    const std::vector<http::Request> requests(n, request);

    Run run;
    const auto start = std::chrono::steady_clock::now();
    const Cpu cpu0 = process_cpu();
    const double thread0 = thread_cpu_seconds();
    client.send_all(requests, [&](std::size_t, http::Outcome o) {
        if (!o.ok() || o->status != 200) {
            ++run.failures;
        }
    });
    run.thread_cpu = thread_cpu_seconds() - thread0;
    const Cpu cpu1 = process_cpu();
    run.cpu = Cpu{cpu1.user - cpu0.user, cpu1.system - cpu0.system};
    run.wall = Seconds(std::chrono::steady_clock::now() - start).count();
    return run;
}

} // namespace

int main(int argc, char** argv) {
    int latency_ms = 50;
    bool quick = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--latency-ms" && i + 1 < argc) {
            latency_ms = std::atoi(argv[++i]);
        } else if (arg == "--quick") {
            quick = true;
        } else {
            std::fprintf(stderr, "usage: bench_http [--latency-ms 50] [--quick]\n");
            return 2;
        }
    }
    const auto [server, port] = fork_server();
    const std::size_t scale = quick ? 10 : 1;

    std::printf("latency %d ms: N GETs via send_all, floor = N x %d ms / concurrency\n", latency_ms, latency_ms);
    std::printf("%11s %6s %9s %9s %7s %9s\n", "concurrency", "N", "wall s", "floor s", "ratio", "failures");
    for (const auto& [concurrency, n] : {std::pair{1, 500}, std::pair{4, 5000}, std::pair{16, 5000}}) {
        const std::size_t count = static_cast<std::size_t>(n) / scale;
        const Run run = measure(port, latency_ms, concurrency, count);
        const double floor_s = static_cast<double>(count) * latency_ms / 1000.0 / concurrency;
        std::printf("%11d %6zu %9.2f %9.2f %7.3f %9zu\n", concurrency, count, run.wall, floor_s,
                    floor_s > 0 ? run.wall / floor_s : 0.0, run.failures);
    }

    std::printf("\nlatency 0 ms: client CPU per request (server in another process)\n");
    std::printf("%11s %6s %9s %9s %13s %13s %13s %14s\n", "concurrency", "N", "wall s", "req/s", "cpu us/req",
                "user us/req", "sys us/req", "thread us/req");
    for (const int concurrency : {1, 4, 16}) {
        const std::size_t count = 5000 / scale;
        const Run run = measure(port, 0, concurrency, count);
        const double per = 1e6 / static_cast<double>(count);
        std::printf("%11d %6zu %9.2f %9.0f %13.1f %13.1f %13.1f %14.1f\n", concurrency, count, run.wall,
                    static_cast<double>(count) / run.wall, (run.cpu.user + run.cpu.system) * per, run.cpu.user * per,
                    run.cpu.system * per, run.thread_cpu * per);
    }
    ::kill(server, SIGTERM);
    ::waitpid(server, nullptr, 0);
    return 0;
}
