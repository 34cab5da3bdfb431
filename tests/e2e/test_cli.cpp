// The command line as a user meets it: exit codes, messages, --help, config check and show.

#include "support/process.hpp"
#include "support/tempdir.hpp"

#include <doctest/doctest.h>

using namespace issuebridge::testing;

namespace {

const std::string k_config = R"([sources.gh]
type = "github"
token_env = "IB_TEST_GITHUB_TOKEN"

[targets.jira]
type = "jira"
base_url = "https://example.atlassian.net"
user = "me@example.com"
token_env = "IB_TEST_JIRA_TOKEN"
project = "SUP"

[[routes]]
name = "bugs"
source = "gh"
repos = ["Unidata/MetPy"]
target = "jira"
)";

// Runs issuebridge with a clean environment of its own: no inherited config, state or secrets.
RunResult ib(const std::vector<std::string>& args, const TempDir& home,
             std::map<std::string, std::optional<std::string>> env = {}) {
    std::vector<std::string> argv{ISSUEBRIDGE_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    RunOptions options;
    options.env = {{"HOME", home.path().string()},         {"XDG_CONFIG_HOME", std::nullopt},
                   {"XDG_STATE_HOME", std::nullopt},       {"ISSUEBRIDGE_CONFIG", std::nullopt},
                   {"IB_TEST_GITHUB_TOKEN", std::nullopt}, {"IB_TEST_JIRA_TOKEN", std::nullopt}};
    for (auto& [k, v] : env) {
        options.env[k] = v;
    }
    return run(argv, options);
}

} // namespace

TEST_SUITE_BEGIN("e2e.cli");

TEST_CASE("usage errors exit 2 with a suggestion on stderr and nothing on stdout") {
    TempDir home;
    struct Case {
        std::vector<std::string> args;
        std::string err;
    };
    const Case cases[] = {
        {{"synk"},
         "issuebridge: error: unknown command 'synk' for 'issuebridge'\nissuebridge: hint: did you mean 'sync'?\n"},
        {{"sync", "--dryrun"},
         "issuebridge: error: unknown flag '--dryrun' for 'issuebridge sync'\nissuebridge: hint: did you mean "
         "'--dry-run'?\n"},
        {{"sync", "--max-writes=10", "--repot", "a/b"},
         "issuebridge: error: unknown flag '--repot' for 'issuebridge sync'\nissuebridge: hint: did you mean "
         "'--repo'?\n"},
        {{"check-missing", "--day=3"},
         "issuebridge: error: unknown flag '--day' for 'issuebridge check-missing'\nissuebridge: hint: did you mean "
         "'--days'?\n"},
        {{"check-missing"},
         "issuebridge: error: --days is required\nissuebridge: hint: run 'issuebridge check-missing --help'\n"},
        {{"config", "chek"},
         "issuebridge: error: unknown command 'chek' for 'issuebridge config'\nissuebridge: hint: did you mean "
         "'check'?\n"},
        {{"config"},
         "issuebridge: error: 'issuebridge config' needs a command: check, show\nissuebridge: hint: run "
         "'issuebridge config --help'\n"},
        {{"state", "adopt", "extra"},
         "issuebridge: error: unexpected argument 'extra' for 'issuebridge state adopt'\nissuebridge: hint: run "
         "'issuebridge state adopt --help'\n"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.args.front());
        const auto r = ib(c.args, home);
        CHECK(r.exit_code == 2);
        CHECK(r.err == c.err);
        CHECK(r.out.empty());
    }
    const auto none = ib({}, home);
    CHECK(none.exit_code == 2);
    CHECK(none.err.find("issuebridge: error: no command given") != std::string::npos);
}

