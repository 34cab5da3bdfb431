#include "cli/schemas.hpp"
#include "issuebridge/config/config.hpp"
#include "issuebridge/util/error.hpp"
#include "issuebridge/util/json_writer.hpp"
#include "support/tempdir.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

using namespace issuebridge;
using issuebridge::testing::TempDir;

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

// Parsed against this build's rows.
config::Config parse(const std::string& text, const std::string& file = "c.toml") {
    return config::parse(text, file, cli::schemas());
}

Failure error_of(const std::string& text, const config::Schemas& schemas = cli::schemas()) {
    try {
        config::parse(text, "c.toml", schemas);
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
    const auto c = parse(k_valid, "c.toml");
    REQUIRE(c.routes.size() == 1);
    const auto& r = c.routes[0];
    CHECK(r.kinds == std::vector<std::string>{"issue", "pull_request"});
    CHECK(r.concurrency == 4);
    CHECK(r.map.title.source() == "{title}");
    CHECK(c.sources.at("gh").base_url == "https://api.github.com");
    const auto& t = c.targets.at("jira");
    CHECK(t.setting("api_version") == "3");
    CHECK(t.setting("issue_type") == "Task");
    CHECK(t.setting("close_transition") == "Done");
    CHECK(t.setting("reopen_transition") == "To Do");
    CHECK(t.setting("board").empty());
    CHECK(t.secrets.at("token_env").env == "JIRA_API_TOKEN");
    CHECK(t.secrets.at("token_env").where.str() == "c.toml:10:13");
    CHECK(t.search_lag == 120);
    CHECK(r.states == std::map<std::string, model::ItemState>{{"closed", model::ItemState::closed},
                                                              {"merged", model::ItemState::closed},
                                                              {"open", model::ItemState::open}});
    CHECK(r.link_label == "View on GitHub");
}

TEST_CASE("every documented key is accepted") {
    const auto c = parse(R"(
[state]
path = "/var/lib/issuebridge/state.db"
[defaults]
kinds = ["issue", "merge_request"]
concurrency = 8
[sources.ghe]
type = "github"
base_url = "https://ghe.example.com/api/v3/"
token_env = "GHE_TOKEN"
ca_file = "/etc/ssl/corp-ca.pem"
rate_limit = "100/10s"
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
rate_limit = "10/s"
concurrency = 2
search_lag = 30
[[routes]]
name = "ghe-jira"
source = "ghe"
repos = ["group/proj", "a.b/c-d_e"]
target = "dc"
[routes.filter]
labels_any = ["bug"]
labels_none = ["wontfix"]
states = ["open", "closed", "merged"]
authors_none = ["dependabot[bot]"]
[routes.map]
title = "[ ISSUE {number} ] {title}"
body = "{body}"
labels = { bug = "defect" }
assignees = { octocat = "5b10ac8d82e05b22cc7d4ef5" }
states = { merged = "open" }
)");
    CHECK(c.state_path->string() == "/var/lib/issuebridge/state.db");
    CHECK(c.sources.at("ghe").base_url == "https://ghe.example.com/api/v3");
    CHECK(c.sources.at("ghe").rate_limit->count == 100);
    const auto& r = c.routes[0];
    CHECK(r.kinds == std::vector<std::string>{"issue", "pull_request"}); // merge_request stands for pull_request
    CHECK(r.concurrency == 2);
    CHECK(r.filter.authors_none == std::vector<std::string>{"dependabot[bot]"});
    CHECK(r.filter.states == std::vector<std::string>{"open", "closed", "merged"});
    CHECK(r.map.labels.at("bug") == "defect");
    CHECK(r.map.body->source() == "{body}");
    CHECK(r.states.at("merged") == model::ItemState::open);
    CHECK(r.states.at("closed") == model::ItemState::closed);
    const auto& t = c.targets.at("dc");
    CHECK(t.setting("api_version") == "2");
    CHECK(t.setting("user").empty());
    CHECK(t.secrets.at("user_env").env == "JIRA_USER");
    CHECK(t.search_lag == 30);
}

TEST_CASE("a leading '~' in a path key is the home directory, as in a shell") {
    const char* saved = std::getenv("HOME");
    const std::string home = saved ? saved : "";
    ::setenv("HOME", "/home/dana", 1);
    const auto c = parse("[state]\npath = \"~/state/ib.db\"\n" +
                             replaced("token_env = \"GITHUB_TOKEN\"", "token_env = \"GITHUB_TOKEN\"\nca_file = \"~\""),
                         "c.toml");
    CHECK(c.state_path->string() == "/home/dana/state/ib.db");
    CHECK(c.sources.at("gh").ca_file == "/home/dana");
    // Only "~" alone or before '/': "~dana/x" is someone's home, which we do not look up.
    CHECK(parse(with("[targets.jira]", "ca_file = \"~dana/ca.pem\""), "c.toml").targets.at("jira").ca_file ==
          "~dana/ca.pem");
    ::unsetenv("HOME");
    const auto e = error_of("[state]\npath = \"~/state/ib.db\"\n" + k_valid);
    CHECK(e.message == "c.toml:2:8: 'path' in [state] starts with '~', but HOME is not set");
    if (saved) {
        ::setenv("HOME", home.c_str(), 1);
    }
}

TEST_CASE("default kinds follow the source") {
    const auto c = parse(with("[[routes]]", "kinds = [\"issue\"]"));
    CHECK(c.routes[0].kinds == std::vector<std::string>{"issue"});
    CHECK(parse("[defaults]\nkinds = [\"pull_request\"]\n" + k_valid).routes[0].kinds ==
          std::vector<std::string>{"pull_request"});
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
         "c.toml:3:8: unknown type 'githbu' in [sources.gh]; expected one of github, codescanning, gitlab, lgtm",
         "did you mean 'github'?"},
        {replaced("source = \"gh\"", "source = \"gitub\""),
         "c.toml:15:10: route 'metpy-bugs' names unknown source 'gitub'", ""},
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
        // A key of another target type is named as such.
        {with("project", "board = \"x\""),
         "c.toml:12:9: key 'board' does not apply to a 'jira' target in [targets.jira]",
         "'board' is a key of 'trello' targets"},
        {replaced("type = \"jira\"", "type = \"trello\""),
         "c.toml:11:11: key 'project' does not apply to a 'trello' target in [targets.jira]",
         "'project' is a key of 'jira', 'asana' targets"},
        {"[defaults]\nkinds = [\"finding\"]\n" + k_valid,
         "c.toml:2:9: unknown kind 'finding' in [defaults]; expected one of issue, pull_request, merge_request, alert",
         ""},
        {replaced("user = \"me@example.com\"", "user_env = \"JIRA_USER\"\nuser = \"me@example.com\""),
         "c.toml:10:8: set exactly one of 'user' and 'user_env' in [targets.jira]",
         "the Jira user is the account's e-mail (Cloud) or username (Data Center); Data Center with a personal access "
         "token (api_version = 2) takes none"},
        {replaced("token_env = \"JIRA_API_TOKEN\"", ""), "c.toml:7:8: missing key 'token_env' in [targets.jira]",
         "e.g. token_env = \"JIRA_API_TOKEN\"; or token_file or token_cmd"},
        {replaced("base_url = \"https://example.atlassian.net\"\n", ""),
         "c.toml:7:8: missing key 'base_url' in [targets.jira]", "e.g. base_url = \"https://example.atlassian.net\""},
        {with("project", "api_version = 4"),
         "c.toml:12:15: 'api_version' in [targets.jira] must be an integer from 2 to 3", ""},
        {with("target = \"jira\"", "[routes.map]\nstates = { mergd = \"open\" }"),
         "c.toml:19:12: unknown state word 'mergd' in 'states' of [[routes]] 'metpy-bugs' map; a 'github' source has "
         "open, closed, merged",
         "did you mean 'merged'?"},
        {with("target = \"jira\"", "[routes.map]\nstates = { merged = \"shut\" }"),
         "c.toml:19:21: 'states.merged' in [[routes]] 'metpy-bugs' map must be \"open\" or \"closed\"", ""},
        {with("project", "concurrency = \"4\""),
         "c.toml:12:15: 'concurrency' in [targets.jira] must be an integer from 1 to 64", ""},
        {with("project", "concurrency = 0"),
         "c.toml:12:15: 'concurrency' in [targets.jira] must be an integer from 1 to 64", ""},
        {with("project", "rate_limit = \"fast\""), "c.toml:12:14: 'rate_limit' in [targets.jira] is not a rate: 'fast'",
         "write requests per period, e.g. \"10/s\", \"100/10s\" or \"150/min\""},
        {with("target = \"jira\"", "[routes.map]\ntitle = \"{titel} (#{number})\""),
         "c.toml:19:10: unknown template field 'titel' in 'title' of [[routes]] 'metpy-bugs' map",
         "did you mean 'title'?"},
        {with("target = \"jira\"", "kinds = [\"merge_request\"]"),
         "c.toml:18:9: kind 'merge_request' does not apply to 'github' source 'gh' in [[routes]] 'metpy-bugs'",
         "expected one of issue, pull_request"},
        {with("target = \"jira\"", "[routes.filter]\nstates = [\"opne\"]"),
         "c.toml:19:10: unknown state 'opne' in [[routes]] 'metpy-bugs' filter; expected one of open, closed, merged",
         "did you mean 'open'?"},
        {replaced("https://example.atlassian.net", "http://example.atlassian.net"),
         "c.toml:8:12: plain http is refused for 'example.atlassian.net' in [targets.jira]",
         "use https://; http:// is allowed only for loopback addresses such as the sandbox"},
        {replaced("token_env = \"GITHUB_TOKEN\"", "token_env = \"ghp_abc 123\""),
         "c.toml:4:13: 'token_env' in [sources.gh] must name an environment variable, not 'ghp_abc 123'",
         "secrets are read from the environment only, e.g. token_env = \"GITHUB_TOKEN\""}, // the row's example
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
    std::string text =
        k_valid + "\n[[routes]]\nname = \"metpy-bugs\"\nsource = \"gh\"\nrepos = [\"a/b\"]\ntarget = \"jira\"\n";
    CHECK(error_of(text).message == "c.toml:20:8: duplicate route name 'metpy-bugs'");
}

