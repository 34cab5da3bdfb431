// Asana as a target, end to end (issue 16): what the pair scenarios (pairs.hpp) do not show — a task completed by
// hand while its issue is open is reported by check-missing and repaired, with either identity (the notes marker
// of a personal access token, the external id of an OAuth token).

#include "pairs.hpp"

using namespace issuebridge::testing;

namespace {

const std::string k_repo = "acme/widgets";

void hand_completed(const Pair& pair) {
    Sandbox sandbox;
    pair.target.prepare(sandbox);
    pair.source.seed(sandbox, k_repo, 20, 4);
    PairSync setup(sandbox, pair, k_repo, pair.target.immediate());
    REQUIRE(setup.sync().exit_code == 0);
    PairItem completed;
    for (const auto& item : pair.target.items(sandbox)) {
        if (item.state == "open") {
            completed = item;
            break;
        }
    }
    REQUIRE_FALSE(completed.target_key.empty());
    sandbox.admin("PUT", "/_sandbox/asana/tasks/" + completed.target_key, R"({"completed":true})");

    sandbox.admin("POST", "/_sandbox/requests/reset");
    const auto report = setup.ib({"check-missing", "--days", "3650", "--report-only"});
    CHECK(report.exit_code == 1);
    CHECK(report.out.find("* " + completed.target_key) != std::string::npos);
    CHECK(report.out.find("  (state)\n") != std::string::npos);
    CHECK(report.out.find("1 differ") != std::string::npos);
    CHECK(pair.target.writes(sandbox) == 0);

    const auto repair = setup.ib({"check-missing", "--days", "3650"});
    CHECK(repair.exit_code == 0);
    CHECK(pair.target.state_changes(sandbox) == 1); // the one task, made open again
    CHECK(pair.target.creates(sandbox) == 0);
    check_converged(sandbox, pair, k_repo);
    sandbox.admin("POST", "/_sandbox/requests/reset");
    CHECK(setup.ib({"check-missing", "--days", "3650", "--report-only"}).exit_code == 0);
}

} // namespace

TEST_SUITE_BEGIN("e2e.asana");

TEST_CASE("asana: a task completed by hand while its issue is open is reported by check-missing and repaired") {
    SUBCASE("notes marker (personal access token)") { hand_completed(GitHubToAsana::pair()); }
    SUBCASE("external id (OAuth token)") { hand_completed(GitHubToAsanaOAuth::pair()); }
}

TEST_SUITE_END();
