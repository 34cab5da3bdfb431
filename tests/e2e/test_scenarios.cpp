// issuebridge sync end to end, for every (source, target) pair in AllPairs (pairs.hpp): a first import, an
// incremental run, a run with nothing to do, a dry run, --max-writes, two routes, --full, a refused token, and a
// lost state adopted by the markers. Tests of one tracker's particulars stay in test_sync.cpp and
// test_lost_state.cpp.

#include "pairs.hpp"

#include <filesystem>
#include <string>

using namespace issuebridge::testing;

namespace {

const std::string k_container = "acme/widgets";

// A sandbox with the target ready and `count` generated items at the source.
void seed(Sandbox& sandbox, const Pair& pair, int count) {
    pair.target.prepare(sandbox);
    pair.source.seed(sandbox, k_container, count, 7);
}

} // namespace

TEST_SUITE_BEGIN("e2e.sync");

TEST_CASE_TEMPLATE_DEFINE("initial import: every item exactly once, fields and states right" *
                              doctest::test_suite("slow"),
                          P, initial_import) {
    const Pair pair = P::pair();
    Sandbox sandbox;
    seed(sandbox, pair, 150);
    PairSync setup(sandbox, pair, k_container, pair.target.immediate());
    const auto r = setup.sync();
    CHECK(r.exit_code == 0);
    CHECK(r.err == "");
    CHECK(pair.target.creates(sandbox) == 150);
    pair.source.check_import_listing(sandbox, 150);
    check_converged(sandbox, pair, k_container);
}
TEST_CASE_TEMPLATE_APPLY(initial_import, AllPairs);