TEST_CASE("secrets come from the environment, with a clear error when unset") {
    const auto c = parse(k_valid, "c.toml");
    const auto& ref = c.sources.at("gh").secrets.at("token_env");
    ::setenv("GITHUB_TOKEN", "ghp_test_value", 1);
    CHECK(config::read_secret(ref, "source 'gh'") == "ghp_test_value");
    ::unsetenv("GITHUB_TOKEN");
    try {
        (void)config::read_secret(ref, "source 'gh'");
        FAIL("no error");
    } catch (const util::ConfigError& e) {
        CHECK(std::string(e.what()) ==
              "environment variable 'GITHUB_TOKEN' is not set (named by source 'gh' at c.toml:4:13)");
        CHECK(e.hint() == "export GITHUB_TOKEN=... in the environment that runs issuebridge");
    }
}

TEST_CASE("config show redacts secrets and shows whether they are set") {
    const auto c = parse(k_valid, "c.toml");
    ::setenv("GITHUB_TOKEN", "ghp_very_secret", 1);
    ::unsetenv("JIRA_API_TOKEN");
    const std::string shown = config::to_toml(c);
    CHECK(shown.find("ghp_very_secret") == std::string::npos);
    CHECK(shown.find("token_env = \"GITHUB_TOKEN\"\n# token: set, from environment variable GITHUB_TOKEN\n") !=
          std::string::npos);
    CHECK(shown.find("token = ") == std::string::npos);
    CHECK(shown.find("# token: environment variable JIRA_API_TOKEN is not set") != std::string::npos);
    // What config show prints is itself a valid config with the same meaning, as it stands.
    const std::string again = config::to_toml(parse(shown, "shown.toml"));
    CHECK(again.substr(again.find('\n')) == shown.substr(shown.find('\n')));
    ::unsetenv("GITHUB_TOKEN");
}

