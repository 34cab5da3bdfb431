// Exactly once under fire, for every (source, target) pair in AllPairs (pairs.hpp): runs killed at random
// instants, injected faults, 429 bursts, a lagging search index.

#include "pairs.hpp"

#include <simdjson.h>

#include <csignal>
#include <random>
#include <thread>

using namespace issuebridge::testing;

namespace {

const std::string k_container = "acme/gadgets";
constexpr int k_items = 40;

void seed(Sandbox& sandbox, const Pair& pair) {
    sandbox.admin("POST", "/_sandbox/reset");
    pair.target.prepare(sandbox);
    pair.source.seed(sandbox, k_container, k_items, 11);
}

// Runs sync until it exits 0; returns the exit codes seen.
std::vector<int> run_to_completion(PairSync& setup, int max_runs, std::chrono::milliseconds pause) {
    std::vector<int> codes;
    for (int i = 0; i < max_runs; ++i) {
        const auto r = setup.sync();
        codes.push_back(r.exit_code);
        if (r.exit_code == 0) {
            break;
        }
        REQUIRE_MESSAGE(r.exit_code == 1, "exit " << r.exit_code << ": " << r.err);
        // Pending creates wait for the configured search lag: a real-time policy, so real time must pass.
        std::this_thread::sleep_for(pause);
    }
    return codes;
}

void kill_at_random_points(const Pair& pair, const std::vector<std::string>& sandbox_args,
                           const std::string& target_extra, std::chrono::milliseconds pause) {
    Sandbox sandbox(sandbox_args);
    // Calibrate: how long an undisturbed import takes here.
    seed(sandbox, pair);
    auto start = std::chrono::steady_clock::now();
    {
        PairSync setup(sandbox, pair, k_container, target_extra);
        REQUIRE(setup.sync().exit_code == 0);
    }
    const auto full = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    std::mt19937 rng(20261125);
    std::uniform_int_distribution<long> when(0, full.count());
    for (int point = 0; point < 20; ++point) {
        seed(sandbox, pair);
        PairSync setup(sandbox, pair, k_container, target_extra);
        const auto delay = std::chrono::milliseconds(when(rng));
        CAPTURE(point);
        CAPTURE(delay.count());
        {
            Child victim(setup.command(), setup.environment());
            std::this_thread::sleep_for(delay); // the kill point itself, not a synchronisation
            victim.kill(SIGKILL);
            victim.wait();
        }
        const auto codes = run_to_completion(setup, 12, pause);
        REQUIRE(codes.back() == 0);
        check_exactly_once(sandbox, pair, k_container, k_items);
    }
}

} // namespace

TEST_SUITE_BEGIN("e2e.exactly_once");

TEST_CASE_TEMPLATE_DEFINE("SIGKILL at 20 random instants, then rerun: no duplicate, nothing missing", P, kill_random) {
    const Pair pair = P::pair();
    kill_at_random_points(pair, {"--latency-ms", "5"}, pair.target.fast() + pair.target.immediate(),
                          std::chrono::milliseconds(0));
}
TEST_CASE_TEMPLATE_APPLY(kill_random, AllPairs);

TEST_CASE_TEMPLATE_DEFINE("SIGKILL at 20 random instants with the target's search lagging behind writes" *
                              doctest::test_suite("slow"),
                          P, kill_random_lagging) {
    const Pair pair = P::pair();
    const auto lag = pair.target.lagging_search();
    if (!lag) {
        MESSAGE("the target's search never lags: nothing to test");
        return;
    }
    std::vector<std::string> args{"--latency-ms", "5"};
    args.insert(args.end(), lag->sandbox_args.begin(), lag->sandbox_args.end());
    kill_at_random_points(pair, args, pair.target.fast() + lag->config, lag->pause);
}
TEST_CASE_TEMPLATE_APPLY(kill_random_lagging, AllPairs);

TEST_CASE_TEMPLATE_DEFINE("10% injected faults and a 429 burst: repeated runs converge, exit 1 until they do", P,
                          faults_and_burst) {
    const Pair pair = P::pair();
    // Which requests a fault hits depends on their URLs and bodies, which hold the sandbox's port: a pair that makes
    // few requests (40 creates) misses every fault about once in a hundred ports. The scenario is what is tested, so
    // a run that met no fault is run again under another seed.
    for (int fault_seed = 5; fault_seed < 8; ++fault_seed) {
        CAPTURE(fault_seed);
        Sandbox sandbox(
            {"--fault-rate", "0.1", "--fault-seed", std::to_string(fault_seed), "--fault-stall-ms", "1500"});
        seed(sandbox, pair);
        sandbox.admin("POST", "/_sandbox/burst", R"({"api":")" + pair.target.api() + R"(","count":5})");
        PairSync setup(sandbox, pair, k_container, pair.target.fast() + pair.target.immediate());
        const auto codes = run_to_completion(setup, 15, std::chrono::milliseconds(0));
        CAPTURE(codes.size());
        REQUIRE(codes.back() == 0);
        // Whether the first run exits 1 depends on which requests the faults hit (the order of concurrent requests
        // varies): a run that retried every one within its budget rightly exits 0.
        simdjson::dom::parser parser;
        const std::string faults = sandbox.admin("GET", "/_sandbox/faults");
        const simdjson::dom::element answer = parser.parse(faults).value();
        const bool met = answer["log"].get_array().value().size() > 0;
        if (!met && fault_seed < 7) {
            continue;
        }
        CHECK_MESSAGE(met, "three seeds, and no run met a fault");
        // Faults off: one more run must find nothing to do.
        sandbox.admin("POST", "/_sandbox/faults", R"({"rate":0,"seed":0})");
        sandbox.admin("POST", "/_sandbox/requests/reset");
        CHECK(setup.sync().exit_code == 0);
        CHECK(pair.target.writes(sandbox) == 0);
        check_exactly_once(sandbox, pair, k_container, k_items);
        break;
    }
}
TEST_CASE_TEMPLATE_APPLY(faults_and_burst, AllPairs);

TEST_CASE_TEMPLATE_DEFINE("SIGTERM mid-run: in-flight writes finish and are journaled, exit 130, the next run "
                          "completes",
                          P, sigterm) {
    const Pair pair = P::pair();
    Sandbox sandbox({"--latency-ms", "30"});
    seed(sandbox, pair);
    PairSync setup(sandbox, pair, k_container, pair.target.fast() + pair.target.immediate());
    Child run(setup.command(), setup.environment());
    // Interrupt once some creates have gone out.
    for (int i = 0; i < 500 && pair.target.creates(sandbox) < 5; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    run.kill(SIGTERM);
    CHECK(run.wait() == 130);
    const int created = pair.target.creates(sandbox);
    CHECK(created < k_items);
    // Every create that went out was answered and journaled: the next run creates only the rest.
    sandbox.admin("POST", "/_sandbox/requests/reset");
    CHECK(setup.sync().exit_code == 0);
    CHECK(pair.target.creates(sandbox) == k_items - created);
    // A first import stopped halfway has no cursor yet: the rest may be on the target already (a lost state looks
    // the same), so their markers are looked up first, in one search a page (or by external id).
    CHECK(pair.target.marker_lookups(sandbox) ==
          pair.target.resume_lookups(k_items - created, pair.source.pages(k_items)));
    check_exactly_once(sandbox, pair, k_container, k_items);
}
TEST_CASE_TEMPLATE_APPLY(sigterm, AllPairs);

TEST_SUITE_END();
