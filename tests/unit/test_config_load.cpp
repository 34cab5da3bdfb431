#include "issuebridge/config/config.hpp"
#include "issuebridge/util/error.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

using namespace issuebridge;

namespace {

const std::string k_valid = R"(
[sources.gh]
type = "github"
token_env = "GITHUB_TOKEN"

[targets.jira]
type = "jira"
base_url = "https://example.atlassian.net"
user = "me@example.com"
token_env = "JIRA_API_TOKEN"
project = "SUP"

[[routes]]
name = "metpy-bugs"
source = "gh"
repos = ["Unidata/MetPy"]
target = "jira"
)";

struct Failure {
    std::string message;
    std::string hint;
};

Failure error_of(const std::string& text) {
    try {
        config::parse(text, "c.toml");
    } catch (const util::ConfigError& e) {
        CHECK(e.exit_code() == util::ExitCode::usage);
        return {e.what(), e.hint()};
    }
    FAIL("no error for:\n" << text);
    return {};
}

// k_valid with `line` inserted after the first line that contains `after`.
std::string with(const std::string& after, const std::string& line) {
    std::string text = k_valid;
    const auto at = text.find('\n', text.find(after));
    return text.insert(at + 1, line + "\n");
}

std::string replaced(const std::string& from, const std::string& to) {
    std::string text = k_valid;
    return text.replace(text.find(from), from.size(), to);
}

} // namespace

TEST_SUITE_BEGIN("config.load");

TEST_CASE("a minimal config gets its defaults") {
    const auto c = config::parse(k_valid, "c.toml");
    REQUIRE(c.routes.size() == 1);
    const auto& r = c.routes[0];
    CHECK(r.kinds == std::vector<std::string>{"issue", "pull_request"});
    CHECK(r.concurrency == 4);
    CHECK(r.map.title.source() == "{title}");
    CHECK(c.sources.at("gh").base_url == "https://api.github.com");
    const auto& t = c.targets.at("jira");
    CHECK(t.api_version == 3);
    CHECK(t.issue_type == "Task");
    CHECK(t.close_transition == "Done");
    CHECK(t.reopen_transition == "To Do");
    CHECK(t.token.env == "JIRA_API_TOKEN");
    CHECK(t.token.where.str() == "c.toml:10:13");
}

TEST_CASE("every documented key is accepted") {
    const auto c = config::parse(R"(
[state]
path = "/var/lib/issuebridge/state.db"
[defaults]
kinds = ["issue"]
concurrency = 8
[sources.gl]
type = "gitlab"
base_url = "https://gitlab.example.com/api/v4/"
token_env = "GITLAB_TOKEN"
ca_file = "/etc/ssl/corp-ca.pem"
rate_limit = "100/10s"
[targets.board]
type = "trello"
key_env = "TRELLO_KEY"
token_env = "TRELLO_TOKEN"
board = "5f1c"
list = "5f1d"
done_list = "5f1e"
rate_limit = "10/s"
concurrency = 2
[targets.dc]
type = "jira"
base_url = "https://jira.example.com"
api_version = 2
user_env = "JIRA_USER"
token_env = "JIRA_TOKEN"
project = "OPS"
issue_type = "Bug"
close_transition = "Close"
reopen_transition = "Reopen"
[targets.tasks]
type = "asana"
token_env = "ASANA_TOKEN"
project = "1200"
workspace = "1234"
[[routes]]
name = "gl-trello"
source = "gl"
repos = ["group/sub/proj", "42"]
target = "board"
kinds = ["issue", "merge_request"]
[routes.filter]
labels_any = ["bug"]
labels_none = ["wontfix"]
states = ["open", "closed"]
authors_none = ["dependabot[bot]"]
[routes.map]
title = "[ ISSUE {number} ] {title}"
body = "{body}"
labels = { bug = "defect" }
assignees = { octocat = "5b10ac8d82e05b22cc7d4ef5" }
)",
                                 "c.toml");
    CHECK(c.state_path->string() == "/var/lib/issuebridge/state.db");
    CHECK(c.sources.at("gl").base_url == "https://gitlab.example.com/api/v4");
    CHECK(c.sources.at("gl").rate_limit->count == 100);
    const auto& r = c.routes[0];
    CHECK(r.concurrency == 2);
    CHECK(r.filter.authors_none == std::vector<std::string>{"dependabot[bot]"});
    CHECK(r.map.labels.at("bug") == "defect");
    CHECK(r.map.body->source() == "{body}");
    CHECK(c.targets.at("dc").api_version == 2);
    CHECK(c.targets.at("tasks").workspace == "1234");
}

