// The terminal and cron experience: --json documents for fatal errors, readable errors, one line on Ctrl-C, the
// live progress line of sync on a terminal (and nothing of it under cron, -q, --json or a pipe).

#include "widgets.hpp"

#include <csignal>
#include <filesystem>
#include <thread>

using namespace issuebridge::testing;

namespace {

// The fields of a fatal error's JSON document, parsed (the whole of stdout must be that one document).
struct FatalJson {
    std::int64_t version = -1;
    std::int64_t exit_code = -1;
    std::string error;
    std::size_t errors = 0;
};

FatalJson fatal_json(const std::string& out) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    REQUIRE_MESSAGE(parser.parse(out).get(doc) == simdjson::SUCCESS, "not JSON: " << out);
    FatalJson f;
    REQUIRE(doc["json_version"].get(f.version) == simdjson::SUCCESS);
    REQUIRE(doc["exit_code"].get(f.exit_code) == simdjson::SUCCESS);
    std::string_view error;
    REQUIRE(doc["error"].get(error) == simdjson::SUCCESS);
    f.error = std::string(error);
    simdjson::dom::array errors;
    REQUIRE(doc["errors"].get(errors) == simdjson::SUCCESS);
    f.errors = errors.size();
    return f;
}

// A run with nothing of the test's environment but what cron gives: env -i, a PATH and HOME.
RunResult under_cron(const SyncSetup& setup, std::vector<std::string> args) {
    std::vector<std::string> argv{"/usr/bin/env",
                                  "-i",
                                  "PATH=/usr/bin:/bin",
                                  "HOME=" + setup.dir().path().string(),
                                  "IB_E2E_GITHUB=sandbox-github-token",
                                  "IB_E2E_JIRA=sandbox-jira-token"};
    const auto rest = setup.argv(std::move(args));
    argv.insert(argv.end(), rest.begin(), rest.end());
    return run(argv);
}

} // namespace

TEST_SUITE_BEGIN("e2e.terminal");

TEST_CASE("--json gives a JSON document on stdout for fatal errors too") {
    TempDir home;
    RunOptions options;
    options.env = {
        {"HOME", home.path().string()}, {"XDG_CONFIG_HOME", std::nullopt}, {"ISSUEBRIDGE_CONFIG", std::nullopt}};
    SUBCASE("a missing config file") {
        const auto r =
            run({ISSUEBRIDGE_BINARY, "--json", "--config", (home.path() / "none.toml").string(), "sync"}, options);
        CHECK(r.exit_code == 2);
        const auto f = fatal_json(r.out);
        CHECK(f.version == 1);
        CHECK(f.exit_code == 2);
        CHECK(f.error.find("cannot read config file") != std::string::npos);
        CHECK(r.err.find("issuebridge: error: cannot read config file") != std::string::npos);
    }
    SUBCASE("a usage error, --json after the command") {
        const auto r = run({ISSUEBRIDGE_BINARY, "sync", "--dryrun", "--json"}, options);
        CHECK(r.exit_code == 2);
        CHECK(fatal_json(r.out).error == "unknown flag '--dryrun' for 'issuebridge sync'");
    }
    SUBCASE("a refused token exits 4 with its document") {
        Sandbox sandbox;
        seed(sandbox, 3);
        SyncSetup setup(sandbox, k_repo);
        const auto r = setup.ib({"--json", "sync"}, {{"IB_E2E_GITHUB", "wrong-token"}});
        CHECK(r.exit_code == 4);
        const auto f = fatal_json(r.out);
        CHECK(f.exit_code == 4);
        CHECK(f.error.find("refused our credentials") != std::string::npos);
        CHECK(r.out.find("wrong-token") == std::string::npos);
    }
    SUBCASE("without --json stdout stays empty") {
        const auto r = run({ISSUEBRIDGE_BINARY, "--config", (home.path() / "none.toml").string(), "sync"}, options);
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
    }
}

