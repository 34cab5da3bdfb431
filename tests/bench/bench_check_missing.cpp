// issuebridge check-missing end to end against the sandbox (issue 7). Prints figures; asserts nothing.
//
//   bench_check_missing [--items 5000] [--latency-ms 50] [--concurrency 8]
//
// After a sync of N generated items:
// 1. --report-only with everything in sync: wall time and requests by kind;
// 2. 50 target items deleted and 50 renamed by hand: the repairing run, wall time and requests;
// 3. the state database lost: the repairing run that adopts every item again, wall time and requests.
// Each is set against a floor of one latency per request, taken one at a time: how far the check is from
// overlapping its reads.

#include "bench_sandbox.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

namespace {

using namespace issuebridge::testing;
using Clock = std::chrono::steady_clock;

// Runs `args`, then prints its exit code, wall time, requests and the serial floor.
void measure(BenchWorld& world, const char* what, const std::vector<std::string>& args, int latency_ms) {
    admin(world.client(), "POST", "/_sandbox/requests/reset");
    const auto start = Clock::now();
    const auto r = world.ib(args);
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    const auto c = counts(world.client());
    long requests = 0;
    for (const auto& [route, n] : c) {
        requests += n;
    }
    std::printf("%s: exit %d, wall %.2f s, %ld requests (%ld list pages, %ld target), serial floor %.2f s\n", what,
                r.exit_code, wall, requests, listing(c), total(c), static_cast<double>(requests) * latency_ms / 1000.0);
    print_counts(what, c);
    const auto summary = r.out.rfind("\nbench ");
    std::printf("  %s", summary == std::string::npos ? r.out.c_str() : r.out.c_str() + summary + 1);
}

} // namespace

int main(int argc, char** argv) {
    const BenchArgs args = parse_bench_args(argc, argv);
    BenchWorld world(args.items, args.latency_ms, args.concurrency);
    const auto import = world.ib({"sync"});
    std::printf("check-missing over %d items at %d ms latency, concurrency %d (import exit %d)\n", args.items,
                args.latency_ms, args.concurrency, import.exit_code);
    const std::string days = "60"; // the generated items span 30 days
    measure(world, "report only, all in sync", {"check-missing", "--days", days, "--report-only"}, args.latency_ms);

    const int step = std::max(1, args.items / 100);
    for (int i = 0; i < 100 && (i + 1) * step <= args.items; ++i) {
        const std::string key = "/_sandbox/jira/issues/BENCH-" + std::to_string((i + 1) * step);
        if (i % 2 == 0) {
            admin(world.client(), "DELETE", key);
        } else {
            admin(world.client(), "PUT", key, R"({"summary":"renamed by hand"})");
        }
    }
    measure(world, "repair, 50 deleted and 50 renamed", {"check-missing", "--days", days}, args.latency_ms);

    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove((world.dir() / "state.db").string() + suffix);
    }
    measure(world, "repair after the state was lost", {"check-missing", "--days", days}, args.latency_ms);
    return 0;
}