namespace {

config::Setting setting(std::string key, config::Setting::Kind kind, bool required = false,
                        std::string default_value = "") {
    config::Setting s;
    s.key = std::move(key);
    s.kind = kind;
    s.required = required;
    s.default_value = std::move(default_value);
    s.example = "EXAMPLE";
    return s;
}

// Two test-only trackers, neither a real one: config must validate them from their schemas alone.
config::Schemas fake_schemas() {
    using Kind = config::Setting::Kind;
    config::Schemas schemas;
    config::SourceSchema src;
    src.type = "pigeon";
    src.default_base_url = "https://pigeon.example";
    src.settings = {setting("coop", Kind::text, true), setting("key_env", Kind::secret, true)};
    src.kinds = {"note", "parcel"};
    src.kind_aliases = {{"issue", "note"}};
    src.repo_pattern = "[0-9]+";
    src.repo_shape = "a loft number";
    src.states = {{"flying", model::ItemState::open}, {"landed", model::ItemState::closed}};
    src.link_label = "View in the loft";
    schemas.sources.push_back(src);
    config::TargetSchema board;
    board.type = "corkboard";
    board.settings = {setting("pins", Kind::integer, false, "7"), setting("wall", Kind::text, false, "north"),
                      setting("badge_env", Kind::secret, true)};
    board.settings[0].min = 1;
    board.settings[0].max = 99;
    board.default_base_url = "https://cork.example";
    board.search_lag = 5;
    schemas.targets.push_back(board);
    config::TargetSchema shelf;
    shelf.type = "shelf";
    shelf.default_base_url = "https://shelf.example";
    shelf.settings = {setting("height", Kind::integer)};
    shelf.settings[0].min = 1;
    shelf.settings[0].max = 3;
    schemas.targets.push_back(shelf);
    return schemas;
}

const std::string k_fake = R"(
[sources.p]
type = "pigeon"
coop = "roof"
key_env = "PIGEON_KEY"

[targets.c]
type = "corkboard"
badge_env = "CORK_BADGE"

[[routes]]
name = "loft"
source = "p"
repos = ["12"]
target = "c"
)";