TEST_CASE_TEMPLATE_DEFINE("incremental: K changes make K writes and nothing else", P, incremental) {
    const Pair pair = P::pair();
    Sandbox sandbox;
    seed(sandbox, pair, 40);
    PairSync setup(sandbox, pair, k_container, pair.target.immediate());
    REQUIRE(setup.sync().exit_code == 0);
    REQUIRE(setup.sync().exit_code == 0); // settles the source's cursor (GitHub: the ETag)
    const auto before = pair.source.items(sandbox, k_container);
    const auto is_open = [](const PairItem& s) { return s.state == "open"; };
    const auto open = std::find_if(before.begin(), before.end(), is_open);
    REQUIRE(open != before.end());
    const auto other = std::find_if(before.rbegin(), before.rend(),
                                    [&](const PairItem& s) { return is_open(s) && s.local_id != open->local_id; });
    REQUIRE(other != before.rend());
    const auto closed =
        std::find_if(before.begin(), before.end(), [](const PairItem& s) { return s.state == "closed"; });
    REQUIRE(closed != before.end());
    pair.source.change(sandbox, k_container, *open, SourceChange::retitle("A new title"));
    pair.source.change(sandbox, k_container, *other, SourceChange::relabel({"bug", "regression"}));
    pair.source.change(sandbox, k_container, *closed, SourceChange::restate("open"));
    // A reopening that also changes the item's labels (LGTM: an unsuppressed alert loses 'suppressed') is an
    // update that moves the state.
    const auto after = pair.source.items(sandbox, k_container);
    const auto reopened =
        std::find_if(after.begin(), after.end(), [&](const PairItem& s) { return s.local_id == closed->local_id; });
    REQUIRE(reopened != after.end());
    const int relabelled = reopened->labels != closed->labels ? 1 : 0;
    sandbox.admin("POST", "/_sandbox/requests/reset");
    const auto r = setup.sync({"--json"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find(R"("created":0,"updated":)" + std::to_string(2 + relabelled) + R"(,"closed":0,"reopened":)" +
                     std::to_string(1 - relabelled)) != std::string::npos);
    CHECK(pair.target.edits(sandbox) == 2 + relabelled);
    CHECK(pair.target.state_changes(sandbox) == 1);
    CHECK(pair.target.creates(sandbox) == 0);
    check_converged(sandbox, pair, k_container);
}
TEST_CASE_TEMPLATE_APPLY(incremental, AllPairs);

TEST_CASE_TEMPLATE_DEFINE("no-op: only the source's idle listing (GitHub: one request per repository, answered "
                          "304), and no target request",
                          P, no_op) {
    const Pair pair = P::pair();
    Sandbox sandbox;
    seed(sandbox, pair, 30);
    PairSync setup(sandbox, pair, k_container, pair.target.immediate());
    REQUIRE(setup.sync().exit_code == 0);
    REQUIRE(setup.sync().exit_code == 0);
    sandbox.admin("POST", "/_sandbox/requests/reset");
    const auto r = setup.sync();
    CHECK(r.exit_code == 0);
    CHECK(r.out == ""); // quiet when stdout is not a terminal
    pair.source.check_idle(sandbox);
    CHECK(pair.target.requests(sandbox) == 0);
}
TEST_CASE_TEMPLATE_APPLY(no_op, AllPairs);

TEST_CASE_TEMPLATE_DEFINE("dry run prints the plan and writes nothing, to the target or the state", P, dry_run) {
    const Pair pair = P::pair();
    Sandbox sandbox;
    seed(sandbox, pair, 12);
    PairSync setup(sandbox, pair, k_container, pair.target.immediate());
    const auto r = setup.sync({"--dry-run"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("would create ") != std::string::npos);
    CHECK(r.out.find("dry run: main " + pair.source.repo(k_container) + ": 12 created") != std::string::npos);
    CHECK(pair.target.requests(sandbox) == 0);
    CHECK_FALSE(std::filesystem::exists(setup.state_path()));
    REQUIRE(setup.sync().exit_code == 0);
    const auto items = pair.source.items(sandbox, k_container);
    REQUIRE_FALSE(items.empty());
    pair.source.change(sandbox, k_container, items.back(), SourceChange::retitle("Changed")); // any one item
    const std::string state_before = read_file(setup.state_path());
    sandbox.admin("POST", "/_sandbox/requests/reset");
    const auto again = setup.sync({"--dry-run", "--json"});
    CHECK(again.exit_code == 0);
    CHECK(again.out.find(R"("dry_run":true)") != std::string::npos);
    CHECK(again.out.find(R"("updated":1)") != std::string::npos);
    CHECK(pair.target.writes(sandbox) == 0);
    CHECK(read_file(setup.state_path()) == state_before);
}
TEST_CASE_TEMPLATE_APPLY(dry_run, AllPairs);

TEST_CASE_TEMPLATE_DEFINE("config check --online signs in to both sides, reads what the route names, writes nothing", P,
                          online) {
    const Pair pair = P::pair();
    Sandbox sandbox;
    seed(sandbox, pair, 3);
    PairSync setup(sandbox, pair, k_container, pair.target.immediate());
    const auto r = setup.ib({"config", "check", "--online"});
    CHECK(r.exit_code == 0);
    CHECK(r.err == "");
    CAPTURE(r.out);
    CHECK(r.out.find("  source '" + pair.source.name() + "' repository " + pair.source.repo(k_container) + ": ok, ") !=
          std::string::npos);
    CHECK(r.out.find("  target '" + pair.target.name() + "': ok, ") != std::string::npos);
    CHECK(pair.target.writes(sandbox) == 0);
    CHECK(pair.target.creates(sandbox) == 0);
}
TEST_CASE_TEMPLATE_APPLY(online, AllPairs);

TEST_CASE_TEMPLATE_DEFINE("--max-writes stops after N writes, says so, and the next run goes on", P, max_writes) {
    const Pair pair = P::pair();
    Sandbox sandbox;
    seed(sandbox, pair, 20);
    PairSync setup(sandbox, pair, k_container, pair.target.immediate());
    const auto r = setup.sync({"--max-writes", "5"});
    CHECK(r.exit_code == 1);
    // The held items are left for the next run, as pending, without a line each.
    CHECK(r.err == "issuebridge: warning: --max-writes reached after 5 writes; the rest is left for the next run\n");
    CHECK(pair.target.creates(sandbox) == 5);
    const auto json = setup.sync({"--max-writes", "0", "--json"});
    CHECK(json.out.find(R"("failed":0,"pending":15)") != std::string::npos);
    CHECK(json.out.find(R"("action":"create","target_key":"","outcome":"held","error":"--max-writes reached")") !=
          std::string::npos);
    CHECK(setup.sync().exit_code == 0);
    check_converged(sandbox, pair, k_container);
}
TEST_CASE_TEMPLATE_APPLY(max_writes, AllPairs);

TEST_CASE_TEMPLATE_DEFINE("two routes over one repository and target write each item once", P, two_routes) {
    const Pair pair = P::pair();
    Sandbox sandbox;
    seed(sandbox, pair, 10);
    PairSync setup(sandbox, pair, k_container, pair.target.immediate());
    setup.write_config(pair.target.immediate(),
                       setup.another_route("again", "[routes.map]\ntitle = \"other {title}\"\n"));
    const auto r = setup.sync({"--json"});
    CHECK(r.exit_code == 0);
    CHECK(pair.target.creates(sandbox) == 10);
    CHECK(r.out.find(R"("route":"again","repo":")" + pair.source.repo(k_container) + R"(","created":0,"updated":0)") !=
          std::string::npos);
    // The second route does not fight the first on later runs either.
    sandbox.admin("POST", "/_sandbox/requests/reset");
    CHECK(setup.sync().exit_code == 0);
    CHECK(pair.target.writes(sandbox) == 0);
    check_converged(sandbox, pair, k_container);
}
TEST_CASE_TEMPLATE_APPLY(two_routes, AllPairs);

TEST_CASE_TEMPLATE_DEFINE("--full lists everything again and writes nothing that is in sync" *
                              doctest::test_suite("slow"),
                          P, full) {
    const Pair pair = P::pair();
    Sandbox sandbox;
    seed(sandbox, pair, 120);
    PairSync setup(sandbox, pair, k_container, pair.target.immediate());
    REQUIRE(setup.sync().exit_code == 0);
    REQUIRE(setup.sync().exit_code == 0);
    sandbox.admin("POST", "/_sandbox/requests/reset");
    CHECK(setup.sync({"--full"}).exit_code == 0);
    pair.source.check_full_listing(sandbox, 120);
    CHECK(pair.target.writes(sandbox) == 0);
}
TEST_CASE_TEMPLATE_APPLY(full, AllPairs);

TEST_CASE_TEMPLATE_DEFINE("a refused token exits 4, names the variable and prints no secret", P, refused_token) {
    const Pair pair = P::pair();
    Sandbox sandbox;
    seed(sandbox, pair, 3);
    PairSync setup(sandbox, pair, k_container, pair.target.immediate());
    const auto [source_variable, source_secret] = pair.source.wrong_secret();
    const auto r = setup.sync({}, {{source_variable, source_secret}});
    CHECK(r.exit_code == 4);
    CHECK(r.err.find("source '" + pair.source.name() + "' refused our credentials (check " + source_variable + ")") !=
          std::string::npos);
    CHECK(r.err.find("WRONGSECRET") == std::string::npos);
    CHECK(r.out.find("WRONGSECRET") == std::string::npos);
    const auto [target_variable, target_secret] = pair.target.wrong_secret();
    const auto target = setup.sync({}, {{target_variable, target_secret}});
    CHECK(target.exit_code == 4);
    // The message names every variable of the target's secrets (Trello: key and token), the refused one among them.
    CHECK(target.err.find("target '" + pair.target.name() + "' refused our credentials (check ") != std::string::npos);
    CHECK(target.err.find(target_variable) != std::string::npos);
    CHECK(target.err.find("WRONGSECRET") == std::string::npos);
    CHECK(read_file(setup.state_path()).find("WRONGSECRET") == std::string::npos);
}
TEST_CASE_TEMPLATE_APPLY(refused_token, AllPairs);

TEST_SUITE_END();

TEST_SUITE_BEGIN("e2e.lost_state");

namespace {

// A first sync of 20 items, then the request counts cleared.
void first_sync(Sandbox& sandbox, const Pair& pair, PairSync& setup) {
    seed(sandbox, pair, 20);
    REQUIRE(setup.sync().exit_code == 0);
    REQUIRE(pair.target.items(sandbox).size() == 20);
    sandbox.admin("POST", "/_sandbox/requests/reset");
}

// The next sync finds every item by its marker: it creates none, links all again, says so, and the sync after
// it has nothing left to write.
void check_adopted(Sandbox& sandbox, const Pair& pair, PairSync& setup) {
    const auto r = setup.sync();
    CHECK(r.exit_code == 0);
    CHECK(r.err == "issuebridge: notice: main " + pair.source.repo(k_container) +
                       ": 20 items found on the target by their markers and adopted, not created again\n");
    CHECK(pair.target.creates(sandbox) == 0);
    CHECK(pair.target.marker_lookups(sandbox) == pair.target.adopt_lookups(pair.source.pages(20)));
    check_converged(sandbox, pair, k_container); // and fails on a duplicate
    CHECK(setup.ib({"status", "--json"}).out.find(R"("linked":20)") != std::string::npos);
    sandbox.admin("POST", "/_sandbox/requests/reset");
    const auto again = setup.sync({"--full"});
    CHECK(again.exit_code == 0);
    CHECK(again.err == "");
    CHECK(pair.target.writes(sandbox) == 0);
}

} // namespace

TEST_CASE_TEMPLATE_DEFINE("a deleted state database: the next sync adopts every item by its marker and creates none", P,
                          deleted_state) {
    const Pair pair = P::pair();
    Sandbox sandbox;
    PairSync setup(sandbox, pair, k_container, pair.target.immediate());
    first_sync(sandbox, pair, setup);
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(setup.state_path() + suffix);
    }
    check_adopted(sandbox, pair, setup);
}
TEST_CASE_TEMPLATE_APPLY(deleted_state, AllPairs);

TEST_CASE_TEMPLATE_DEFINE("a state database truncated to 0 bytes: adopted, not re-created", P, truncated_state) {
    const Pair pair = P::pair();
    Sandbox sandbox;
    PairSync setup(sandbox, pair, k_container, pair.target.immediate());
    first_sync(sandbox, pair, setup);
    REQUIRE_FALSE(std::filesystem::exists(setup.state_path() + "-wal")); // a clean exit checkpoints it
    std::filesystem::resize_file(setup.state_path(), 0);
    check_adopted(sandbox, pair, setup);
}
TEST_CASE_TEMPLATE_APPLY(truncated_state, AllPairs);

TEST_SUITE_END();
