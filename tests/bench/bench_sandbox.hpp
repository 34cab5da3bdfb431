#pragma once
// What the benchmarks that drive the real binary against the sandbox share: admin calls and the request log.

#include "support/process.hpp"
#include "support/tempdir.hpp"

#include <httplib.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace issuebridge::testing {

// --items N --latency-ms N --concurrency N
struct BenchArgs {
    int items = 5000;
    int latency_ms = 50;
    int concurrency = 8;
};

inline BenchArgs parse_bench_args(int argc, char** argv) {
    BenchArgs a;
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

// An admin call to the sandbox; exits the benchmark unless it answers 2xx. Returns the body.
inline std::string admin(httplib::Client& c, const char* method, const std::string& path,
                         const std::string& body = "{}") {
    const std::string m = method;
    auto r = m == "GET"      ? c.Get(path)
             : m == "PATCH"  ? c.Patch(path, body, "application/json")
             : m == "PUT"    ? c.Put(path, body, "application/json")
             : m == "DELETE" ? c.Delete(path)
                             : c.Post(path, body, "application/json");
    if (!r || r->status / 100 != 2) {
        std::fprintf(stderr, "bench: %s %s failed\n", method, path.c_str());
        std::exit(1);
    }
    return r->body;
}

// "route": count pairs from the sandbox's request log, crudely but sufficiently parsed.
inline std::map<std::string, long> counts(httplib::Client& c) {
    const std::string json = admin(c, "GET", "/_sandbox/requests");
    std::map<std::string, long> out;
    for (std::size_t at = json.find("\"count\":"); at != std::string::npos; at = json.find("\"count\":", at + 1)) {
        const std::size_t name_end = json.rfind("\":{", at);
        const std::size_t name_start = json.rfind('"', name_end - 1) + 1;
        out[json.substr(name_start, name_end - name_start)] = std::atol(json.c_str() + at + 8);
    }
    return out;
}

inline long total(const std::map<std::string, long>& c, const std::string& prefix = "") {
    long n = 0;
    for (const auto& [route, count] : c) {
        if (route.find("/rest/api/") != std::string::npos && route.starts_with(prefix)) {
            n += count;
        }
    }
    return n;
}

inline long listing(const std::map<std::string, long>& c) {
    long n = 0;
    for (const auto& [route, count] : c) {
        n += route.find("}/issues") != std::string::npos && route.starts_with("GET /repo") ? count : 0;
    }
    return n;
}

// Requests to one API of the sandbox (e.g. "trello"), and of them those answered 429, from its request log.
struct ApiCounts {
    long requests = 0;
    long limited = 0;
};

inline ApiCounts api_counts(httplib::Client& c, const std::string& api) {
    const std::string json = admin(c, "GET", "/_sandbox/requests");
    ApiCounts out;
    const std::size_t start = json.find("\"" + api + "\":{");
    if (start == std::string::npos) {
        return out;
    }
    // The API's object ends where its braces balance.
    int depth = 0;
    std::size_t end = start + api.size() + 3;
    for (; end < json.size(); ++end) {
        depth += json[end] == '{' ? 1 : json[end] == '}' ? -1 : 0;
        if (depth == 0) {
            break;
        }
    }
    const std::string section = json.substr(start, end - start);
    for (std::size_t at = section.find("\"count\":"); at != std::string::npos;
         at = section.find("\"count\":", at + 1)) {
        out.requests += std::atol(section.c_str() + at + 8);
    }
    for (std::size_t at = section.find("\"429\":"); at != std::string::npos; at = section.find("\"429\":", at + 1)) {
        out.limited += std::atol(section.c_str() + at + 6);
    }
    return out;
}

inline void print_counts(const char* what, const std::map<std::string, long>& c) {
    std::printf("%s requests:\n", what);
    for (const auto& [route, count] : c) {
        std::printf("  %6ld  %s\n", count, route.c_str());
    }
}

// A sandbox at `latency_ms` with `items` generated in bench/big (a quarter closed) and the Jira project BENCH, and
// a config that syncs one into the other at `concurrency`.
class BenchWorld {
public:
    BenchWorld(int items, int latency_ms, int concurrency)
        : m_sandbox({ISSUEBRIDGE_SANDBOX, "--port", "0", "--latency-ms", std::to_string(latency_ms)}),
          m_port(std::stoi(m_sandbox.read_line())), m_client("127.0.0.1", m_port) {
        m_client.set_read_timeout(600);
        admin(m_client, "POST", "/_sandbox/jira/projects", R"({"key":"BENCH","name":"Bench","issue_types":["Task"]})");
        admin(m_client, "POST", "/_sandbox/github/repos/bench/big/generate",
              R"({"count":)" + std::to_string(items) + R"(,"closed_fraction":0.25,"pr_fraction":0.2,"seed":3})");
        const std::string url = "http://127.0.0.1:" + std::to_string(m_port);
        m_dir.write("config.toml", "[defaults]\nconcurrency = " + std::to_string(concurrency) +
                                       "\n[sources.gh]\ntype = \"github\"\nbase_url = \"" + url +
                                       "\"\ntoken_env = \"B_GH\"\n[targets.jira]\ntype = \"jira\"\nbase_url = \"" +
                                       url +
                                       "\"\nuser = \"sandbox@example.com\"\ntoken_env = \"B_JIRA\"\n"
                                       "project = \"BENCH\"\nrate_limit = \"100000/s\"\n[[routes]]\nname = \"bench\"\n"
                                       "source = \"gh\"\ntarget = \"jira\"\nrepos = [\"bench/big\"]\n");
        m_env.env = {{"B_GH", "sandbox-github-token"}, {"B_JIRA", "sandbox-jira-token"}};
        m_env.timeout = std::chrono::hours(2);
    }

    httplib::Client& client() { return m_client; }
    const TempDir& dir() const { return m_dir; }

    // Runs issuebridge on this config and state with `args`.
    RunResult ib(std::vector<std::string> args) {
        std::vector<std::string> argv{ISSUEBRIDGE_BINARY, "--config", (m_dir / "config.toml").string(), "--state",
                                      (m_dir / "state.db").string()};
        argv.insert(argv.end(), args.begin(), args.end());
        return run(argv, m_env);
    }

private:
    Child m_sandbox;
    int m_port;
    httplib::Client m_client;
    TempDir m_dir;
    RunOptions m_env;
};

} // namespace issuebridge::testing