std::string fake_with(const std::string& after, const std::string& line) {
    std::string text = k_fake;
    const auto at = text.find('\n', text.find(after));
    return text.insert(at + 1, line + "\n");
}

} // namespace

TEST_CASE("a schema handed in is all config knows of a tracker") {
    const auto schemas = fake_schemas();
    const auto c = config::parse(k_fake, "c.toml", schemas);
    const auto& s = c.sources.at("p");
    CHECK(s.base_url == "https://pigeon.example");
    CHECK(s.setting("coop") == "roof");
    CHECK(s.secrets.at("key_env").env == "PIGEON_KEY");
    CHECK(s.secrets.at("key_env").where.str() == "c.toml:5:11");
    const auto& t = c.targets.at("c");
    CHECK(t.setting("pins") == "7"); // defaults applied
    CHECK(t.setting("wall") == "north");
    CHECK(t.search_lag == 5);
    CHECK(c.routes[0].kinds == std::vector<std::string>{"note"}); // the default kinds: issue stands for note
    CHECK(c.routes[0].states.at("flying") == model::ItemState::open);
    CHECK(c.routes[0].link_label == "View in the loft");
    CHECK(config::parse("[defaults]\nkinds = [\"parcel\", \"note\"]\n" + k_fake, "c.toml", schemas).routes[0].kinds ==
          std::vector<std::string>{"parcel", "note"});

    struct Case {
        std::string text, message, hint;
    };
    const Case cases[] = {
        {fake_with("badge_env", "pins = 100"), "c.toml:10:8: 'pins' in [targets.c] must be an integer from 1 to 99",
         ""},
        {fake_with("badge_env", "pins = \"3\""), "c.toml:10:8: 'pins' in [targets.c] must be an integer from 1 to 99",
         ""},
        {fake_with("coop", "key_env = \"not a name\""), "", ""}, // a duplicate key: toml++'s own message
        {"[sources.p]\ntype = \"pigeon\"\nkey_env = \"K\"\n", "c.toml:1:1: missing key 'coop' in [sources.p]", ""},
        {"[sources.p]\ntype = \"pigeon\"\ncoop = \"x\"\n", "c.toml:2:8: missing key 'key_env' in [sources.p]",
         "e.g. key_env = \"EXAMPLE\"; or key_file or key_cmd"},
        {"[sources.p]\ntype = \"pigeon\"\ncoop = \"x\"\nkey_env = \"9K\"\n",
         "c.toml:4:11: 'key_env' in [sources.p] must name an environment variable, not '9K'",
         "secrets are read from the environment only, e.g. key_env = \"EXAMPLE\""}, // the setting's example
        {"[targets.c]\ntype = \"github\"\n",
         "c.toml:2:8: unknown type 'github' in [targets.c]; expected one of "
         "corkboard, shelf",
         ""},
        {fake_with("repos", "kinds = [\"issue\"]"),
         "c.toml:15:9: kind 'issue' does not apply to 'pigeon' source 'p' in [[routes]] 'loft'",
         "expected one of note, parcel"},
        {fake_with("target = \"c\"", "[routes.filter]\nstates = [\"merged\"]"),
         "c.toml:17:10: unknown state 'merged' in [[routes]] 'loft' filter; expected one of open, closed, flying, "
         "landed",
         ""},
        {k_fake.substr(0, k_fake.find("repos")) + "repos = [\"a/b\"]\ntarget = \"c\"\n",
         "c.toml:14:9: malformed repository 'a/b' in [[routes]] 'loft' for a 'pigeon' source",
         "expected a loft number"},
    };
    for (const auto& c2 : cases) {
        CAPTURE(c2.text);
        const auto e = error_of(c2.text, schemas);
        if (c2.message.empty()) {
            continue;
        }
        CHECK(e.message == c2.message);
        CHECK(e.hint == c2.hint);
    }
}

