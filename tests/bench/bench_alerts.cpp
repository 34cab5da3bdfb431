// Alerts into Jira end to end against the sandbox (issue 17), from code scanning or LGTM. Prints figures; asserts
// nothing.
//
//   bench_alerts [--source codescanning|lgtm] [--items 5000] [--latency-ms 50] [--concurrency 8]
//
// 1. first import of N generated alerts at the given latency: wall time and requests (code scanning: 15% fixed, 10%
//    dismissed; LGTM: one analysis, 10% suppressed);
// 2. a no-op run: requests (code scanning: one 304 per repository; LGTM: the latest analysis, unchanged);
// 3. a run after 50 alerts changed (code scanning: fixed, dismissed, reopened or re-described; LGTM: fixed,
//    suppressed, unsuppressed or re-described, each a new analysis): wall time and requests.

#include "bench_sandbox.hpp"

#include <simdjson.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

using namespace issuebridge::testing;
using Clock = std::chrono::steady_clock;

// Requests to the alert source's API.
long source_requests(const std::map<std::string, long>& c, bool lgtm) {
    long n = 0;
    for (const auto& [route, count] : c) {
        n += route.find(lgtm ? "/api/v1.0/" : "/code-scanning/alerts") != std::string::npos ? count : 0;
    }
    return n;
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

} // namespace

int main(int argc, char** argv) {
    const BenchArgs args = parse_bench_args(argc, argv);
    bool lgtm = false;
    for (int i = 1; i + 1 < argc; ++i) {
        lgtm = lgtm || (!std::strcmp(argv[i], "--source") && !std::strcmp(argv[i + 1], "lgtm"));
    }
    Child sandbox({ISSUEBRIDGE_SANDBOX, "--port", "0", "--latency-ms", std::to_string(args.latency_ms)});
    const int port = std::stoi(sandbox.read_line());
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(600);
    admin(c, "POST", "/_sandbox/jira/projects", R"({"key":"BENCH","name":"Bench","issue_types":["Task"]})");
    const std::string url = "http://127.0.0.1:" + std::to_string(port);
    std::string source;
    std::vector<std::string> keys; // LGTM's alert keys, in the analysis' order
    if (lgtm) {
        admin(c, "POST", "/_sandbox/lgtm/projects", R"({"url_identifier":"g/bench/big","id":1000001})");
        admin(c, "POST", "/_sandbox/lgtm/projects/1000001/analyses",
              R"({"generate":{"count":)" + std::to_string(args.items) + R"(,"suppressed_fraction":0.1,"seed":3}})");
        simdjson::dom::parser parser;
        const std::string alerts = admin(c, "GET", "/_sandbox/lgtm/projects/1000001/alerts");
        const simdjson::dom::array listed = parser.parse(alerts).get_array().value();
        for (auto a : listed) {
            keys.emplace_back(a["key"].get_string().value());
        }
        source = "[sources.src]\ntype = \"lgtm\"\nbase_url = \"" + url + "/api/v1.0\"\ntoken_env = \"B_SRC\"\n";
    } else {
        admin(c, "POST", "/_sandbox/codescanning/repos/bench/big/generate",
              R"({"count":)" + std::to_string(args.items) +
                  R"(,"fixed_fraction":0.15,"dismissed_fraction":0.1,"seed":3})");
        source = "[sources.src]\ntype = \"codescanning\"\nbase_url = \"" + url + "\"\ntoken_env = \"B_SRC\"\n";
    }
    TempDir dir;
    dir.write("config.toml", "[defaults]\nconcurrency = " + std::to_string(args.concurrency) + "\n" + source +
                                 "[targets.jira]\ntype = \"jira\"\nbase_url = \"" + url +
                                 "\"\nuser = \"sandbox@example.com\"\ntoken_env = \"B_JIRA\"\n"
                                 "project = \"BENCH\"\nrate_limit = \"100000/s\"\n[[routes]]\nname = \"bench\"\n"
                                 "source = \"src\"\ntarget = \"jira\"\nrepos = [\"" +
                                 std::string(lgtm ? "g/bench/big" : "bench/big") + "\"]\n");
    RunOptions env;
    env.env = {{"B_SRC", lgtm ? "sandbox-lgtm-token" : "sandbox-codescanning-token"}, {"B_JIRA", "sandbox-jira-token"}};
    env.timeout = std::chrono::hours(2);
    const auto ib = [&] {
        return run({ISSUEBRIDGE_BINARY, "--config", (dir / "config.toml").string(), "--state",
                    (dir / "state.db").string(), "sync"},
                   env);
    };
    const char* const what = lgtm ? "LGTM" : "code scanning";

    auto start = Clock::now();
    const auto first = ib();
    const double wall = seconds_since(start);
    const auto imported = counts(c);
    std::printf("first import of %d %s alerts at %d ms latency, concurrency %d: exit %d, %.2f s, %ld source "
                "requests, %ld Jira requests (%.3f per alert)\n",
                args.items, what, args.latency_ms, args.concurrency, first.exit_code, wall,
                source_requests(imported, lgtm), total(imported), static_cast<double>(total(imported)) / args.items);
    print_counts("import", imported);

    admin(c, "POST", "/_sandbox/requests/reset");
    start = Clock::now();
    const auto noop = ib();
    const double noop_wall = seconds_since(start);
    const auto idle = counts(c);
    std::printf("no-op run: exit %d, %.3f s, %ld source requests, %ld Jira requests\n", noop.exit_code, noop_wall,
                source_requests(idle, lgtm), total(idle));
    print_counts("no-op", idle);

    if (lgtm) {
        const char* const changes[] = {R"({"state":"fixed"})", R"({"state":"suppressed"})", R"({"state":"open"})",
                                       R"({"message":"Changed message"})"};
        for (int i = 1; i <= 50; ++i) {
            admin(c, "PATCH",
                  "/_sandbox/lgtm/projects/1000001/alerts/" + keys.at(static_cast<std::size_t>(i) * (keys.size() / 51)),
                  changes[i % 4]);
        }
    } else {
        const char* const changes[] = {R"({"state":"fixed"})", R"({"state":"dismissed"})", R"({"state":"open"})",
                                       R"({"rule_description":"Changed rule description"})"};
        for (int i = 1; i <= 50; ++i) {
            admin(c, "PATCH", "/_sandbox/codescanning/repos/bench/big/alerts/" + std::to_string(i * (args.items / 50)),
                  changes[i % 4]);
        }
    }
    admin(c, "POST", "/_sandbox/requests/reset");
    start = Clock::now();
    const auto inc = ib();
    const double inc_wall = seconds_since(start);
    const auto changed = counts(c);
    std::printf("run after 50 of %d alerts changed: exit %d, %.3f s, %ld source requests, %ld Jira writes, %ld Jira "
                "requests\n",
                args.items, inc.exit_code, inc_wall, source_requests(changed, lgtm), total(changed, "P"),
                total(changed));
    print_counts("changed", changed);
    return 0;
}
