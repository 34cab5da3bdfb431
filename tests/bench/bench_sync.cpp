// issuebridge sync end to end against the sandbox (issue 6). Prints figures; asserts nothing.
//
//   bench_sync [--items 5000] [--latency-ms 50] [--concurrency 8]
//
// 1. initial import of N generated items (a quarter closed) at the given latency: wall time against the floor
//    (list pages × latency + target requests × latency / concurrency), and requests by kind;
// 2. a no-op run (after one run that settles the ETag): requests by kind;
// 3. an incremental run after 50 items changed: requests by kind.

#include "support/process.hpp"
#include "support/tempdir.hpp"

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>

namespace {

using namespace issuebridge::testing;
using Clock = std::chrono::steady_clock;

struct Args {
    int items = 5000;
    int latency_ms = 50;
    int concurrency = 8;
};

Args parse(int argc, char** argv) {
    Args a;
    for (int i = 1; i + 1 < argc; i += 2) {
        const int v = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--items")) {
            a.items = v;
        } else if (!std::strcmp(argv[i], "--latency-ms")) {
            a.latency_ms = v;
        } else if (!std::strcmp(argv[i], "--concurrency")) {
            a.concurrency = v;
        }
    }
    return a;
}

std::string admin(httplib::Client& c, const char* method, const std::string& path, const std::string& body = "{}") {
    auto r = std::string(method) == "GET" ? c.Get(path) : std::string(method) == "PATCH" ? c.Patch(path, body, "application/json")
                                                                                          : c.Post(path, body, "application/json");
    if (!r || r->status / 100 != 2) {
        std::fprintf(stderr, "bench_sync: %s %s failed\n", method, path.c_str());
        std::exit(1);
    }
    return r->body;
}

// "route": count pairs from the sandbox's request log, crudely but sufficiently parsed.
std::map<std::string, long> counts(httplib::Client& c) {
    const std::string json = admin(c, "GET", "/_sandbox/requests");
    std::map<std::string, long> out;
    for (std::size_t at = json.find("\"count\":"); at != std::string::npos; at = json.find("\"count\":", at + 1)) {
        const std::size_t name_end = json.rfind("\":{", at);
        const std::size_t name_start = json.rfind('"', name_end - 1) + 1;
        out[json.substr(name_start, name_end - name_start)] = std::atol(json.c_str() + at + 8);
    }
    return out;
}

long total(const std::map<std::string, long>& c, const std::string& prefix = "") {
    long n = 0;
    for (const auto& [route, count] : c) {
        if (route.find("/rest/api/") != std::string::npos && route.starts_with(prefix)) {
            n += count;
        }
    }
    return n;
}

long listing(const std::map<std::string, long>& c) {
    long n = 0;
    for (const auto& [route, count] : c) {
        n += route.find("}/issues") != std::string::npos && route.starts_with("GET /repo") ? count : 0;
    }
    return n;
}

void print_counts(const char* what, const std::map<std::string, long>& c) {
    std::printf("%s requests:\n", what);
    for (const auto& [route, count] : c) {
        std::printf("  %6ld  %s\n", count, route.c_str());
    }
}

} // namespace

int main(int argc, char** argv) {
    const Args args = parse(argc, argv);
    Child sandbox({ISSUEBRIDGE_SANDBOX, "--port", "0", "--latency-ms", std::to_string(args.latency_ms)});
    const int port = std::stoi(sandbox.read_line());
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(600);
    admin(c, "POST", "/_sandbox/jira/projects", R"({"key":"BENCH","name":"Bench","issue_types":["Task"]})");
    admin(c, "POST", "/_sandbox/github/repos/bench/big/generate",
          R"({"count":)" + std::to_string(args.items) + R"(,"closed_fraction":0.25,"pr_fraction":0.2,"seed":3})");
    TempDir dir;
    const std::string url = "http://127.0.0.1:" + std::to_string(port);
    dir.write("config.toml", "[defaults]\nconcurrency = " + std::to_string(args.concurrency) +
                                 "\n[sources.gh]\ntype = \"github\"\nbase_url = \"" + url +
                                 "\"\ntoken_env = \"B_GH\"\n[targets.jira]\ntype = \"jira\"\nbase_url = \"" + url +
                                 "\"\nuser = \"sandbox@example.com\"\ntoken_env = \"B_JIRA\"\nproject = \"BENCH\"\n"
                                 "rate_limit = \"100000/s\"\n[[routes]]\nname = \"bench\"\nsource = \"gh\"\n"
                                 "target = \"jira\"\nrepos = [\"bench/big\"]\n");
    RunOptions env;
    env.env = {{"B_GH", "sandbox-github-token"}, {"B_JIRA", "sandbox-jira-token"}};
    env.timeout = std::chrono::hours(2);
    const std::vector<std::string> sync{ISSUEBRIDGE_BINARY, "--config", (dir / "config.toml").string(), "--state",
                                        (dir / "state.db").string(), "sync"};

    const auto start = Clock::now();
    const auto first = run(sync, env);
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    const auto imported = counts(c);
    const long pages = listing(imported);
    const long target = total(imported);
    const double floor = (static_cast<double>(pages) * args.latency_ms +
                          static_cast<double>(target) * args.latency_ms / args.concurrency) / 1000.0;
    std::printf("initial import of %d items at %d ms latency, concurrency %d: exit %d\n", args.items, args.latency_ms,
                args.concurrency, first.exit_code);
    print_counts("import", imported);
    std::printf("  target requests per item: %.3f\n", static_cast<double>(target) / args.items);
    std::printf("  wall %.2f s, floor %.2f s (%ld list pages, %ld target requests), ratio %.3f\n", wall, floor, pages,
                target, wall / floor);

    run(sync, env); // settles the ETag for the URL of the new cursor
    admin(c, "POST", "/_sandbox/requests/reset");
    const auto noop_start = Clock::now();
    const auto noop = run(sync, env);
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
    const auto inc = run(sync, env);
    const double inc_wall = std::chrono::duration<double>(Clock::now() - inc_start).count();
    const auto changed = counts(c);
    std::printf("incremental run, 50 of %d changed: exit %d, %.3f s, %ld list pages, %ld target writes\n", args.items,
                inc.exit_code, inc_wall, listing(changed), total(changed, "P"));
    print_counts("incremental", changed);
    return 0;
}
