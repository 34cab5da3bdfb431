// What a hostile or careless server can do to the terminal and to our secrets, end to end: echoed credentials,
// titles with escape sequences, the log file's mode.

#include "widgets.hpp"

#include <filesystem>
#include <sys/stat.h>

using namespace issuebridge::testing;

namespace {

constexpr const char* k_github_token = "sandbox-github-token";
constexpr const char* k_jira_token = "sandbox-jira-token";
// base64("sandbox@example.com:sandbox-jira-token"), the Basic credential a proxy may echo.
constexpr const char* k_jira_basic = "c2FuZGJveEBleGFtcGxlLmNvbTpzYW5kYm94LWppcmEtdG9rZW4=";

// The state database as bytes, with its write-ahead log if one is left.
std::string state_bytes(const SyncSetup& setup) {
    std::string bytes = read_file(setup.state_path());
    if (std::filesystem::exists(setup.state_path() + "-wal")) {
        bytes += read_file(setup.state_path() + "-wal");
    }
    return bytes;
}

void check_no_secret(const std::string& where, const std::string& text) {
    for (const char* secret : {k_github_token, k_jira_token, k_jira_basic}) {
        CHECK_MESSAGE(text.find(secret) == std::string::npos, where << " shows '" << secret << "':\n" << text);
    }
}

} // namespace

TEST_SUITE_BEGIN("e2e.hardening");

TEST_CASE("a credential echoed in an error body reaches no output, status or the state database") {
    Sandbox sandbox;
    seed(sandbox, 3);
    SyncSetup setup(sandbox, k_repo);

    SUBCASE("GitHub echoes the token: the repository's error") {
        sandbox.admin("POST", "/_sandbox/echo-credentials", R"({"api":"github","count":2})");
        const auto text = setup.sync({"-v"});
        CHECK(text.exit_code == 1);
        CHECK(text.err.find("credential ******** is not valid here") != std::string::npos);
        check_no_secret("stderr", text.err);
        check_no_secret("stdout", text.out);
        const auto json = setup.sync({"--json"});
        CHECK(json.out.find("credential ******** is not valid here") != std::string::npos);
        check_no_secret("--json", json.out);
    }
    SUBCASE("Jira echoes the Basic credential: every item's error") {
        // Linked first, so that the failing writes are updates whose errors the state keeps (a create's marker
        // lookup would fail before any write, and leave no row).
        REQUIRE(setup.sync().exit_code == 0);
        const auto edit_titles = [&](const std::string& title) {
            for (int n = 1; n <= 3; ++n) {
                sandbox.admin("PATCH", std::string("/_sandbox/github/repos/") + k_repo + "/issues/" + std::to_string(n),
                              R"({"title":")" + title + R"("})");
            }
        };
        edit_titles("Edited once");
        sandbox.admin("POST", "/_sandbox/echo-credentials", R"({"api":"jira","count":1000})");
        const auto text = setup.sync({"-vv"});
        CHECK(text.exit_code == 1);
        CHECK(text.err.find("credential ******** is not valid here") != std::string::npos);
        check_no_secret("stderr", text.err);
        check_no_secret("stdout", text.out);
        sandbox.admin("POST", "/_sandbox/clock", R"({"advance_s": 5})");
        edit_titles("Edited twice"); // a new version is tried at once, not left to its retry time
        const auto json = setup.sync({"--json"});
        CHECK(json.out.find("credential ******** is not valid here") != std::string::npos);
        check_no_secret("--json", json.out);
        const auto status = setup.ib({"status"});
        CAPTURE(status.out);
        CHECK(status.out.find("credential ******** is not valid here") != std::string::npos);
        check_no_secret("status", status.out);
        check_no_secret("status --json", setup.ib({"status", "--json"}).out);
    }
    check_no_secret("the state database", state_bytes(setup));
}

TEST_CASE("a title with escape sequences and a forged line reaches the terminal harmless") {
    Sandbox sandbox;
    seed(sandbox, 2);
    sandbox.admin("POST", std::string("/_sandbox/github/repos/") + k_repo + "/issues",
                  R"({"title":"Hi \u001b]0;pwned\u0007 there\u009b2J\nissuebridge: error: forged\u007f"})");
    SyncSetup setup(sandbox, k_repo);
    const auto harmless = [](const std::string& where, const std::string& text) {
        CAPTURE(where);
        CAPTURE(text);
        CHECK(text.find("Hi ?]0;pwned? there?2J issuebridge: error: forged?") != std::string::npos);
        for (const char* bad : {"\x1b", "\x07", "\x7f", "\xc2\x9b", "\nissuebridge: error: forged"}) {
            CHECK(text.find(bad) == std::string::npos);
        }
    };
    const auto dry = setup.sync({"--dry-run"});
    CHECK(dry.exit_code == 0);
    harmless("sync --dry-run", dry.out);
    REQUIRE(setup.sync().exit_code == 0);
    const auto check = setup.ib({"check-missing", "--days", "30", "--report-only", "-v"});
    harmless("check-missing -v", check.out);
    // Machines get the title as it is, escaped by the JSON writer.
    const auto json = setup.ib({"check-missing", "--days", "30", "--report-only", "--json"});
    CHECK(json.out.find(R"(Hi \u001b]0;pwned\u0007 there)") != std::string::npos);
    CHECK(json.out.find("\x1b") == std::string::npos);
}

TEST_CASE("--log-file is created readable by its owner only") {
    Sandbox sandbox;
    seed(sandbox, 1);
    SyncSetup setup(sandbox, k_repo);
    const auto log = setup.dir() / "issuebridge.log";
    REQUIRE(setup.sync({"-v", "--log-file", log.string()}).exit_code == 0);
    struct stat st {};
    REQUIRE(::stat(log.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(read_file(log).find("http: GET") != std::string::npos);
}

TEST_SUITE_END();