TEST_CASE("readable errors: numbers, a directory for --config, an empty variable, a repository twice, plurals") {
    Sandbox sandbox;
    seed(sandbox, 3);
    SyncSetup setup(sandbox, k_repo);
    SUBCASE("--days 0 and --max-writes -1") {
        const auto days = setup.ib({"check-missing", "--days", "0"});
        CHECK(days.exit_code == 2);
        CHECK(days.err == "issuebridge: error: --days must be a whole number of 1 or more\nissuebridge: hint: got "
                          "'0'\n");
        CHECK(setup.ib({"check-missing", "--days", "1e400"})
                  .err.starts_with("issuebridge: error: --days must be a whole number of 1 or more\n"));
        const auto writes = setup.ib({"sync", "--max-writes=-1"});
        CHECK(writes.exit_code == 2);
        CHECK(writes.err.starts_with("issuebridge: error: --max-writes must be a whole number of 0 or more\n"));
    }
    SUBCASE("--config naming a directory") {
        const auto r = run({ISSUEBRIDGE_BINARY, "--config", setup.dir().path().string(), "config", "check"});
        CHECK(r.exit_code == 2);
        CHECK(r.err.starts_with("issuebridge: error: config file '" + setup.dir().path().string() +
                                "' is a directory\n"));
    }
    SUBCASE("a secret variable set to the empty string") {
        const auto check = setup.ib({"config", "check"}, {{"IB_E2E_JIRA", ""}});
        CHECK(check.exit_code == 2);
        CHECK(check.err.starts_with("issuebridge: error: environment variable set but empty: IB_E2E_JIRA (target "
                                    "'jira')\n"));
        const auto sync = setup.sync({}, {{"IB_E2E_JIRA", ""}});
        CHECK(sync.exit_code == 2);
        CHECK(sync.err.find("environment variable 'IB_E2E_JIRA' is set but empty") != std::string::npos);
    }
    SUBCASE("a repository listed twice, and another broken section: both reported in one run") {
        setup.write_config("search_lag = -3\n", "");
        std::string text = read_file(setup.dir() / "config.toml");
        text.replace(text.find("repos = [\"acme/widgets\"]"), 24, "repos = [\"acme/widgets\", \"acme/widgets\"]");
        setup.dir().write("config.toml", text);
        const auto r = setup.ib({"config", "check"});
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("'search_lag' in [targets.jira]") != std::string::npos);
        // The route names the broken target: its own error is not reported over the target's.
        CHECK(r.err.find("listed twice") == std::string::npos);
        setup.write_config("search_lag = 0\n", "");
        text = read_file(setup.dir() / "config.toml");
        text.replace(text.find("repos = [\"acme/widgets\"]"), 24, "repos = [\"acme/widgets\", \"acme/widgets\"]");
        text.replace(text.find("token_env = \"IB_E2E_GITHUB\""), 27, "tokn_env = \"IB_E2E_GITHUB\"");
        text += "\n[sources.other]\ntype = \"github\"\ntoken_env = \"X\"\n[[routes]]\nname = \"second\"\nsource = "
                "\"other\"\ntarget = \"jira\"\nrepos = [\"a/b\", \"a/b\"]\n";
        setup.dir().write("config.toml", text);
        const auto both = setup.ib({"config", "check"});
        CHECK(both.exit_code == 2);
        CHECK(both.err.find("unknown key 'tokn_env' in [sources.gh]\nissuebridge: hint: did you mean 'token_env'?\n") !=
              std::string::npos);
        CHECK(both.err.find("repository 'a/b' is listed twice in 'repos' of [[routes]] 'second'") != std::string::npos);
        CHECK(both.err.ends_with("issuebridge: 2 errors\n"));
        const auto json = setup.ib({"--json", "config", "check"});
        CHECK(fatal_json(json.out).errors == 2);
    }
    SUBCASE("plurals") {
        const auto r = setup.ib({"config", "check"});
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("ok (1 source, 1 target, 1 route)") != std::string::npos);
        CHECK(r.out.find("jira, 1 repository, kinds") != std::string::npos);
    }
}

