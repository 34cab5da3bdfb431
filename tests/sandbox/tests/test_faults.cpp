#include "sandbox_process.hpp"

#include <doctest/doctest.h>

using namespace issuebridge::sandbox;
using namespace issuebridge::sandbox::test;

namespace {

// What a client sees: the status, or "error" when no whole response arrived (reset, stall,
// truncation; the socket error itself may differ from run to run).
std::string outcome(const httplib::Result& r) { return r ? std::to_string(r->status) : "error"; }

// A fixed mix of reads and writes against both APIs.
std::vector<std::string> run_sequence(const SandboxProcess& sb) {
    std::vector<std::string> out;
    for (int i = 0; i < 12; ++i) {
        out.push_back(
            outcome(sb.github("/repos/octo/hello/issues?page=" + std::to_string(i % 3 + 1))));
        out.push_back(outcome(sb.github("/repos/octo/hello/issues/1")));
        out.push_back(outcome(sb.jira(
            "POST", "/rest/api/3/issue",
            R"({"fields":{"project":{"key":"SUP"},"issuetype":{"name":"Task"},"summary":"s)" +
                std::to_string(i) + R"("}})")));
        out.push_back(outcome(sb.jira("GET", "/rest/api/3/issue/SUP-1")));
    }
    return out;
}

std::string faults_config(int seed) {
    return R"({"rate": 0.5, "seed": )" + std::to_string(seed) +
           R"(, "stall_ms": 20, "kinds": ["500", "502", "reset", "stall", "truncated"]})";
}

std::size_t jira_issue_count(const SandboxProcess& sb) {
    return body_json(sb.admin("GET", "/_sandbox/jira/issues")).as_array().size();
}

} // namespace

TEST_SUITE_BEGIN("sandbox.faults");

TEST_CASE("the same fault seed gives the same outcomes for the same request sequence - another "
          "seed differs") {
    std::vector<std::vector<std::string>> runs;
    std::vector<std::string> logs;
    for (const int seed : {7, 7, 8}) {
        SandboxProcess sb;
        sb.admin_ok("POST", "/_sandbox/github/repos/octo/hello/issues", R"({"title": "t"})");
        sb.admin_ok("POST", "/_sandbox/faults", faults_config(seed));
        runs.push_back(run_sequence(sb));
        Json log = at(sb.admin_ok("GET", "/_sandbox/faults"), "log");
        logs.push_back(log.dump());
    }
    CHECK(runs[0] == runs[1]);
    CHECK(logs[0] == logs[1]);
    CHECK(runs[0] != runs[2]);
    const auto faulted = std::count_if(runs[0].begin(), runs[0].end(), [](const std::string& o) {
        return o == "error" || o[0] == '5';
    });
    CHECK(faulted > 10);
    CHECK(faulted < 40);
}

TEST_CASE("faults from the command line apply from the first request, and are reproducible") {
    std::vector<std::vector<std::string>> runs;
    for (int i = 0; i < 2; ++i) {
        SandboxProcess sb({"--fault-rate", "0.3", "--fault-seed", "42", "--fault-stall-ms", "20"});
        runs.push_back(run_sequence(sb));
    }
    CHECK(runs[0] == runs[1]);
    CHECK(std::find(runs[0].begin(), runs[0].end(), "201") != runs[0].end());
}

TEST_CASE("500, 502 and reset strike before the change: nothing is created") {
    for (const char* kind : {"500", "502", "reset"}) {
        CAPTURE(kind);
        SandboxProcess sb;
        sb.admin_ok("POST", "/_sandbox/faults",
                    std::string(R"({"rate": 1, "kinds": [")") + kind + "\"]}");
        const auto r = sb.jira(
            "POST", "/rest/api/3/issue",
            R"({"fields":{"project":{"key":"SUP"},"issuetype":{"name":"Task"},"summary":"s"}})");
        if (std::string(kind) == "reset") {
            CHECK_FALSE(r);
        } else {
            REQUIRE(r);
            CHECK(r->status == std::stoi(kind));
        }
        CHECK(jira_issue_count(sb) == 0);
    }
}