TEST_CASE("a key of another adapter type is refused, naming where and what applies") {
    const auto schemas = fake_schemas();
    // 'height' belongs to shelf targets.
    auto e = error_of(fake_with("badge_env", "height = 2"), schemas);
    CHECK(e.message == "c.toml:10:10: key 'height' does not apply to a 'corkboard' target in [targets.c]");
    CHECK(e.hint == "'height' is a key of 'shelf' targets");
    // A near miss of one of its own keys gets that as the suggestion.
    config::Schemas close = schemas;
    close.targets[1].settings[0].key = "pin";
    e = error_of(fake_with("badge_env", "pin = 2"), close);
    CHECK(e.message == "c.toml:10:7: key 'pin' does not apply to a 'corkboard' target in [targets.c]");
    CHECK(e.hint == "did you mean 'pins'?");
    // A key no adapter declares is unknown, with the nearest key of any.
    e = error_of(fake_with("badge_env", "wal = \"x\""), schemas);
    CHECK(e.message == "c.toml:10:1: unknown key 'wal' in [targets.c]");
    CHECK(e.hint == "did you mean 'wall'?");
}

TEST_CASE("a secret's hint shows a variable name made from the key when the setting has no example") {
    auto schemas = fake_schemas();
    schemas.sources[0].settings[1].example.clear();
    const auto e = error_of("[sources.p]\ntype = \"pigeon\"\ncoop = \"x\"\nkey_env = \"9K\"\n", schemas);
    CHECK(e.hint == "secrets are read from the environment only, e.g. key_env = \"MY_KEY\"");
}

TEST_CASE("templates may name the common fields and the route's source schema's own") {
    auto schemas = fake_schemas();
    schemas.sources[0].template_fields = {"rule"};
    const auto c = config::parse(fake_with("target = \"c\"", "[routes.map]\ntitle = \"[{rule}] {title}\"\n"
                                                             "body = \"{rule}: {body}\""),
                                 "c.toml", schemas);
    CHECK(c.routes[0].map.title.source() == "[{rule}] {title}");
    REQUIRE(c.routes[0].map.body);
    CHECK(c.routes[0].map.body->source() == "{rule}: {body}");
    // A near miss of a source's own field is suggested like a common one.
    auto e = error_of(fake_with("target = \"c\"", "[routes.map]\ntitle = \"{rules}\""), schemas);
    CHECK(e.message == "c.toml:17:10: unknown template field 'rules' in 'title' of [[routes]] 'loft' map");
    CHECK(e.hint == "did you mean 'rule'?");
    // GitHub adds no fields: '{rule}' is refused, naming the fields it has.
    e = error_of(with("target = \"jira\"", "[routes.map]\ntitle = \"{title} ({rule})\""));
    CHECK(e.message == "c.toml:19:19: unknown template field 'rule' in 'title' of [[routes]] 'metpy-bugs' map");
    CHECK(e.hint == "expected one of title, number, repo, url, body, kind, state, author, labels, milestone");
    e = error_of(with("target = \"jira\"", "[routes.map]\nbody = \"{severity}\""));
    CHECK(e.message == "c.toml:19:9: unknown template field 'severity' in 'body' of [[routes]] 'metpy-bugs' map");
}

TEST_CASE("a route without a title template takes the source's default, else the target's, else {title}") {
    auto schemas = fake_schemas();
    const auto title = [&] { return config::parse(k_fake, "c.toml", schemas).routes[0].map.title.source(); };
    CHECK(title() == "{title}");
    schemas.targets[0].default_title = "[ NOTE {number} ] {title}";
    CHECK(title() == "[ NOTE {number} ] {title}");
    // A target's default naming a field the source lacks is not used.
    schemas.targets[0].default_title = "{rule}: {title}";
    CHECK(title() == "{title}");
    schemas.sources[0].template_fields = {"rule"};
    CHECK(title() == "{rule}: {title}");
    // The source's default wins: its items know best what names them.
    schemas.sources[0].default_title = "{rule} ({repo})";
    CHECK(title() == "{rule} ({repo})");
    // A route's own template wins over both.
    CHECK(config::parse(fake_with("target = \"c\"", "[routes.map]\ntitle = \"{title}!\""), "c.toml", schemas)
              .routes[0]
              .map.title.source() == "{title}!");
}

TEST_CASE("every configuration error is reported in one run, each with its place and hint, as a compiler does") {
    // Three broken sections: a source, a target's setting and a route of a sound source. The route naming the
    // broken source is not read: its error would only repeat the source's.
    std::string text = "[state]\npth = \"x\"\n" + replaced("type = \"github\"", "type = \"github\"\ntokn_env = \"X\"");
    text += "\n[sources.gh2]\ntype = \"github\"\ntoken_env = \"T\"\n";
    text += "\n[[routes]]\nname = \"two\"\nsource = \"gh2\"\nrepos = [\"a/b\", \"c/d\", \"a/b\"]\ntarget = \"jira\"\n";
    try {
        config::parse(text, "c.toml", cli::schemas());
        FAIL("no error");
    } catch (const util::ConfigError& e) {
        REQUIRE(e.problems().size() == 3);
        CHECK(e.problems()[0].message == "c.toml:2:1: unknown key 'pth' in [state]");
        CHECK(e.problems()[0].hint == "did you mean 'path'?");
        CHECK(e.problems()[1].message == "c.toml:6:1: unknown key 'tokn_env' in [sources.gh]");
        CHECK(e.problems()[1].hint == "did you mean 'token_env'?");
        CHECK(e.problems()[2].message.ends_with("repository 'a/b' is listed twice in 'repos' of [[routes]] 'two'"));
        CHECK(std::string(e.what()) ==
              e.problems()[0].message + "\n" + e.problems()[1].message + "\n" + e.problems()[2].message);
        CHECK(e.exit_code() == util::ExitCode::usage);
    }
}

