// Code scanning alerts into Jira end to end against the sandbox (issue 17). Prints figures; asserts nothing.
//
//   bench_alerts [--items 5000] [--latency-ms 50] [--concurrency 8]
//
// 1. first import of N generated alerts (15% fixed, 10% dismissed) at the given latency: wall time and requests;
// 2. a no-op run: requests (the idle listing is one 304 per repository);
// 3. a run after 50 alerts changed (fixed, dismissed, reopened or re-described): wall time and requests.

#include "bench_sandbox.hpp"

#include <chrono>
#include <cstdio>
#include <string>

namespace {

using namespace issuebridge::testing;
using Clock = std::chrono::steady_clock;

long alert_pages(const std::map<std::string, long>& c) {
    long n = 0;
    for (const auto& [route, count] : c) {
        n += route.find("/code-scanning/alerts") != std::string::npos ? count : 0;
    }
    return n;
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

} // namespace

int main(int argc, char** argv) {
    const BenchArgs args = parse_bench_args(argc, argv);
    Child sandbox({ISSUEBRIDGE_SANDBOX, "--port", "0", "--latency-ms", std::to_string(args.latency_ms)});
    const int port = std::stoi(sandbox.read_line());
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(600);
    admin(c, "POST", "/_sandbox/jira/projects", R"({"key":"BENCH","name":"Bench","issue_types":["Task"]})");
    admin(c, "POST", "/_sandbox/codescanning/repos/bench/big/generate",
          R"({"count":)" + std::to_string(args.items) + R"(,"fixed_fraction":0.15,"dismissed_fraction":0.1,"seed":3})");
    const std::string url = "http://127.0.0.1:" + std::to_string(port);
    TempDir dir;
    dir.write("config.toml", "[defaults]\nconcurrency = " + std::to_string(args.concurrency) +
                                 "\n[sources.cs]\ntype = \"codescanning\"\nbase_url = \"" + url +
                                 "\"\ntoken_env = \"B_CS\"\n[targets.jira]\ntype = \"jira\"\nbase_url = \"" + url +
                                 "\"\nuser = \"sandbox@example.com\"\ntoken_env = \"B_JIRA\"\n"
                                 "project = \"BENCH\"\nrate_limit = \"100000/s\"\n[[routes]]\nname = \"bench\"\n"
                                 "source = \"cs\"\ntarget = \"jira\"\nrepos = [\"bench/big\"]\n");
    RunOptions env;
    env.env = {{"B_CS", "sandbox-codescanning-token"}, {"B_JIRA", "sandbox-jira-token"}};
    env.timeout = std::chrono::hours(2);
    const auto ib = [&] {
        return run({ISSUEBRIDGE_BINARY, "--config", (dir / "config.toml").string(), "--state",
                    (dir / "state.db").string(), "sync"},
                   env);
    };

    auto start = Clock::now();
    const auto first = ib();
    const double wall = seconds_since(start);
    const auto imported = counts(c);
    std::printf("first import of %d alerts at %d ms latency, concurrency %d: exit %d, %.2f s, %ld alert pages, "
                "%ld Jira requests (%.3f per alert)\n",
                args.items, args.latency_ms, args.concurrency, first.exit_code, wall, alert_pages(imported),
                total(imported), static_cast<double>(total(imported)) / args.items);
    print_counts("import", imported);

    admin(c, "POST", "/_sandbox/requests/reset");
    start = Clock::now();
    const auto noop = ib();
    const double noop_wall = seconds_since(start);
    const auto idle = counts(c);
    std::printf("no-op run: exit %d, %.3f s, %ld alert pages, %ld Jira requests\n", noop.exit_code, noop_wall,
                alert_pages(idle), total(idle));
    print_counts("no-op", idle);

    const char* const changes[] = {R"({"state":"fixed"})", R"({"state":"dismissed"})", R"({"state":"open"})",
                                   R"({"rule_description":"Changed rule description"})"};
    for (int i = 1; i <= 50; ++i) {
        admin(c, "PATCH", "/_sandbox/codescanning/repos/bench/big/alerts/" + std::to_string(i * (args.items / 50)),
              changes[i % 4]);
    }
    admin(c, "POST", "/_sandbox/requests/reset");
    start = Clock::now();
    const auto inc = ib();
    const double inc_wall = seconds_since(start);
    const auto changed = counts(c);
    std::printf("run after 50 of %d alerts changed: exit %d, %.3f s, %ld alert pages, %ld Jira writes, %ld Jira "
                "requests\n",
                args.items, inc.exit_code, inc_wall, alert_pages(changed), total(changed, "P"), total(changed));
    print_counts("changed", changed);
    return 0;
}
