// Jira Data Center end to end, beyond the pair scenarios (which run GitHub -> Jira DC too): a project with more
// items than the instance's maxResults cap, rate limiting turned on, and a description with every markdown
// construct written as wiki markup that reads back unchanged.

#include "pairs.hpp"

#include <simdjson.h>

#include <filesystem>

using namespace issuebridge::testing;

namespace {

const std::string k_repo = "acme/widgets";

void lose_state(const PairSync& sync) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(sync.state_path() + suffix);
    }
}

int writes(Sandbox& sandbox, const TargetSide& t) {
    return t.creates(sandbox) + t.edits(sandbox) + t.state_changes(sandbox);
}

} // namespace

TEST_SUITE_BEGIN("e2e.jira-dc");

TEST_CASE("jira dc: a project with more items than the maxResults cap is found, adopted and checked page by page") {
    Sandbox sandbox({"--jira-dc-max-results", "10"});
    const Pair pair = GitHubToJiraDc::pair();
    pair.target.prepare(sandbox);
    pair.source.seed(sandbox, k_repo, 35, 7);
    PairSync sync(sandbox, pair, k_repo, pair.target.immediate() + pair.target.fast());
    const auto first = sync.sync();
    REQUIRE_MESSAGE(first.exit_code == 0, first.err);
    check_exactly_once(sandbox, pair, k_repo, 35);

    // A lost state: every item adopted through searches of at most 10 results each, none created again.
    lose_state(sync);
    sandbox.admin("POST", "/_sandbox/requests/reset");
    const auto adopt = sync.sync();
    REQUIRE_MESSAGE(adopt.exit_code == 0, adopt.err);
    CHECK(pair.target.creates(sandbox) == 0);
    CHECK(pair.target.marker_lookups(sandbox) >= 4); // 35 markers in pages of at most 10
    check_exactly_once(sandbox, pair, k_repo, 35);
    check_converged(sandbox, pair, k_repo);

    // check-missing reads every item back with key in (...) searches, paged under the cap: nothing to repair.
    sandbox.admin("POST", "/_sandbox/requests/reset");
    const auto check = sync.ib({"check-missing", "--days", "60"});
    CHECK_MESSAGE(check.exit_code == 0, check.out << check.err);
    CHECK(writes(sandbox, pair.target) == 0);
    CHECK(pair.target.marker_lookups(sandbox) >= 4);
}

TEST_CASE("jira dc: a project larger than the search platform's result window is adopted range by range") {
    // The window is 10,000 on a default instance, too many items for a test; an admin may set it lower, which is
    // the same limit the lookup meets sooner. Past it, some versions answer 400 and others an empty page.
    for (const std::string past : {"error", "empty"}) {
        CAPTURE(past);
        Sandbox sandbox;
        sandbox.admin("POST", "/_sandbox/jiradc/search",
                      R"({"max_results":10,"window":25,"past_window":")" + past + "\"}");
        const Pair pair = GitHubToJiraDc::pair();
        pair.target.prepare(sandbox);
        pair.source.seed(sandbox, k_repo, 60, 11);
        PairSync sync(sandbox, pair, k_repo, pair.target.immediate() + pair.target.fast());
        const auto first = sync.sync();
        REQUIRE_MESSAGE(first.exit_code == 0, first.err);
        check_exactly_once(sandbox, pair, k_repo, 60);

        // A lost state: all 60 are found past the window and adopted; none is created again.
        lose_state(sync);
        sandbox.admin("POST", "/_sandbox/requests/reset");
        const auto adopt = sync.sync();
        REQUIRE_MESSAGE(adopt.exit_code == 0, adopt.err);
        CHECK(pair.target.creates(sandbox) == 0);
        check_exactly_once(sandbox, pair, k_repo, 60);
        check_converged(sandbox, pair, k_repo);
    }
}

TEST_CASE("jira dc: with the admin's rate limiting on, a run honours its headers and converges without duplicates") {
    Sandbox sandbox({"--rate-limit", "jiradc=15/1"});
    const Pair pair = GitHubToJiraDc::pair();
    pair.target.prepare(sandbox);
    pair.source.seed(sandbox, k_repo, 30, 3);
    PairSync sync(sandbox, pair, k_repo, pair.target.immediate() + pair.target.fast());
    const auto r = sync.sync();
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    check_exactly_once(sandbox, pair, k_repo, 30);
    // More requests than one window's budget went through: the run waited for the bucket, it did not fail.
    CHECK(pair.target.requests(sandbox) > 15);
}

TEST_CASE("jira dc: a description with every markdown construct is written as wiki markup and reads back unchanged") {
    Sandbox sandbox;
    const Pair pair = GitHubToJiraDc::pair();
    pair.target.prepare(sandbox);
    const std::string body =
        "# Title\\n\\nSome **bold**, *em*, ~~gone~~ and `code {x}`; a [link](https://e.example/a)"
        " and <https://e.example/b>.\\n\\n> quoted\\n\\n- one\\n  1. nested\\n- [ ] todo\\n- [x] done"
        "\\n\\n```py\\nx = {1}\\n```\\n\\n```\\n{noformat}\\n```\\n\\n| a | b |\\n|---|---|\\n"
        "| x \\\\| y | z |\\n\\n---\\n\\n![shot](https://e.example/s.png) {html}<b>!x.png! [~user]";
    sandbox.admin("POST", "/_sandbox/github/repos/" + k_repo + "/issues",
                  R"({"title":"Every construct","body":")" + body + R"("})");
    PairSync sync(sandbox, pair, k_repo, pair.target.immediate() + pair.target.fast());
    const auto r = sync.sync();
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    auto issues = sandbox.jira_issues();
    REQUIRE(issues.size() == 1);
    std::string_view wiki;
    REQUIRE_FALSE(issues.at(0)["fields"]["description"].get_string().get(wiki));
    for (const char* part :
         {"h1. Title", "*bold*", "_em_", "-gone-", "{{code &#123;x&#125;}}", "[link|https://e.example/a]", "{quote}",
          "* one", "*# nested", "{code:python}", "||a||b||", "----", "[shot|https://e.example/s.png]"}) {
        CHECK_MESSAGE(wiki.find(part) != std::string_view::npos, part << " not in " << wiki);
    }
    CHECK(wiki.find("{html}") == std::string_view::npos); // escaped: no macro opens
    CHECK(wiki.find("|" + sandbox.url() + "/" + k_repo + "/issues/1]") != std::string_view::npos); // the link back

    // Read back with every field compared: the same text, so nothing to write, now or on a full run.
    sandbox.admin("POST", "/_sandbox/requests/reset");
    const auto check = sync.ib({"check-missing", "--days", "60"});
    CHECK_MESSAGE(check.exit_code == 0, check.out << check.err);
    const auto full = sync.sync({"--full"});
    CHECK_MESSAGE(full.exit_code == 0, full.err);
    CHECK(writes(sandbox, pair.target) == 0);
}

TEST_SUITE_END();
