// GitHub Issues as a target, end to end against the sandbox (issue 18). Prints figures; asserts nothing.
//
//   bench_github_target [--items 500] [--latency-ms 50]
//
// The sandbox enforces GitHub's secondary limit on content creation (80 writes a minute, 1 s apart, less 50 ms of
// arrival jitter) and issuebridge runs with the GitHub row's own pacing (no write_rate), so the figures are those
// of a first import into github.com:
// 1. initial import of N generated items (a quarter closed, a fifth pull requests) from bench/src into
//    bench/triage: wall time against the floors the limits set (writes x 1 s; writes / 80 per minute), requests
//    by kind, writes the sandbox refused, labels created;
// 2. a no-op run (after one that settles the source's ETag): wall time and requests by kind.

#include "bench_sandbox.hpp"

#include <chrono>
#include <cstdio>
#include <string>

namespace {

using namespace issuebridge::testing;
using Clock = std::chrono::steady_clock;

long writes(const std::map<std::string, long>& c) {
    long n = 0;
    for (const auto& [route, count] : c) {
        const bool target = route.find(" /api/v3/") != std::string::npos && !route.ends_with("]");
        n += target && !route.starts_with("GET ") ? count : 0;
    }
    return n;
}

} // namespace

int main(int argc, char** argv) {
    BenchArgs args = parse_bench_args(argc, argv);
    if (args.items == 5000) {
        args.items = 500; // this benchmark's default
    }
    Child sandbox({ISSUEBRIDGE_SANDBOX, "--port", "0", "--latency-ms", std::to_string(args.latency_ms)});
    const int port = std::stoi(sandbox.read_line());
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(600);
    admin(c, "POST", "/_sandbox/github/repos/bench/src/generate",
          R"({"count":)" + std::to_string(args.items) + R"(,"closed_fraction":0.25,"pr_fraction":0.2,"seed":3})");
    admin(c, "PUT", "/_sandbox/github/repos/bench/triage/access", R"({"push":true})");
    admin(c, "POST", "/_sandbox/github/content-limit", R"({"per_minute":80,"min_interval_ms":950})");
    const std::string url = "http://127.0.0.1:" + std::to_string(port);
    TempDir dir;
    dir.write("config.toml", "[sources.gh]\ntype = \"github\"\nbase_url = \"" + url +
                                 "\"\ntoken_env = \"B_GH\"\n[targets.triage]\ntype = \"github\"\nbase_url = \"" + url +
                                 "/api/v3\"\ntoken_env = \"B_GH\"\nrepo = \"bench/triage\"\n[[routes]]\nname = "
                                 "\"bench\"\nsource = \"gh\"\ntarget = \"triage\"\nrepos = [\"bench/src\"]\n");
    RunOptions env;
    env.env = {{"B_GH", "sandbox-github-token"}};
    env.timeout = std::chrono::hours(2);
    const auto ib = [&](std::vector<std::string> a) {
        std::vector<std::string> command{ISSUEBRIDGE_BINARY, "--config", (dir / "config.toml").string(), "--state",
                                         (dir / "state.db").string()};
        command.insert(command.end(), a.begin(), a.end());
        return run(command, env);
    };

    const auto start = Clock::now();
    const auto first = ib({"sync"});
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    const auto imported = counts(c);
    const long w = writes(imported);
    std::printf("initial import of %d items into GitHub Issues at %d ms latency, github.com pacing: exit %d\n",
                args.items, args.latency_ms, first.exit_code);
    if (first.exit_code != 0) {
        std::printf("%s\n", first.err.c_str());
    }
    print_counts("import", imported);
    std::printf("  target writes %ld (%.3f per item); floors: 1 s apart %.0f s, 80 a minute %.0f s\n", w,
                static_cast<double>(w) / args.items, static_cast<double>(w), static_cast<double>(w) * 60.0 / 80.0);
    std::printf("  wall %.1f s (%.1f items a minute); ratio to the 1 s floor %.3f\n", wall, args.items * 60.0 / wall,
                wall / static_cast<double>(w));
    std::printf("  content limit: %s\n", admin(c, "GET", "/_sandbox/github/content-limit").c_str());
    const std::string labels = admin(c, "GET", "/_sandbox/github/repos/bench/triage/labels");
    std::printf("  labels: %s\n", labels.substr(0, labels.find(",\"labels\"")).c_str());

    ib({"sync"}); // settles the source's ETag for the new cursor
    admin(c, "POST", "/_sandbox/requests/reset");
    const auto noop_start = Clock::now();
    const auto noop = ib({"sync"});
    const double noop_wall = std::chrono::duration<double>(Clock::now() - noop_start).count();
    std::printf("no-op run: exit %d, %.3f s\n", noop.exit_code, noop_wall);
    print_counts("no-op", counts(c));
    return 0;
}
