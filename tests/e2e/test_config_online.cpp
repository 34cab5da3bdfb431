// issuebridge config check --online against the sandbox: it signs in and reads what the routes name, writes nothing.

#include "widgets.hpp"

using namespace issuebridge::testing;

TEST_SUITE_BEGIN("e2e.config-online");

TEST_CASE("config check --online signs in and reads each repository and project, writing nothing") {
    Sandbox sandbox;
    seed(sandbox, 3);
    SyncSetup setup(sandbox, k_repo);
    const auto r = setup.ib({"config", "check", "--online"});
    CHECK(r.exit_code == 0);
    CHECK(r.err == "");
    CHECK(r.out.find("  source 'gh' repository acme/widgets: ok, ") != std::string::npos);
    CHECK(r.out.find(", issues on\n") != std::string::npos);
    CHECK(r.out.find("  target 'jira': ok, signed in as ") != std::string::npos);
    CHECK(r.out.find("; project E2E (End to end), issue type Task\n") != std::string::npos);
    CHECK(sandbox.requests("github", "GET /repos/{owner}/{repo}") == 1);
    CHECK(sandbox.requests("jira", "GET /rest/api/3/myself") == 1);
    CHECK(sandbox.requests("jira", "GET /rest/api/3/project/{projectIdOrKey}") == 1);
    CHECK(sandbox.jira_writes() == 0);

    const auto json = setup.ib({"config", "check", "--online", "--json"});
    CHECK(json.exit_code == 0);
    CHECK(json.out.find(R"("online":[{"what":"source 'gh' repository acme/widgets","ok":true,"summary":")") !=
          std::string::npos);
    CHECK(json.out.find(R"({"what":"target 'jira'","ok":true,"summary":"signed in as )") != std::string::npos);
}

TEST_CASE("config check --online names each problem: an unknown repository, a wrong issue type (exit 2)") {
    Sandbox sandbox;
    seed(sandbox, 3);
    SyncSetup setup(sandbox, "acme/widget");
    setup.write_config("issue_type = \"Taks\"\n", "");
    const auto r = setup.ib({"config", "check", "--online"});
    CHECK(r.exit_code == 2);
    CHECK(r.err == "issuebridge: error: source 'gh' repository acme/widget: repository 'acme/widget' does not exist "
                   "or this token cannot see it\n"
                   "issuebridge: error: target 'jira': project 'E2E' has no issue type 'Taks' (it has Task, Bug); did "
                   "you mean 'Task'?\n");
    const auto json = setup.ib({"config", "check", "--online", "--json"});
    CHECK(json.exit_code == 2);
    CHECK(json.out.starts_with(R"({"json_version":1,"ok":false,)"));
}

TEST_CASE("config check --online exits 4 when a tracker refuses the credentials, and prints no secret") {
    Sandbox sandbox;
    seed(sandbox, 3);
    SyncSetup setup(sandbox, k_repo);
    const auto r = setup.ib({"config", "check", "--online"}, {{"IB_E2E_JIRA", "wrong-secret-value"}});
    CHECK(r.exit_code == 4);
    CHECK(r.err.starts_with("issuebridge: error: target 'jira': target 'jira' refused our credentials (check "
                            "IB_E2E_JIRA): "));
    CHECK(r.out.find("repository acme/widgets: ok") != std::string::npos);
    CHECK(r.out.find("wrong-secret-value") == std::string::npos);
    CHECK(r.err.find("wrong-secret-value") == std::string::npos);
}

TEST_CASE("config check --online lists what a pattern names") {
    Sandbox sandbox;
    seed(sandbox, 3);
    SyncSetup setup(sandbox, "acme/*");
    const auto r = setup.ib({"config", "check", "--online"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("  source 'gh' repositories acme/*: ok, 1 repository: acme/widgets\n") != std::string::npos);
    CHECK(r.out.find(": gh -> jira, 0 repositories and 1 pattern, kinds ") != std::string::npos);
    CHECK(sandbox.requests("github", "GET /orgs/{org}/repos") == 1);
}

TEST_SUITE_END();
