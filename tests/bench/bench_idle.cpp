// An idle cron run over many repositories against the sandbox: every listing answers 304, so the run's time is
// how many requests wait on the latency one after another. Prints figures; asserts nothing.
//
//   bench_idle [--repos 200] [--latency-ms 50] [--concurrency 8]
//
// Each repository holds one issue; two runs settle the cursors and their ETags (the first imports and keeps the
// since, the second keeps the first page's ETag for it), then the idle run is timed against the sequential
// estimate: one request per repository, one after another, repos x latency.

#include "bench_sandbox.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

using namespace issuebridge::testing;
using Clock = std::chrono::steady_clock;

} // namespace

int main(int argc, char** argv) {
    int repos = 200;
    int latency_ms = 50;
    int concurrency = 8;
    for (int i = 1; i + 1 < argc; i += 2) {
        const int v = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--repos")) {
            repos = v;
        } else if (!std::strcmp(argv[i], "--latency-ms")) {
            latency_ms = v;
        } else if (!std::strcmp(argv[i], "--concurrency")) {
            concurrency = v;
        }
    }
    Child sandbox({ISSUEBRIDGE_SANDBOX, "--port", "0"}); // no latency while seeding and warming
    const int port = std::stoi(sandbox.read_line());
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(600);
    admin(c, "POST", "/_sandbox/jira/projects", R"({"key":"IDLE","name":"Idle","issue_types":["Task"]})");
    std::string list;
    for (int r = 0; r < repos; ++r) {
        const std::string name = "idle/r" + std::to_string(r);
        admin(c, "POST", "/_sandbox/github/repos/" + name + "/issues", R"({"title":"the one issue"})");
        list += (r ? ", \"" : "\"") + name + "\"";
    }
    TempDir dir;
    const std::string url = "http://127.0.0.1:" + std::to_string(port);
    dir.write("config.toml", "[defaults]\nconcurrency = " + std::to_string(concurrency) +
                                 "\n[sources.gh]\ntype = \"github\"\nbase_url = \"" + url +
                                 "\"\ntoken_env = \"B_GH\"\n[targets.jira]\ntype = \"jira\"\nbase_url = \"" + url +
                                 "\"\nuser = \"sandbox@example.com\"\ntoken_env = \"B_JIRA\"\nproject = \"IDLE\"\n"
                                 "rate_limit = \"100000/s\"\nsearch_lag = 0\n[[routes]]\nname = \"idle\"\n"
                                 "source = \"gh\"\ntarget = \"jira\"\nrepos = [" +
                                 list + "]\n");
    RunOptions env;
    env.env = {{"B_GH", "sandbox-github-token"}, {"B_JIRA", "sandbox-jira-token"}};
    env.timeout = std::chrono::hours(1);
    const auto ib = [&] {
        return run({ISSUEBRIDGE_BINARY, "--config", (dir / "config.toml").string(), "--state",
                    (dir / "state.db").string(), "sync"},
                   env);
    };
    const auto import = ib();
    const auto warm = ib();
    admin(c, "POST", "/_sandbox/faults", R"({"latency_ms":)" + std::to_string(latency_ms) + "}");
    admin(c, "POST", "/_sandbox/requests/reset");
    const auto start = Clock::now();
    const auto idle = ib();
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    const auto requests = counts(c);
    const std::string log = admin(c, "GET", "/_sandbox/requests");
    const double sequential = repos * latency_ms / 1000.0;
    std::printf("idle cron over %d repositories at %d ms latency, concurrency %d (import exit %d, warm exit %d)\n",
                repos, latency_ms, concurrency, import.exit_code, warm.exit_code);
    print_counts("idle", requests);
    std::printf("  request log: %s\n", log.c_str()); // by status: every listing should be a 304
    std::printf("  idle run: exit %d, measured %.3f s; sequential estimate %d x %d ms = %.3f s; ratio %.3f "
                "(speed-up %.1fx)\n",
                idle.exit_code, wall, repos, latency_ms, sequential, wall / sequential, sequential / wall);
    return 0;
}