TEST_CASE("a leading '~' in a path key is the home directory, as in a shell") {
    const char* saved = std::getenv("HOME");
    const std::string home = saved ? saved : "";
    ::setenv("HOME", "/home/dana", 1);
    const auto c = config::parse("[state]\npath = \"~/state/ib.db\"\n" +
                                     replaced("token_env = \"GITHUB_TOKEN\"",
                                              "token_env = \"GITHUB_TOKEN\"\nca_file = \"~\""),
                                 "c.toml");
    CHECK(c.state_path->string() == "/home/dana/state/ib.db");
    CHECK(c.sources.at("gh").ca_file == "/home/dana");
    // Only "~" alone or before '/': "~dana/x" is someone's home, which we do not look up.
    CHECK(config::parse(with("[targets.jira]", "ca_file = \"~dana/ca.pem\""), "c.toml").targets.at("jira").ca_file ==
          "~dana/ca.pem");
    ::unsetenv("HOME");
    const auto e = error_of("[state]\npath = \"~/state/ib.db\"\n" + k_valid);
    CHECK(e.message == "c.toml:2:8: 'path' in [state] starts with '~', but HOME is not set");
    if (saved) {
        ::setenv("HOME", home.c_str(), 1);
    }
}

TEST_CASE("default kinds follow the source") {
    auto gl = config::parse(replaced("type = \"github\"", "type = \"gitlab\""), "c.toml");
    CHECK(gl.routes[0].kinds == std::vector<std::string>{"issue", "merge_request"});
    auto cs = config::parse(replaced("type = \"github\"", "type = \"codescanning\""), "c.toml");
    CHECK(cs.routes[0].kinds == std::vector<std::string>{"alert"});
}