TEST_CASE("label_colors take the target's colours, and only a target that colours the labels it creates") {
    const std::string head = "[sources.gh]\ntype = \"github\"\ntoken_env = \"GITHUB_TOKEN\"\n";
    const std::string route = "[[routes]]\nname = \"r\"\nsource = \"gh\"\ntarget = \"t\"\nrepos = [\"a/b\"]\n";
    const std::string github =
        head + "[targets.t]\ntype = \"github\"\ntoken_env = \"T\"\nrepo = \"acme/triage\"\n" + route;
    const std::string trello = head +
                               "[targets.t]\ntype = \"trello\"\nkey_env = \"K\"\ntoken_env = \"T\"\nboard = \"b\"\n"
                               "list = \"l\"\ndone_list = \"d\"\n" +
                               route;
    const auto colors = [](const std::string& text) { return parse(text).routes.at(0).map.label_colors; };
    using Colors = std::map<std::string, std::string>;
    CHECK(colors(github + "[routes.map]\nlabel_colors = { bug = \"d73a4a\" }\n") == Colors{{"bug", "d73a4a"}});
    CHECK(colors(trello + "[routes.map]\nlabel_colors = { bug = \"red\" }\n") == Colors{{"bug", "red"}});

    auto f = error_of(github + "[routes.map]\nlabel_colors = { bug = \"#d73a4a\" }\n");
    CHECK(f.message.find("github label colour '#d73a4a' (for 'bug') in [[routes]] 'r' map must be six hex digits "
                         "without '#'") != std::string::npos);
    f = error_of(trello + "[routes.map]\nlabel_colors = { bug = \"mauve\" }\n");
    CHECK(f.message.find("trello label colour 'mauve'") != std::string::npos);
    CHECK(f.hint == "green, yellow, orange, red, purple, blue, sky, lime, pink or black");
    f = error_of(k_valid + "[routes.map]\nlabel_colors = { bug = \"red\" }\n");
    CHECK(f.message.find("jira targets give labels no colour") != std::string::npos);
    CHECK(f.hint == "remove label_colors");
}

TEST_CASE("a milestone template is taken by a target with milestones, and refused by the others, at its line") {
    const std::string head = "[sources.gh]\ntype = \"github\"\ntoken_env = \"GITHUB_TOKEN\"\n";
    const std::string route = "[[routes]]\nname = \"r\"\nsource = \"gh\"\ntarget = \"t\"\nrepos = [\"a/b\"]\n";
    const std::string github =
        head + "[targets.t]\ntype = \"github\"\ntoken_env = \"T\"\nrepo = \"acme/triage\"\n" + route;
    const auto c = parse(github + "[routes.map]\nmilestone = \"{milestone} ({repo})\"\n");
    REQUIRE(c.routes.at(0).map.milestone);
    CHECK(c.routes.at(0).map.milestone->source() == "{milestone} ({repo})");
    CHECK_FALSE(parse(github).routes.at(0).map.milestone);

    auto f = error_of(k_valid + "[routes.map]\nmilestone = \"Triage\"\n");
    CHECK(f.message.find("jira targets have no milestones: milestone in [[routes]] 'metpy-bugs' map has nowhere to "
                         "go") != std::string::npos);
    CHECK(f.hint == "remove milestone");
    f = error_of(github + "[routes.map]\nmilestone = \"{milestne}\"\n");
    CHECK(f.message == "c.toml:14:14: unknown template field 'milestne' in 'milestone' of [[routes]] 'r' map");
    CHECK(f.hint == "did you mean 'milestone'?");
}

TEST_CASE("a repository listed twice in one route is refused, naming it") {
    const auto text =
        replaced("repos = [\"Unidata/MetPy\"]", "repos = [\"Unidata/MetPy\", \"a/b\", \"Unidata/MetPy\"]");
    const auto f = error_of(text);
    CHECK(f.message == "c.toml:16:9: repository 'Unidata/MetPy' is listed twice in 'repos' of [[routes]] 'metpy-bugs'");
    CHECK(f.hint == "list each repository once per route");
}

