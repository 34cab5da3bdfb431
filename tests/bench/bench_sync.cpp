// issuebridge sync end to end against the sandbox (issue 6). Prints figures; asserts nothing.
//
//   bench_sync [--items 5000] [--latency-ms 50] [--concurrency 8]
//
// 1. initial import of N generated items (a quarter closed) at the given latency: wall time against the floor
//    (list pages × latency + target requests × latency / concurrency), and requests by kind;
// 2. a no-op run (after one run that settles the ETag): requests by kind;
// 3. an incremental run after 50 items changed: requests by kind.

#include "bench_sandbox.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>

namespace {

using namespace issuebridge::testing;
using Clock = std::chrono::steady_clock;

} // namespace

int main(int argc, char** argv) {
    const BenchArgs args = parse_bench_args(argc, argv);
    BenchWorld world(args.items, args.latency_ms, args.concurrency);
    httplib::Client& c = world.client();
    const std::vector<std::string> sync{"sync"};

    const auto start = Clock::now();
    const auto first = world.ib(sync);
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    const auto imported = counts(c);
    const long pages = listing(imported);
    const long target = total(imported);
    const double floor = (static_cast<double>(pages) * args.latency_ms +
                          static_cast<double>(target) * args.latency_ms / args.concurrency) /
                         1000.0;
    std::printf("initial import of %d items at %d ms latency, concurrency %d: exit %d\n", args.items, args.latency_ms,
                args.concurrency, first.exit_code);
    print_counts("import", imported);
    std::printf("  target requests per item: %.3f\n", static_cast<double>(target) / args.items);
    std::printf("  wall %.2f s, floor %.2f s (%ld list pages, %ld target requests), ratio %.3f\n", wall, floor, pages,
                target, wall / floor);

    world.ib(sync); // settles the ETag for the URL of the new cursor
    admin(c, "POST", "/_sandbox/requests/reset");
    const auto noop_start = Clock::now();
    const auto noop = world.ib(sync);
    const double noop_wall = std::chrono::duration<double>(Clock::now() - noop_start).count();
    const auto idle = counts(c);
    std::printf("no-op run: exit %d, %.3f s\n", noop.exit_code, noop_wall);
    print_counts("no-op", idle);

    for (int i = 1; i <= 50; ++i) {
        admin(c, "PATCH", "/_sandbox/github/repos/bench/big/issues/" + std::to_string(i * (args.items / 50)),
              R"({"title":"Changed title )" + std::to_string(i) + "\"}");
    }
    admin(c, "POST", "/_sandbox/requests/reset");
    const auto inc_start = Clock::now();
    const auto inc = world.ib(sync);
    const double inc_wall = std::chrono::duration<double>(Clock::now() - inc_start).count();
    const auto changed = counts(c);
    std::printf("incremental run, 50 of %d changed: exit %d, %.3f s, %ld list pages, %ld target writes\n", args.items,
                inc.exit_code, inc_wall, listing(changed), total(changed, "P"));
    print_counts("incremental", changed);
    return 0;
}