TEST_CASE("truncated and stalled answers strike after the change: the issue exists though the "
          "client saw no answer") {
    for (const char* kind : {"truncated", "stall"}) {
        CAPTURE(kind);
        SandboxProcess sb;
        sb.admin_ok("POST", "/_sandbox/faults",
                    std::string(R"({"rate": 1, "stall_ms": 20, "kinds": [")") + kind + "\"]}");
        const auto r = sb.jira(
            "POST", "/rest/api/3/issue",
            R"({"fields":{"project":{"key":"SUP"},"issuetype":{"name":"Task"},"summary":"s"}})");
        CHECK_FALSE(r);
        CHECK(jira_issue_count(sb) == 1);
        const Json log = at(sb.admin_ok("GET", "/_sandbox/faults"), "log");
        CHECK(at(at(log, 0), "fault").as_string() == kind);
        CHECK(at(at(log, 0), "applied").as_string() == "after");
    }
}

TEST_CASE("a truncated GET sends fewer bytes than its Content-Length") {
    SandboxProcess sb;
    sb.admin_ok("POST", "/_sandbox/github/repos/octo/hello/issues", R"({"title": "t"})");
    sb.admin_ok("POST", "/_sandbox/faults", R"({"rate": 1, "kinds": ["truncated"]})");
    std::string received;
    std::string announced;
    auto c = sb.client();
    const auto r = c->Get(
        "/repos/octo/hello/issues", {{"Authorization", k_github_auth}},
        [&](const httplib::Response& response) {
            announced = response.get_header_value("Content-Length");
            return true;
        },
        [&](const char* data, std::size_t n) {
            received.append(data, n);
            return true;
        });
    CHECK_FALSE(r);
    REQUIRE(!announced.empty());
    CHECK(received.size() < std::stoul(announced));
    CHECK(!received.empty());
}

TEST_CASE("faults never touch the admin API, and a rate of 0 turns them off") {
    SandboxProcess sb;
    sb.admin_ok("POST", "/_sandbox/faults", R"({"rate": 1, "kinds": ["500"]})");
    for (int i = 0; i < 5; ++i) {
        sb.admin_ok("GET", "/_sandbox/requests");
    }
    CHECK(sb.github("/repos/octo/hello/issues")->status == 500);
    sb.admin_ok("POST", "/_sandbox/faults", R"({"rate": 0})");
    CHECK(sb.github("/repos/octo/hello/issues")->status == 200);
    const auto bad = sb.admin("POST", "/_sandbox/faults", R"({"rate": 2})");
    REQUIRE(bad);
    CHECK(bad->status == 400);
}

TEST_CASE("Jira over its budget answers 429 with Retry-After and X-RateLimit-Reset - bursts too") {
    SandboxProcess sb({"--rate-limit", "jira=2/30"});
    sb.admin_ok("POST", "/_sandbox/clock", R"({"freeze": true, "set": "2024-01-01T10:00:10Z"})");
    CHECK(sb.jira("GET", "/rest/api/3/issue/SUP-1")->status == 404);
    CHECK(sb.jira("GET", "/rest/api/3/issue/SUP-1")->status == 404);
    auto r = sb.jira("GET", "/rest/api/3/issue/SUP-1");
    REQUIRE(r);
    CHECK(r->status == 429);
    CHECK(r->get_header_value("Retry-After") == "30");
    CHECK(r->get_header_value("X-RateLimit-Reset") == "2024-01-01T10:01Z");
    CHECK(at(body_json(r), "errorMessages").is_array());
    sb.admin_ok("POST", "/_sandbox/clock", R"({"advance_s": 30})");
    CHECK(sb.jira("GET", "/rest/api/3/issue/SUP-1")->status == 404);

    sb.admin_ok("POST", "/_sandbox/rate-limit", R"({"api": "jira", "limit": 0})");
    sb.admin_ok("POST", "/_sandbox/burst", R"({"api": "jira", "count": 2})");
    for (int i = 0; i < 2; ++i) {
        r = sb.jira("GET", "/rest/api/3/issue/SUP-1");
        REQUIRE(r);
        CHECK(r->status == 429);
        CHECK(r->get_header_value("Retry-After") == "1");
        CHECK(r->get_header_value("RateLimit-Reason") == "jira-burst-based");
    }
    CHECK(sb.jira("GET", "/rest/api/3/issue/SUP-1")->status == 404);
}

TEST_SUITE_END();