TEST_CASE("a secret variable set to the empty string gets its own message") {
    const auto c = parse(k_valid, "c.toml");
    const auto& ref = c.sources.at("gh").secrets.at("token_env");
    ::setenv("GITHUB_TOKEN", "", 1);
    try {
        (void)config::read_secret(ref, "source 'gh'");
        FAIL("no error");
    } catch (const util::ConfigError& e) {
        CHECK(std::string(e.what()) ==
              "environment variable 'GITHUB_TOKEN' is set but empty (named by source 'gh' at c.toml:4:13)");
    }
    ::unsetenv("GITHUB_TOKEN");
}

TEST_CASE("config show's JSON carries the same effective values as its text, defaults and [state] path included") {
    const auto c = parse("[state]\npath = \"/var/lib/ib/state.db\"\n" +
                         replaced("project = \"SUP\"", "project = \"SUP\"\nrate_limit = \"5/s\"\nconcurrency = 2"));
    util::JsonWriter out;
    config::to_json(out, c);
    const std::string json = out.str();
    const std::string text = config::to_toml(c);
    CHECK(text.find("[state]\npath = \"/var/lib/ib/state.db\"\n") != std::string::npos);
    CHECK(json.find(R"("state":{"path":"/var/lib/ib/state.db"})") != std::string::npos);
    CHECK(text.find("[defaults]\nkinds = [\"issue\", \"pull_request\"]\nconcurrency = 4\n") != std::string::npos);
    CHECK(json.find(R"("defaults":{"kinds":["issue","pull_request"],"concurrency":4})") != std::string::npos);
    CHECK(text.find("rate_limit = \"5/s\"\nconcurrency = 2\nsearch_lag = 120\n") != std::string::npos);
    CHECK(json.find(R"("rate_limit":"5/s","concurrency":2,"search_lag":120)") != std::string::npos);
    CHECK(
        json.find(
            R"("map":{"title":"{title}","body":"","labels":{},"assignees":{},"label_colors":{},"milestone":"","states":{)") !=
        std::string::npos);
}

TEST_CASE("every *_env secret may come from a file only its owner reads, or from a command's output") {
    TempDir dir;
    const auto token = dir.write("jira-token", "file-secret-value\n");
    std::filesystem::permissions(token, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::replace);
    const auto from_file = parse(replaced("token_env = \"JIRA_API_TOKEN\"", "token_file = \"" + token.string() + "\""));
    const auto& file_ref = from_file.targets.at("jira").secrets.at("token_env");
    CHECK(file_ref.file == token.string());
    CHECK(config::read_secret(file_ref, "target 'jira'") == "file-secret-value");
    // config show prints the key as written, and never the value.
    CHECK(config::to_toml(from_file).find("token_file = \"" + token.string() + "\"\n") != std::string::npos);
    CHECK(config::to_toml(from_file).find("file-secret-value") == std::string::npos);

    std::filesystem::permissions(token, std::filesystem::perms::group_read, std::filesystem::perm_options::add);
    try {
        (void)config::read_secret(file_ref, "target 'jira'");
        FAIL("a file others may read was accepted");
    } catch (const util::ConfigError& e) {
        CHECK(std::string(e.what()).ends_with("may be read by others (mode 0640)"));
        CHECK(e.hint() == "chmod 600 '" + token.string() + "'");
    }

    // A relative path is a systemd credential: looked up in $CREDENTIALS_DIRECTORY (whose files systemd guards).
    const auto systemd = parse(replaced("token_env = \"JIRA_API_TOKEN\"", "token_file = \"jira-token\""));
    ::setenv("CREDENTIALS_DIRECTORY", dir.path().c_str(), 1);
    CHECK(config::read_secret(systemd.targets.at("jira").secrets.at("token_env"), "t") == "file-secret-value");
    ::unsetenv("CREDENTIALS_DIRECTORY");
    CHECK_THROWS_AS((void)config::read_secret(systemd.targets.at("jira").secrets.at("token_env"), "t"),
                    util::ConfigError);

    const auto from_cmd =
        parse(replaced("token_env = \"GITHUB_TOKEN\"", "token_cmd = \"printf 'cmd-secret-value\\\\n'\""));
    CHECK(config::read_secret(from_cmd.sources.at("gh").secrets.at("token_env"), "s") == "cmd-secret-value");
    const auto failing = parse(replaced("token_env = \"GITHUB_TOKEN\"", "token_cmd = \"echo leaked; exit 3\""));
    try {
        (void)config::read_secret(failing.sources.at("gh").secrets.at("token_env"), "source 'gh'");
        FAIL("a failing command was accepted");
    } catch (const util::ConfigError& e) {
        CHECK(std::string(e.what()) ==
              "secret command 'echo leaked; exit 3' (named by source 'gh' at c.toml:4:13) exited 3");
    }

    const auto both = error_of(replaced("token_env = \"GITHUB_TOKEN\"", "token_env = \"A\"\ntoken_cmd = \"b\""));
    CHECK(both.message == "c.toml:5:13: 'token_env' and 'token_cmd' in [sources.gh] name the same secret");
    CHECK(both.hint == "keep one of token_env, token_file, token_cmd");
}

