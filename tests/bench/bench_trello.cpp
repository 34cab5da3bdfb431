// GitHub -> Trello end to end against the sandbox, with the sandbox enforcing Trello's 100 requests per 10 s per
// token (429 without Retry-After). Prints figures; asserts nothing.
//
//   bench_trello [--items 1000] [--latency-ms 50] [--concurrency 8]
//
// 1. first import of N generated issues (a quarter closed, a fifth pull requests): wall time, requests by kind,
//    429s, and the request rate reached against Trello's ceiling of 100 per 10 s;
// 2. an incremental run after 50 items changed;
// 3. a no-op run.

#include "bench_sandbox.hpp"

#include <chrono>
#include <cstdio>
#include <string>

namespace {

using namespace issuebridge::testing;
using Clock = std::chrono::steady_clock;

void report(const char* what, httplib::Client& c, double wall, int exit_code) {
    const auto t = api_counts(c, "trello");
    std::printf("%s: exit %d, wall %.2f s, %ld trello requests (%ld answered 429)", what, exit_code, wall, t.requests,
                t.limited);
    if (wall > 0 && t.requests > 0) {
        std::printf(", %.1f requests per 10 s (ceiling 100: %.0f%%)", 10.0 * static_cast<double>(t.requests) / wall,
                    static_cast<double>(t.requests) / wall * 10.0);
    }
    std::printf("\n");
    print_counts(what, counts(c));
}

} // namespace

int main(int argc, char** argv) {
    BenchArgs args = parse_bench_args(argc, argv);
    if (argc < 2) {
        args.items = 1000;
    }
    Child sandbox({ISSUEBRIDGE_SANDBOX, "--port", "0", "--latency-ms", std::to_string(args.latency_ms), "--rate-limit",
                   "trello=100/10"});
    const int port = std::stoi(sandbox.read_line());
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(600);
    admin(c, "POST", "/_sandbox/github/repos/bench/big/generate",
          R"({"count":)" + std::to_string(args.items) + R"(,"closed_fraction":0.25,"pr_fraction":0.2,"seed":3})");
    const std::string url = "http://127.0.0.1:" + std::to_string(port);
    TempDir dir;
    // The Trello target keeps its row's policy: paced to 100 requests per 10 s, a whole window after a 429.
    dir.write("config.toml",
              "[defaults]\nconcurrency = " + std::to_string(args.concurrency) +
                  "\n[sources.gh]\ntype = \"github\"\nbase_url = \"" + url +
                  "\"\ntoken_env = \"B_GH\"\n[targets.trello]\ntype = \"trello\"\nbase_url = \"" + url +
                  "\"\nkey_env = \"B_KEY\"\ntoken_env = \"B_TOKEN\"\nboard = \"600000000000000000000b01\"\n"
                  "list = \"600000000000000000000101\"\ndone_list = \"600000000000000000000103\"\n"
                  "[[routes]]\nname = \"bench\"\nsource = \"gh\"\ntarget = \"trello\"\n"
                  "repos = [\"bench/big\"]\n");
    RunOptions env;
    env.env = {{"B_GH", "sandbox-github-token"}, {"B_KEY", "sandbox-trello-key"}, {"B_TOKEN", "sandbox-trello-token"}};
    env.timeout = std::chrono::hours(2);
    const auto ib = [&] {
        return run({ISSUEBRIDGE_BINARY, "--config", (dir / "config.toml").string(), "--state",
                    (dir / "state.db").string(), "sync"},
                   env);
    };
    const auto timed = [&](const char* what) {
        admin(c, "POST", "/_sandbox/requests/reset");
        const auto start = Clock::now();
        const auto r = ib();
        report(what, c, std::chrono::duration<double>(Clock::now() - start).count(), r.exit_code);
        if (r.exit_code != 0) {
            std::printf("  stderr: %.400s\n", r.err.c_str());
        }
    };
    std::printf("GitHub -> Trello, %d items at %d ms latency, concurrency %d, sandbox budget trello=100/10 s\n",
                args.items, args.latency_ms, args.concurrency);
    timed("first import");
    ib(); // settles the GitHub ETag
    for (int i = 1; i <= 50; ++i) {
        admin(c, "PATCH", "/_sandbox/github/repos/bench/big/issues/" + std::to_string(i * (args.items / 50)),
              R"({"title":"Changed title )" + std::to_string(i) + "\"}");
    }
    timed("incremental, 50 changed");
    timed("no-op");
    return 0;
}