TEST_CASE("errors name file:line:column, the key and what was expected") {
    struct Case {
        std::string text, message, hint;
    };
    const Case cases[] = {
        {with("token_env = \"GITHUB", "tokn_env = \"X\""), "c.toml:5:1: unknown key 'tokn_env' in [sources.gh]",
         "did you mean 'token_env'?"},
        {with("[[routes]]", "surce = \"gh\""), "c.toml:14:1: unknown key 'surce' in [[routes]] #1",
         "did you mean 'source'?"},
        {"[sourcs.gh]\ntype = \"github\"\n", "c.toml:1:2: unknown key 'sourcs' in the config file",
         "did you mean 'sources'?"},
        {replaced("type = \"github\"", "type = \"githbu\""),
         "c.toml:3:8: unknown type 'githbu' in [sources.gh]; expected one of github, gitlab, lgtm, codescanning",
         "did you mean 'github'?"},
        {replaced("source = \"gh\"", "source = \"gitub\""), "c.toml:15:10: route 'metpy-bugs' names unknown source 'gitub'",
         ""},
        {replaced("source = \"gh\"", "source = \"hg\""), "c.toml:15:10: route 'metpy-bugs' names unknown source 'hg'",
         "did you mean 'gh'?"},
        {replaced("target = \"jira\"", "target = \"jria\""),
         "c.toml:17:10: route 'metpy-bugs' names unknown target 'jria'", "did you mean 'jira'?"},
        {replaced("Unidata/MetPy", "Unidata"),
         "c.toml:16:9: malformed repository 'Unidata' in [[routes]] 'metpy-bugs' for a 'github' source",
         "expected 'owner/name'"},
        {replaced("Unidata/MetPy", "a/b/c"),
         "c.toml:16:9: malformed repository 'a/b/c' in [[routes]] 'metpy-bugs' for a 'github' source",
         "expected 'owner/name'"},
        {replaced("project = \"SUP\"", ""), "c.toml:6:1: missing key 'project' in [targets.jira]", ""},
        {with("project", "board = \"x\""), "c.toml:12:9: key 'board' does not apply to a 'jira' target in [targets.jira]",
         ""},
        {with("project", "concurrency = \"4\""),
         "c.toml:12:15: 'concurrency' in [targets.jira] must be an integer from 1 to 64", ""},
        {with("project", "concurrency = 0"), "c.toml:12:15: 'concurrency' in [targets.jira] must be an integer from 1 to 64",
         ""},
        {with("project", "rate_limit = \"fast\""), "c.toml:12:14: 'rate_limit' in [targets.jira] is not a rate: 'fast'",
         "write requests per period, e.g. \"10/s\", \"100/10s\" or \"150/min\""},
        {with("target = \"jira\"", "[routes.map]\ntitle = \"{titel} (#{number})\""),
         "c.toml:19:10: unknown template field 'titel' in 'title' of [[routes]] 'metpy-bugs' map",
         "did you mean 'title'?"},
        {with("target = \"jira\"", "kinds = [\"merge_request\"]"),
         "c.toml:18:9: kind 'merge_request' does not apply to 'github' source 'gh' in [[routes]] 'metpy-bugs'",
         "expected one of issue, pull_request"},
        {with("target = \"jira\"", "[routes.filter]\nstates = [\"opne\"]"),
         "c.toml:19:10: unknown state 'opne' in [[routes]] 'metpy-bugs' filter; expected open or closed",
         "did you mean 'open'?"},
        {replaced("https://example.atlassian.net", "http://example.atlassian.net"),
         "c.toml:8:12: plain http is refused for 'example.atlassian.net' in [targets.jira]",
         "use https://; http:// is allowed only for loopback addresses such as the sandbox"},
        {replaced("token_env = \"GITHUB_TOKEN\"", "token_env = \"ghp_abc 123\""),
         "c.toml:4:13: 'token_env' in [sources.gh] must name an environment variable, not 'ghp_abc 123'",
         "secrets are read from the environment only, e.g. token_env = \"GITHUB_TOKEN\""},
        {with("target = \"jira\"", "[routes.map]\nlabels = { bug = \"a defect\" }"),
         "c.toml:19:10: jira label 'a defect' (mapped from 'bug') in [[routes]] 'metpy-bugs' map must be non-empty and "
         "contain no spaces",
         "Jira labels cannot contain spaces; use '-' or '_'"},
        {with("[[routes]]", "name = \"dup\""), "c.toml:15:8: ", ""},
        {"[sources.gh]\ntype = \"github\"\n", "c.toml: no routes are configured",
         "add a [[routes]] table; see 'man issuebridge.toml'"},
        {"a = [", "c.toml:1:6: ", ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        const auto e = error_of(c.text);
        if (c.message.ends_with(": ")) {
            CHECK(e.message.starts_with(c.message)); // toml++'s own wording after the location
        } else {
            CHECK(e.message == c.message);
            CHECK(e.hint == c.hint);
        }
    }
}

TEST_CASE("a secret written into the file is refused without being echoed") {
    const auto e = error_of(with("token_env = \"GITHUB", "token = \"ghp_SECRETSECRET\""));
    CHECK(e.message == "c.toml:5:1: secrets may not be written in the config file ('token' in [sources.gh])");
    CHECK(e.message.find("SECRETSECRET") == std::string::npos);
    CHECK(e.hint.find("SECRETSECRET") == std::string::npos);
}

TEST_CASE("a duplicate route name is refused") {
    std::string text = k_valid + "\n[[routes]]\nname = \"metpy-bugs\"\nsource = \"gh\"\nrepos = [\"a/b\"]\ntarget = \"jira\"\n";
    CHECK(error_of(text).message == "c.toml:20:8: duplicate route name 'metpy-bugs'");
}

TEST_CASE("secrets come from the environment, with a clear error when unset") {
    const auto c = config::parse(k_valid, "c.toml");
    const auto& ref = c.sources.at("gh").token;
    ::setenv("GITHUB_TOKEN", "ghp_test_value", 1);
    CHECK(config::read_secret(ref, "source 'gh'") == "ghp_test_value");
    ::unsetenv("GITHUB_TOKEN");
    try {
        (void)config::read_secret(ref, "source 'gh'");
        FAIL("no error");
    } catch (const util::ConfigError& e) {
        CHECK(std::string(e.what()) == "environment variable 'GITHUB_TOKEN' is not set (named by source 'gh' at c.toml:4:13)");
        CHECK(e.hint() == "export GITHUB_TOKEN=... in the environment that runs issuebridge");
    }
}

TEST_CASE("config show redacts secrets and shows whether they are set") {
    const auto c = config::parse(k_valid, "c.toml");
    ::setenv("GITHUB_TOKEN", "ghp_very_secret", 1);
    ::unsetenv("JIRA_API_TOKEN");
    const std::string shown = config::to_toml(c);
    CHECK(shown.find("ghp_very_secret") == std::string::npos);
    CHECK(shown.find("token_env = \"GITHUB_TOKEN\"\ntoken = \"********\"\n") != std::string::npos);
    CHECK(shown.find("# token: environment variable JIRA_API_TOKEN is not set") != std::string::npos);
    // What config show prints is itself a valid config with the same meaning.
    std::string reparsable = shown;
    for (const char* redacted : {"token = \"********\"\n"}) {
        for (auto at = reparsable.find(redacted); at != std::string::npos; at = reparsable.find(redacted)) {
            reparsable.erase(at, std::string(redacted).size());
        }
    }
    const std::string again = config::to_toml(config::parse(reparsable, "shown.toml"));
    CHECK(again.substr(again.find('\n')) == shown.substr(shown.find('\n')));
    ::unsetenv("GITHUB_TOKEN");
}

TEST_SUITE_END();
