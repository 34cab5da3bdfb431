#include "sandbox_process.hpp"

#include <doctest/doctest.h>

#include <csignal>

using issuebridge::testing::Child;
using issuebridge::testing::run;
using namespace issuebridge::sandbox;
using namespace issuebridge::sandbox::test;

TEST_SUITE_BEGIN("sandbox.cli");

TEST_CASE("--port 0 prints the bound port alone on the first line and serves until SIGTERM, then "
          "exits 0") {
    Child child({ISSUEBRIDGE_SANDBOX_BINARY, "--port", "0"});
    const std::string line = child.read_line();
    REQUIRE(!line.empty());
    CHECK(line.find_first_not_of("0123456789") == std::string::npos);
    httplib::Client client("127.0.0.1", std::stoi(line));
    const auto r = client.Get("/_sandbox/health");
    REQUIRE(r);
    CHECK(r->status == 200);
    child.kill(SIGTERM);
    CHECK(child.wait() == 0);
}

TEST_CASE("SIGINT also ends the sandbox cleanly") {
    Child child({ISSUEBRIDGE_SANDBOX_BINARY, "--port", "0"});
    REQUIRE(!child.read_line().empty());
    child.kill(SIGINT);
    CHECK(child.wait() == 0);
}

TEST_CASE("a non-loopback --host is refused") {
    for (const char* host : {"0.0.0.0", "192.168.1.10", "::", "example.com"}) {
        CAPTURE(host);
        const auto r = run({ISSUEBRIDGE_SANDBOX_BINARY, "--host", host, "--port", "0"});
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(r.err.find("refusing to listen on '" + std::string(host) + "'") != std::string::npos);
    }
}

TEST_CASE("loopback hosts are accepted") {
    Child child({ISSUEBRIDGE_SANDBOX_BINARY, "--host", "127.0.0.2", "--port", "0"});
    CHECK(!child.read_line().empty());
}

TEST_CASE("--help describes every option") {
    const auto r = run({ISSUEBRIDGE_SANDBOX_BINARY, "--help"});
    CHECK(r.exit_code == 0);
    for (const char* option :
         {"--host", "--port", "--seed", "--latency-ms", "--fault-rate", "--fault-seed",
          "--fault-stall-ms", "--rate-limit", "--search-lag-ms", "/_sandbox/", "/api/v3"}) {
        CAPTURE(option);
        CHECK(r.out.find(option) != std::string::npos);
    }
}

TEST_CASE("bad option values are usage errors") {
    for (const std::vector<std::string>& args : {std::vector<std::string>{"--fault-rate", "1.5"},
                                                 {"--rate-limit", "bitbucket=1/1"},
                                                 {"--rate-limit", "github=0/60"},
                                                 {"--rate-limit", "github"},
                                                 {"--latency-ms", "-1"}}) {
        std::vector<std::string> argv{ISSUEBRIDGE_SANDBOX_BINARY, "--port", "0"};
        argv.insert(argv.end(), args.begin(), args.end());
        CAPTURE(args.back());
        const auto r = run(argv);
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("issuebridge-sandbox: error:") != std::string::npos);
    }
}

TEST_CASE("an invalid seed file stops the sandbox with a message naming the problem") {
    issuebridge::testing::TempDir dir;
    const auto bad_json = dir.write("bad.json", "{");
    auto r = run({ISSUEBRIDGE_SANDBOX_BINARY, "--port", "0", "--seed", bad_json.string()});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("is not valid JSON") != std::string::npos);

    const auto typo = dir.write("typo.json", R"({"github": {"repo": {}}})");
    r = run({ISSUEBRIDGE_SANDBOX_BINARY, "--port", "0", "--seed", typo.string()});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("github: unknown key 'repo'") != std::string::npos);
}

TEST_CASE("the demo seed loads") {
    Child child({ISSUEBRIDGE_SANDBOX_BINARY, "--port", "0", "--seed",
                 ISSUEBRIDGE_SANDBOX_DIR "/demo-seed.json"});
    const std::string line = child.read_line();
    REQUIRE(!line.empty());
    httplib::Client client("127.0.0.1", std::stoi(line));
    const auto r = client.Get("/repos/octo-org/demo/issues?state=all&per_page=100",
                              {{"Authorization", k_github_auth}});
    REQUIRE(r);
    CHECK(r->status == 200);
    const Json items = body_json(r);
    CHECK(items.as_array().size() >= 10);
}

TEST_SUITE_END();