TEST_CASE("Ctrl-C on a terminal: one line, in-flight writes pending not failed, exit 130; the next run finishes") {
    Sandbox sandbox({"--latency-ms", "40"});
    seed(sandbox, 60);
    SyncSetup setup(sandbox, k_repo);
    RunOptions options = SyncSetup::environment();
    options.terminal = true;
    options.interrupt_when = [&](const RunResult&) { return sandbox.jira_writes() >= 6; };
    const auto r = run(setup.command(), options);
    CHECK(r.exit_code == 130);
    CAPTURE(r.out);
    CHECK(r.out.find("error:") == std::string::npos);
    const auto at = r.out.find("issuebridge: interrupted: ");
    REQUIRE(at != std::string::npos);
    CHECK(r.out.find("issuebridge: interrupted: ", at + 1) == std::string::npos);
    CHECK(r.out.find(" finished and recorded; run again to continue\r\n", at) != std::string::npos);
    // The summary counts the items in flight as pending, none failed.
    CHECK(r.out.find(" 0 failed, ") != std::string::npos);
    const auto next = setup.sync();
    CHECK(next.exit_code == 0);
    CHECK(static_cast<int>(sandbox.jira_issues().size()) == 60);
}

TEST_CASE("sync shows one live line on a terminal, and nothing under cron, -q, --json or a pipe") {
    Sandbox sandbox({"--latency-ms", "5"});
    seed(sandbox, 120);
    SyncSetup setup(sandbox, k_repo);
    SUBCASE("a terminal") {
        RunOptions terminal = SyncSetup::environment();
        terminal.terminal = true;
        const auto r = run(setup.command(), terminal);
        CHECK(r.exit_code == 0);
        CAPTURE(r.out);
        // GitHub's Link names the last page (2 of 100): the line shows the total it implies, and an ETA.
        CHECK(r.out.find("\r\033[Ksync main acme/widgets: 100/~200 listed, ") != std::string::npos);
        CHECK(r.out.find(" written, 0 pending, 0 failed  ") != std::string::npos);
        CHECK(r.out.find("  ETA 0:") != std::string::npos);
        // Jira's row paces writes at 10 requests a second: the line says that is what holds the run back.
        CHECK(r.out.find("  paced: Jira 10 req/s") != std::string::npos);
        // Erased before the summary, which is on a line of its own.
        CHECK(r.out.find("\r\033[Kmain acme/widgets: 120 created") != std::string::npos);
    }
    SUBCASE("TERM=dumb, -q and --json on a terminal") {
        RunOptions terminal = SyncSetup::environment();
        terminal.terminal = true;
        terminal.env["TERM"] = "dumb";
        CHECK(run(setup.command(), terminal).out.find('\033') == std::string::npos);
        terminal.env["TERM"] = "xterm";
        const auto quiet = run(setup.argv({"-q", "sync", "--full"}), terminal);
        CHECK(quiet.out.find('\033') == std::string::npos);
        const auto json = run(setup.argv({"--json", "sync", "--full"}), terminal);
        CHECK(json.out.find('\033') == std::string::npos);
        CHECK(json.out.starts_with("{\"command\":\"sync\",\"json_version\":1,"));
    }
    SUBCASE("under cron (env -i, no terminal) a good run prints nothing at all") {
        const auto r = under_cron(setup, {"sync"});
        CHECK(r.exit_code == 0);
        CHECK(r.out.empty());
        CHECK(r.err.empty());
        CHECK(static_cast<int>(sandbox.jira_issues().size()) == 120);
    }
}