TEST_CASE("a pattern in repos is taken only by a source whose schema takes patterns, in its shape") {
    auto schemas = fake_schemas();
    const auto with_repos = [](const std::string& repos) {
        std::string text = k_fake;
        return text.replace(text.find("[\"12\"]"), 6, repos);
    };
    auto e = error_of(with_repos(R"(["12/*"])"), schemas);
    CHECK(e.message == "c.toml:14:9: 'pigeon' sources take no repository patterns: '12/*' in [[routes]] 'loft'");
    CHECK(e.hint == "list each repository, as a loft number");
    schemas.sources[0].group_pattern = "[0-9]+/\\*\\*?";
    schemas.sources[0].group_shape = "'<loft>/*' or '<loft>/**'";
    const auto c = config::parse(with_repos(R"(["12", "3/*", "4/**"])"), "c.toml", schemas);
    CHECK(c.routes[0].repos == std::vector<std::string>{"12", "3/*", "4/**"});
    for (const char* bad : {R"(["1*/2"])", R"(["3/***"])", R"(["*"])"}) {
        CAPTURE(bad);
        e = error_of(with_repos(bad), schemas);
        CHECK(e.message.find("malformed repository pattern '") != std::string::npos);
        CHECK(e.hint == "expected '<loft>/*' or '<loft>/**'; '*' stands only for the last segment");
    }
}

TEST_CASE("GitHub takes 'owner/*', GitLab 'group/*' and 'group/**' at any depth; each says what it expects") {
    auto e = error_of(replaced("Unidata/MetPy", "Unidata/**"));
    CHECK(e.message ==
          "c.toml:16:9: malformed repository pattern 'Unidata/**' in [[routes]] 'metpy-bugs' for a 'github' source");
    CHECK(e.hint == "expected 'owner/*' (owners do not nest: no '**'); '*' stands only for the last segment");
    e = error_of(replaced("Unidata/MetPy", "*/MetPy"));
    CHECK(e.message ==
          "c.toml:16:9: malformed repository pattern '*/MetPy' in [[routes]] 'metpy-bugs' for a 'github' source");
    CHECK(parse(replaced("Unidata/MetPy", "Unidata/*")).routes[0].repos == std::vector<std::string>{"Unidata/*"});

    const std::string gitlab = replaced("type = \"github\"", "type = \"gitlab\"");
    const auto with = [&](const std::string& repo) {
        return std::string(gitlab).replace(gitlab.find("Unidata/MetPy"), 13, repo);
    };
    CHECK(parse(with("a/*\", \"a/b/c/**")).routes[0].repos == std::vector<std::string>{"a/*", "a/b/c/**"});
    for (const char* bad : {"a/*/b", "a/***", "a*/b", "*"}) {
        CAPTURE(bad);
        e = error_of(with(bad));
        CHECK(e.message == "c.toml:16:9: malformed repository pattern '" + std::string(bad) +
                               "' in [[routes]] 'metpy-bugs' for a 'gitlab' source");
        CHECK(e.hint == "expected 'group/*' or 'group/**' (with subgroups), e.g. 'group/sub/*'; '*' stands only for "
                        "the last segment");
    }
}

TEST_CASE("a pattern covers the repositories of its group: '*' one segment, '**' any depth") {
    struct Case {
        const char* pattern;
        const char* repo;
        bool covers;
    };
    const Case cases[] = {
        {"a/*", "a/x", true},     {"a/*", "A/X", true},      {"a/*", "a/b/x", false}, {"a/*", "a", false},
        {"a/*", "a/", false},     {"a/**", "a/b/x", true},   {"a/**", "a/x", true},   {"a/**", "ab/x", false},
        {"a/b/*", "a/b/x", true}, {"a/b/*", "a/c/x", false}, {"a/**", "a//", false},  {"a/x", "a/x", false},
    };
    for (const auto& c : cases) {
        CAPTURE(c.pattern);
        CAPTURE(c.repo);
        CHECK(config::pattern_covers(c.pattern, c.repo) == c.covers);
    }
    CHECK(config::is_pattern("a/**"));
    CHECK_FALSE(config::is_pattern("a/b"));
}

TEST_SUITE_END();