TEST_CASE("--help and --version exit 0 on stdout, for every command") {
    TempDir home;
    for (const auto& args : std::vector<std::vector<std::string>>{{"--help"},
                                                                  {"sync", "--help"},
                                                                  {"check-missing", "--help"},
                                                                  {"status", "--help"},
                                                                  {"config", "check", "--help"},
                                                                  {"config", "show", "--help"},
                                                                  {"state", "adopt", "--help"},
                                                                  {"version", "--help"}}) {
        CAPTURE(args.front());
        const auto r = ib(args, home);
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("Usage: ") != std::string::npos);
        CHECK(r.err.empty());
    }
    const auto v = ib({"--version"}, home);
    CHECK(v.exit_code == 0);
    CHECK(v.out.starts_with("issuebridge "));
    const auto j = ib({"version", "--json"}, home);
    CHECK(j.out.starts_with("{\"json_version\":1,\"version\":\""));
    // The adapters of this build, from their registry rows.
    CHECK(
        j.out.find(
            R"(,"sources":["github","codescanning","gitlab","lgtm"],"targets":["jira","trello","asana","github"]})") !=
        std::string::npos);
}

TEST_CASE("config is found through --config, ISSUEBRIDGE_CONFIG and XDG_CONFIG_HOME") {
    TempDir home;
    const auto file = home.write("elsewhere.toml", k_config);
    const std::map<std::string, std::optional<std::string>> secrets = {{"IB_TEST_GITHUB_TOKEN", "ghp_x"},
                                                                       {"IB_TEST_JIRA_TOKEN", "jira_x"}};
    CHECK(ib({"config", "check", "--config", file.string()}, home, secrets).exit_code == 0);
    auto env = secrets;
    env["ISSUEBRIDGE_CONFIG"] = file.string();
    CHECK(ib({"config", "check"}, home, env).exit_code == 0);
    home.write("xdg/issuebridge/config.toml", k_config);
    env = secrets;
    env["XDG_CONFIG_HOME"] = (home / "xdg").string();
    const auto r = ib({"config", "check"}, home, env);
    CHECK(r.exit_code == 0);
    CHECK(r.out.starts_with((home / "xdg/issuebridge/config.toml").string() + ": ok (1 source, 1 target, 1 route)"));
    const auto missing = ib({"config", "check"}, home, secrets);
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.starts_with("issuebridge: error: cannot read config file '" +
                                  (home / ".config/issuebridge/config.toml").string() + "'\n"));
}

TEST_CASE("config check names every unset secret variable; exit 2") {
    TempDir home;
    const auto file = home.write("c.toml", k_config);
    const auto r = ib({"--config", file.string(), "config", "check"}, home, {{"IB_TEST_JIRA_TOKEN", "set"}});
    CHECK(r.exit_code == 2);
    CHECK(r.err == "issuebridge: error: environment variable not set: IB_TEST_GITHUB_TOKEN (source 'gh')\n"
                   "issuebridge: hint: export it in the environment that runs issuebridge; secrets are never read "
                   "from the config file\n");
}

TEST_CASE("a config typo is reported with file:line:column and a suggestion; exit 2") {
    TempDir home;
    std::string text = k_config;
    text.replace(text.find("token_env = \"IB_TEST_JIRA"), 9, "tokenenv");
    const auto file = home.write("c.toml", text);
    const auto r = ib({"config", "check", "--config", file.string()}, home);
    CHECK(r.exit_code == 2);
    CHECK(r.err ==
          "issuebridge: error: " + file.string() +
              ":9:1: unknown key 'tokenenv' in [targets.jira]\nissuebridge: hint: did you mean 'token_env'?\n");
}

TEST_CASE("config show never prints a secret, in text or JSON") {
    TempDir home;
    const auto file = home.write("c.toml", k_config);
    const std::map<std::string, std::optional<std::string>> secrets = {{"IB_TEST_GITHUB_TOKEN", "ghp_TOPSECRET1"},
                                                                       {"IB_TEST_JIRA_TOKEN", "jira_TOPSECRET2"}};
    for (const bool json : {false, true}) {
        std::vector<std::string> args{"--config", file.string(), "config", "show"};
        if (json) {
            args.push_back("--json");
        }
        const auto r = ib(args, home, secrets);
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("TOPSECRET") == std::string::npos);
        CHECK(r.err.find("TOPSECRET") == std::string::npos);
        CHECK(r.out.find(json ? R"("token":{"env":"IB_TEST_GITHUB_TOKEN","set":true})"
                              : "token_env = \"IB_TEST_GITHUB_TOKEN\"\n# token: set, from environment variable "
                                "IB_TEST_GITHUB_TOKEN\n") != std::string::npos);
    }
}

TEST_SUITE_END();
