// GitLab -> Jira sync end to end against the sandbox. Prints figures; asserts nothing.
//
//   bench_gitlab [--items 5000] [--latency-ms 50] [--concurrency 8]
//
// A project of N generated items (a fifth merge requests, a quarter closed) at the given latency: the first import,
// an incremental run after 50 items changed, and a no-op run; wall time and requests by route for each. The source's
// client-side pacing is lifted (rate_limit) so that the figures show the tool, not gitlab.com's budget.

#include "bench_sandbox.hpp"

#include <chrono>
#include <cstdio>
#include <string>

namespace {

using namespace issuebridge::testing;
using Clock = std::chrono::steady_clock;

struct World {
    World(int items, int latency_ms, int concurrency)
        : sandbox({ISSUEBRIDGE_SANDBOX, "--port", "0", "--latency-ms", std::to_string(latency_ms)}),
          port(std::stoi(sandbox.read_line())), client("127.0.0.1", port) {
        client.set_read_timeout(600);
        admin(client, "POST", "/_sandbox/jira/projects", R"({"key":"BENCH","name":"Bench","issue_types":["Task"]})");
        admin(client, "POST", "/_sandbox/gitlab/projects/bench/big/generate",
              R"({"count":)" + std::to_string(items) + R"(,"closed_fraction":0.25,"mr_fraction":0.2,"seed":3})");
        const std::string url = "http://127.0.0.1:" + std::to_string(port);
        dir.write("config.toml", "[defaults]\nconcurrency = " + std::to_string(concurrency) +
                                     "\n[sources.gl]\ntype = \"gitlab\"\nbase_url = \"" + url +
                                     "/api/v4\"\ntoken_env = \"B_GL\"\nrate_limit = \"100000/s\"\n"
                                     "[targets.jira]\ntype = \"jira\"\nbase_url = \"" +
                                     url +
                                     "\"\nuser = \"sandbox@example.com\"\ntoken_env = \"B_JIRA\"\n"
                                     "project = \"BENCH\"\nrate_limit = \"100000/s\"\n[[routes]]\nname = \"bench\"\n"
                                     "source = \"gl\"\ntarget = \"jira\"\nrepos = [\"bench/big\"]\n");
        env.env = {{"B_GL", "sandbox-gitlab-token"}, {"B_JIRA", "sandbox-jira-token"}};
        env.timeout = std::chrono::hours(2);
    }

    RunResult ib() {
        return run({ISSUEBRIDGE_BINARY, "--config", (dir / "config.toml").string(), "--state",
                    (dir / "state.db").string(), "sync"},
                   env);
    }

    // One run after the request log is cleared: its exit, wall time and requests by route.
    void measure(const char* what) {
        admin(client, "POST", "/_sandbox/requests/reset");
        const auto start = Clock::now();
        const auto r = ib();
        const double wall = std::chrono::duration<double>(Clock::now() - start).count();
        std::printf("%s: exit %d, wall %.2f s\n", what, r.exit_code, wall);
        print_counts(what, counts(client));
    }

    Child sandbox;
    int port;
    httplib::Client client;
    TempDir dir;
    RunOptions env;
};

} // namespace

int main(int argc, char** argv) {
    const BenchArgs args = parse_bench_args(argc, argv);
    std::printf("gitlab -> jira, %d items at %d ms latency, concurrency %d\n", args.items, args.latency_ms,
                args.concurrency);
    World world(args.items, args.latency_ms, args.concurrency);
    world.measure("first import");
    for (int i = 1; i <= 50; ++i) {
        admin(world.client, "PATCH", "/_sandbox/gitlab/projects/bench/big/issues/" + std::to_string(i * 7),
              R"({"title":"Changed title )" + std::to_string(i) + "\"}");
    }
    world.measure("incremental, 50 issues changed");
    world.measure("no-op");
    return 0;
}