TEST_CASE("diagnostics are coloured on a terminal, unless NO_COLOR or --no-color says not; never in a pipe") {
    Sandbox sandbox;
    SyncSetup setup(sandbox, "acme/nothing"); // no such repository: every run says so
    RunOptions terminal = SyncSetup::environment();
    terminal.terminal = true;
    terminal.env["TERM"] = "xterm";
    const std::string plain = "issuebridge: error: main acme/nothing: ";
    const auto coloured = run(setup.command(), terminal);
    CHECK(coloured.exit_code == 2);
    CAPTURE(coloured.out);
    CHECK(coloured.out.find("issuebridge: \033[1;31merror\033[0m: main acme/nothing: ") != std::string::npos);
    terminal.env["NO_COLOR"] = "1";
    const auto by_variable = run(setup.command(), terminal);
    CHECK(by_variable.out.find(plain) != std::string::npos);
    CHECK(by_variable.out.find("\033[1;") == std::string::npos);
    terminal.env["NO_COLOR"] = ""; // set but empty: no-color.org says it does not count
    CHECK(run(setup.command(), terminal).out.find("\033[1;31merror") != std::string::npos);
    terminal.env.erase("NO_COLOR");
    const auto by_flag = run(setup.argv({"--no-color", "sync"}), terminal);
    CHECK(by_flag.out.find(plain) != std::string::npos);
    CHECK(by_flag.out.find("\033[1;") == std::string::npos);
    const auto piped = setup.sync();
    CHECK(piped.err.find(plain) != std::string::npos);
    CHECK(piped.err.find('\033') == std::string::npos);
}

TEST_CASE("status says a run is running, with its pid; status --check fails after a failed run") {
    Sandbox sandbox({"--latency-ms", "30"});
    seed(sandbox, 40);
    SyncSetup setup(sandbox, k_repo);
    {
        Child running(setup.command(), SyncSetup::environment());
        for (int i = 0; i < 500 && sandbox.jira_writes() < 3; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        const auto during = setup.ib({"status"});
        CHECK(during.exit_code == 0);
        CHECK(during.out.find("last run: sync, running since ") != std::string::npos);
        CHECK(during.out.find("(pid " + std::to_string(running.pid()) + ")\n") != std::string::npos);
        CHECK(running.wait() == 0);
    }
    const auto after = setup.ib({"status", "--check"});
    CHECK(after.exit_code == 0);
    CHECK(after.out.find("finished (exit 0)") != std::string::npos);
    CHECK(after.err.empty());
    CHECK(setup.sync({}, {{"IB_E2E_GITHUB", "wrong-token"}}).exit_code == 4);
    const auto failed = setup.ib({"status", "--check"});
    CHECK(failed.exit_code == 1);
    CHECK(failed.err.find("issuebridge: check: the last run (sync at ") != std::string::npos);
    CHECK(failed.err.find(") exited 4\n") != std::string::npos);
}

TEST_CASE("bash completion offers the config's route and repository names, from the binary itself") {
    TempDir dir;
    const auto config = dir.write("c.toml", R"([sources.gh]
type = "github"
token_env = "UNSET_IN_THIS_TEST"

[targets.jira]
type = "jira"
base_url = "https://example.atlassian.net"
user = "me@example.com"
token_env = "UNSET_TOO"
project = "SUP"

[[routes]]
name = "bugs"
source = "gh"
repos = ["acme/widgets", "acme/gadgets"]
target = "jira"

[[routes]]
name = "docs"
source = "gh"
repos = ["acme/widgets"]
target = "jira"
)");
    const std::string bin_dir = std::filesystem::path(ISSUEBRIDGE_BINARY).parent_path().string();
    const auto names = [&](const std::string& what) {
        const std::string script = "source '" + std::string(ISSUEBRIDGE_SOURCE_DIR) +
                                   "/completions/issuebridge.bash'; words=(issuebridge --config '" + config.string() +
                                   "' sync --" + what + " ''); cword=5; _issuebridge_names " + what;
        RunOptions options;
        options.env = {{"PATH", bin_dir + ":/usr/bin:/bin"}};
        return run({"/bin/bash", "-c", script}, options);
    };
    const auto routes = names("route");
    CHECK(routes.exit_code == 0);
    CHECK(routes.out == "bugs\ndocs\n");
    const auto repos = names("repo");
    CHECK(repos.out == "acme/gadgets\nacme/widgets\n");
}
