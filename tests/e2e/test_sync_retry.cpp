// Items and settings that never succeed: an unreadable item is set aside and retried with backoff instead of
// pinning the cursor; a target that refuses every item, a repository that does not exist and a state path that
// cannot be made are settings to fix (exit 2), said once.

#include "widgets.hpp"

using namespace issuebridge::testing;

namespace {

int lines(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

// The value of the first `"key":"…"` in a JSON text, or "".
std::string json_string(const std::string& json, const std::string& key) {
    const std::string open = "\"" + key + "\":\"";
    const auto at = json.find(open);
    if (at == std::string::npos) {
        return "";
    }
    const auto start = at + open.size();
    return json.substr(start, json.find('"', start) - start);
}

} // namespace

TEST_SUITE_BEGIN("e2e.retry");

TEST_CASE("an unreadable item is set aside: the cursor passes it, status shows it, and it syncs once due") {
    Sandbox sandbox;
    seed(sandbox, 6);
    const std::string issues = std::string("/_sandbox/github/repos/") + k_repo + "/issues/";
    sandbox.admin("PATCH", issues + "3", R"({"break":"title"})"); // served with a number for a title
    sandbox.admin("PATCH", issues + "5", "{}");                   // the newest: #3 is not the last one listed
    SyncSetup setup(sandbox, k_repo);

    const auto first = setup.sync();
    CHECK(first.exit_code == 1);
    CHECK(lines(first.err) == 1);
    CHECK(first.err.starts_with("issuebridge: error: " + external_id(sandbox, 3) + ": github item "));
    CHECK(first.err.find(": field 'title' must be a string; tried again after ") != std::string::npos);
    CHECK(jira_items(sandbox).size() == 5);

    // The cursor went past it: the next runs list only what changed since, and leave #3 to its retry time.
    sandbox.admin("POST", "/_sandbox/requests/reset");
    const auto second = setup.sync();
    CHECK(second.exit_code == 0);
    CHECK(second.err == "");
    CHECK(setup.sync().exit_code == 0);
    CHECK(sandbox.requests("github", "GET /repos/{owner}/{repo}/issues", "304") == 1);
    CHECK(sandbox.requests("github", "GET /repos/{owner}/{repo}/issues/{issue_number}") == 0);

    const auto status = setup.ib({"status", "--json"});
    CHECK(status.exit_code == 0);
    CHECK(status.out.find(R"("linked":5,"pending":0,"failed":1)") != std::string::npos);
    CHECK(status.out.find(R"("external_id":")" + external_id(sandbox, 3) + R"(","status":"failed","attempts":1,)") !=
          std::string::npos);
    const std::string listed = status.out.substr(status.out.find(R"("items":)"));
    const std::string error = json_string(listed, "error");
    CHECK(error.ends_with(" of acme/widgets: field 'title' must be a string"));
    const std::string since = json_string(listed, "failing_since");
    REQUIRE(since.size() == 20);
    const std::string due = json_string(listed, "next_attempt_at");
    REQUIRE(due.size() == 20);
    const auto text = setup.ib({"status"});
    CHECK(text.out.find(external_id(sandbox, 3) + " (1 attempt, since " + since + "): " + error +
                        "; tried again after " + due) != std::string::npos);

    // Mended at the source without a change it would list: only the retry, once due, brings it over.
    sandbox.admin("PATCH", issues + "3", R"({"break":null})");
    CHECK(setup.sync().exit_code == 0);
    CHECK(sandbox.requests("github", "GET /repos/{owner}/{repo}/issues/{issue_number}") == 0);
    CHECK(jira_items(sandbox).size() == 5);
    const auto retried = setup.sync({}, {{"ISSUEBRIDGE_NOW", due}});
    CHECK(retried.exit_code == 0);
    CHECK(retried.err == "");
    CHECK(sandbox.requests("github", "GET /repos/{owner}/{repo}/issues/{issue_number}") == 1);
    const auto items = jira_items(sandbox);
    CHECK(items.size() == 6);
    CHECK(items.count(external_id(sandbox, 3)) == 1);
    CHECK(setup.ib({"status", "--json"}).out.find(R"("linked":6,"pending":0,"failed":0)") != std::string::npos);
}

TEST_CASE("items the target refuses are set aside too, and retried alone once due") {
    Sandbox sandbox;
    seed(sandbox, 30);
    SyncSetup setup(sandbox, k_repo);
    // Items assigned to octocat are refused (400): the map sends them to an account Jira does not know.
    setup.write_config("search_lag = 0\n", "[routes.map]\nassignees = { octocat = \"no-such-account\" }\n");
    const auto first = setup.sync();
    CHECK(first.exit_code == 1);
    const int refused = lines(first.err);
    REQUIRE(refused > 0);
    CHECK(static_cast<int>(jira_items(sandbox).size()) + refused == 30);

    sandbox.admin("POST", "/_sandbox/requests/reset");
    const auto second = setup.sync(); // the cursor passed them, and their retry is not due
    CHECK(second.exit_code == 0);
    CHECK(second.err == "");
    CHECK(sandbox.requests("jira", "POST /rest/api/3/issue") == 0);

    setup.write_config("search_lag = 0\n", "");
    const auto status = setup.ib({"status", "--json"});
    simdjson::dom::parser parser;
    std::string due;
    for (auto item : parser.parse(status.out)["items"].get_array()) {
        due = std::max(due, std::string(item["next_attempt_at"].get_string().value()));
    }
    REQUIRE(due.size() == 20);
    const auto retried = setup.sync({}, {{"ISSUEBRIDGE_NOW", due}});
    CHECK(retried.exit_code == 0);
    CHECK(retried.err == "");
    CHECK(sandbox.requests("github", "GET /repos/{owner}/{repo}/issues/{issue_number}") == refused);
    CHECK(jira_items(sandbox).size() == 30);
}

TEST_CASE("a retry that fails again backs off further") {
    Sandbox sandbox;
    seed(sandbox, 3);
    const std::string issues = std::string("/_sandbox/github/repos/") + k_repo + "/issues/";
    sandbox.admin("PATCH", issues + "2", R"({"break":"title"})");
    sandbox.admin("PATCH", issues + "3", "{}");
    SyncSetup setup(sandbox, k_repo);
    CHECK(setup.sync().exit_code == 1);
    const std::string due = json_string(setup.ib({"status", "--json"}).out, "next_attempt_at");
    REQUIRE(due.size() == 20);
    const auto again = setup.sync({}, {{"ISSUEBRIDGE_NOW", due}});
    CHECK(again.exit_code == 1);
    CHECK(lines(again.err) == 1);
    CHECK(sandbox.requests("github", "GET /repos/{owner}/{repo}/issues/{issue_number}") == 1);
    const auto status = setup.ib({"status", "--json"}).out;
    CHECK(status.find(R"("attempts":2,)") != std::string::npos);
    // 10 minutes after the second attempt, which ran at the first one's retry time.
    CHECK(json_string(status, "next_attempt_at") > due);
    CHECK(again.err.find("tried again after " + json_string(status, "next_attempt_at")) != std::string::npos);
}

TEST_CASE("an issue type the project lacks is said once, costs one create, and exits 2") {
    Sandbox sandbox;
    seed(sandbox, 30);
    SyncSetup setup(sandbox, k_repo, "search_lag = 0\nissue_type = \"Epic\"\n");
    const auto r = setup.sync();
    CHECK(r.exit_code == 2);
    CHECK(r.err == "issuebridge: error: target 'jira': create in project 'E2E': jira answered 400: issuetype: Specify "
                   "a valid issue type (check issue_type in target 'jira'); nothing more was sent to it this run\n");
    CHECK(sandbox.requests("jira", "POST /rest/api/3/issue") == 1);
    CHECK(sandbox.jira_issues().size() == 0);

    setup.write_config("search_lag = 0\n", ""); // fixed: every item once, none twice
    const auto fixed = setup.sync();
    CHECK(fixed.exit_code == 0);
    CHECK(fixed.err == "");
    CHECK(jira_items(sandbox).size() == 30);
}

TEST_CASE("a repository that does not exist is a setting to fix (exit 2), after the others synced") {
    Sandbox sandbox;
    seed(sandbox, 8);
    // Two repositories in the route: one the source does not know, then the usual one.
    SyncSetup setup(sandbox, std::string("acme/nothere\", \"") + k_repo);
    const auto r = setup.sync();
    CHECK(r.exit_code == 2);
    CHECK(r.err == "issuebridge: error: main acme/nothere: repository 'acme/nothere' not found on 127.0.0.1:" +
                       std::to_string(sandbox.port()) + " (check repos in route 'main' and the token's access)\n");
    CHECK(jira_items(sandbox).size() == 8);
}

TEST_CASE("a state path that cannot be made is a setting to fix (exit 2) that names the path") {
    Sandbox sandbox;
    seed(sandbox, 2);
    SyncSetup setup(sandbox, k_repo);
    setup.dir().write("afile", "a file where the state directory should be");
    const std::string dir = (setup.dir() / "afile").string();
    const auto r = run(
        {ISSUEBRIDGE_BINARY, "--config", (setup.dir() / "config.toml").string(), "--state", dir + "/state.db", "sync"},
        SyncSetup::environment());
    CHECK(r.exit_code == 2);
    CHECK(r.err.starts_with("issuebridge: error: cannot create the state directory '" + dir + "': "));
    CHECK(r.err.find("\nissuebridge: hint: make it writable, or point [state] path or --state at a file in a "
                     "writable directory\n") != std::string::npos);
    CHECK(sandbox.jira_requests() == 0);
}
