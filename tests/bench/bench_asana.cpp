// GitHub -> Asana end to end against the sandbox, with the sandbox enforcing Asana's per-token budget (429 with
// Retry-After). Prints figures; asserts nothing.
//
//   bench_asana [--items 1000] [--latency-ms 50] [--concurrency 8] [--per-minute 150] [--token pat|oauth]
//
// --per-minute is the budget the sandbox enforces: 150 plays a free workspace, 1500 a paid one. The target keeps
// its default pace (150 a minute) unless the budget is another, when the config says rate_limit = "<N>/min", as a
// paid workspace's users would. With --token pat the target finds its tasks by the notes marker, with oauth by
// external id.
//
// 1. first import of N generated issues (a quarter closed, a fifth pull requests): wall time, requests by kind,
//    429s, and how close the import came to the budget's floor (a minute's worth of requests a minute);
// 2. an incremental run after 50 items changed;
// 3. a no-op run;
// 4. check-missing --days 3650 three times: the first reads every task back and starts the project's Events
//    stream; the second, with nobody having touched anything, asks the stream only; the third after a person
//    edited 5 tasks reads the project again.

#include "bench_sandbox.hpp"

#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

using namespace issuebridge::testing;
using Clock = std::chrono::steady_clock;

void report(const char* what, httplib::Client& c, double wall, int exit_code, int per_minute) {
    const auto a = api_counts(c, "asana");
    // The floor the budget allows a run that starts with a fresh minute: each full minute's worth of requests
    // beyond the first waits for the next minute (latency aside).
    const double floor = a.requests > 0 ? 60.0 * static_cast<double>((a.requests - 1) / per_minute) : 0.0;
    std::printf("%s: exit %d, wall %.2f s, %ld asana requests (%ld answered 429)", what, exit_code, wall, a.requests,
                a.limited);
    if (wall > 0 && a.requests > 0) {
        std::printf(", %.0f requests a minute; floor at %d a minute %.0f s",
                    60.0 * static_cast<double>(a.requests) / wall, per_minute, floor);
        if (floor > 0) {
            std::printf(" (%.2fx)", wall / floor);
        }
    }
    std::printf("\n");
    print_counts(what, counts(c));
}

} // namespace

int main(int argc, char** argv) {
    BenchArgs args = parse_bench_args(argc, argv);
    int per_minute = 150;
    std::string token = "sandbox-asana-pat";
    bool items_given = false;
    for (int i = 1; i + 1 < argc; ++i) {
        if (!std::strcmp(argv[i], "--per-minute")) {
            per_minute = std::atoi(argv[i + 1]);
        } else if (!std::strcmp(argv[i], "--token") && !std::strcmp(argv[i + 1], "oauth")) {
            token = "sandbox-asana-oauth";
        }
        items_given = items_given || !std::strcmp(argv[i], "--items");
    }
    if (!items_given) {
        args.items = 1000;
    }
    Child sandbox({ISSUEBRIDGE_SANDBOX, "--port", "0", "--latency-ms", std::to_string(args.latency_ms), "--rate-limit",
                   "asana=" + std::to_string(per_minute) + "/60"});
    const int port = std::stoi(sandbox.read_line());
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(600);
    admin(c, "POST", "/_sandbox/github/repos/bench/big/generate",
          R"({"count":)" + std::to_string(args.items) + R"(,"closed_fraction":0.25,"pr_fraction":0.2,"seed":3})");
    const std::string url = "http://127.0.0.1:" + std::to_string(port);
    TempDir dir;
    const std::string pace = per_minute == 150 ? "" : "rate_limit = \"" + std::to_string(per_minute) + "/min\"\n";
    dir.write("config.toml", "[defaults]\nconcurrency = " + std::to_string(args.concurrency) +
                                 "\n[sources.gh]\ntype = \"github\"\nbase_url = \"" + url +
                                 "\"\ntoken_env = \"B_GH\"\n[targets.asana]\ntype = \"asana\"\nbase_url = \"" + url +
                                 "/api/1.0\"\ntoken_env = \"B_ASANA\"\nproject = \"2000\"\n" + pace +
                                 "[[routes]]\nname = \"bench\"\nsource = \"gh\"\ntarget = \"asana\"\n"
                                 "repos = [\"bench/big\"]\n");
    RunOptions env;
    env.env = {{"B_GH", "sandbox-github-token"}, {"B_ASANA", token}};
    env.timeout = std::chrono::hours(2);
    const auto ib = [&](std::vector<std::string> command = {"sync"}) {
        std::vector<std::string> line{ISSUEBRIDGE_BINARY, "--config", (dir / "config.toml").string(), "--state",
                                      (dir / "state.db").string()};
        line.insert(line.end(), command.begin(), command.end());
        return run(line, env);
    };
    const auto timed = [&](const char* what, std::vector<std::string> command = {"sync"}) {
        admin(c, "POST", "/_sandbox/requests/reset");
        const auto start = Clock::now();
        const auto r = ib(std::move(command));
        report(what, c, std::chrono::duration<double>(Clock::now() - start).count(), r.exit_code, per_minute);
        if (r.exit_code != 0) {
            std::printf("  stderr: %.400s\n", r.err.c_str());
        }
    };
    std::printf("GitHub -> Asana, %d items at %d ms latency, concurrency %d, sandbox budget asana=%d/min, %s\n",
                args.items, args.latency_ms, args.concurrency, per_minute,
                token == "sandbox-asana-pat" ? "personal access token (notes marker)" : "OAuth token (external ids)");
    timed("first import");
    ib(); // settles the GitHub ETag
    const int changes = std::min(50, args.items);
    for (int i = 1; i <= changes; ++i) {
        admin(c, "PATCH", "/_sandbox/github/repos/bench/big/issues/" + std::to_string(i * (args.items / changes)),
              R"({"title":"Changed title )" + std::to_string(i) + "\"}");
    }
    timed("incremental, 50 changed");
    timed("no-op");
    const std::vector<std::string> check{"check-missing", "--days", "3650"};
    timed("check-missing, first (full read, starts the events stream)", check);
    timed("check-missing, nobody touched anything", check);
    const std::string tasks = admin(c, "GET", "/_sandbox/asana/tasks");
    simdjson::dom::parser parser;
    simdjson::dom::array listed;
    if (parser.parse(tasks).get_array().get(listed)) {
        std::printf("the sandbox's task listing is not an array\n");
        return 1;
    }
    int edited = 0;
    for (simdjson::dom::element task : listed) {
        if (edited++ == 5) {
            break;
        }
        admin(c, "PUT", "/_sandbox/asana/tasks/" + std::string(task["gid"].get_string().value()),
              R"({"name":"Renamed by hand"})");
    }
    timed("check-missing, 5 tasks renamed by hand", check);
    return 0;
}
