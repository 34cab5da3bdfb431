// issuebridge sync from GitHub to Jira Data Center (REST v2) end to end against the sandbox (issue 19). Prints
// figures; asserts nothing.
//
//   bench_jira_dc [--items 1000] [--latency-ms 50] [--concurrency 8]
//
// 1. first import of N generated items (a quarter closed) at the given latency: wall time, requests by kind;
// 2. an incremental run after 50 items changed: wall time, requests by kind;
// 3. a no-op run: wall time, requests by kind.
// The target is the sandbox's jiradc module under the context path /jira, signed in with a personal access token;
// client-side pacing is lifted (rate_limit) so the figures are the tool's, not the polite default's.

#include "bench_sandbox.hpp"

#include <chrono>
#include <cstdio>
#include <string>

namespace {

using namespace issuebridge::testing;
using Clock = std::chrono::steady_clock;

struct Run {
    RunResult result;
    double wall = 0;
    std::map<std::string, long> requests;
};

} // namespace

int main(int argc, char** argv) {
    BenchArgs args = parse_bench_args(argc, argv);
    if (argc < 3) {
        args.items = 1000; // the issue's figure
    }
    Child sandbox({ISSUEBRIDGE_SANDBOX, "--port", "0", "--latency-ms", std::to_string(args.latency_ms)});
    const int port = std::stoi(sandbox.read_line());
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(600);
    admin(c, "POST", "/_sandbox/jira/projects", R"({"key":"BENCH","name":"Bench","issue_types":["Task"]})");
    admin(c, "POST", "/_sandbox/github/repos/bench/big/generate",
          R"({"count":)" + std::to_string(args.items) + R"(,"closed_fraction":0.25,"pr_fraction":0.2,"seed":3})");
    const std::string url = "http://127.0.0.1:" + std::to_string(port);
    TempDir dir;
    dir.write("config.toml", "[defaults]\nconcurrency = " + std::to_string(args.concurrency) +
                                 "\n[sources.gh]\ntype = \"github\"\nbase_url = \"" + url +
                                 "\"\ntoken_env = \"B_GH\"\n[targets.dc]\ntype = \"jira\"\napi_version = 2\n"
                                 "base_url = \"" +
                                 url +
                                 "/jira\"\ntoken_env = \"B_JIRA_DC\"\nproject = \"BENCH\"\nsearch_lag = 0\n"
                                 "rate_limit = \"100000/s\"\n[[routes]]\nname = \"bench\"\nsource = \"gh\"\n"
                                 "target = \"dc\"\nrepos = [\"bench/big\"]\n");
    RunOptions env;
    env.env = {{"B_GH", "sandbox-github-token"}, {"B_JIRA_DC", "sandbox-jira-pat"}};
    env.timeout = std::chrono::hours(2);
    const auto sync = [&]() {
        admin(c, "POST", "/_sandbox/requests/reset");
        Run r;
        const auto start = Clock::now();
        r.result = run({ISSUEBRIDGE_BINARY, "--config", (dir / "config.toml").string(), "--state",
                        (dir / "state.db").string(), "sync"},
                       env);
        r.wall = std::chrono::duration<double>(Clock::now() - start).count();
        r.requests = counts(c);
        return r;
    };
    const auto report = [&](const char* what, const Run& r) {
        std::printf("%s: exit %d, wall %.2f s, %ld jira requests, %ld github list pages\n", what, r.result.exit_code,
                    r.wall, total(r.requests), listing(r.requests));
        print_counts(what, r.requests);
    };

    std::printf("github -> jira data center, %d items at %d ms latency, concurrency %d\n", args.items, args.latency_ms,
                args.concurrency);
    report("first import", sync());
    for (int i = 1; i <= 50; ++i) {
        admin(c, "PATCH", "/_sandbox/github/repos/bench/big/issues/" + std::to_string(i * (args.items / 50)),
              R"({"title":"Changed title )" + std::to_string(i) + "\"}");
    }
    report("incremental, 50 changed", sync());
    report("no-op", sync());
    return 0;
}
