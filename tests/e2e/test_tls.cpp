// TLS for real: the sandbox serves HTTPS with a certificate from a throw-away CA made at test time.

#include "widgets.hpp"

#include "support/tls.hpp"

using namespace issuebridge::testing;

namespace {

// A config for acme/widgets against `sandbox`, both sides trusting `ca_file` (none when empty).
std::string config(const Sandbox& sandbox, const std::string& ca_file) {
    const std::string ca = ca_file.empty() ? "" : "ca_file = \"" + ca_file + "\"\n";
    return "[sources.gh]\ntype = \"github\"\nbase_url = \"" + sandbox.url() + "\"\ntoken_env = \"IB_E2E_GITHUB\"\n" +
           ca + "\n[targets.jira]\ntype = \"jira\"\nbase_url = \"" + sandbox.url() +
           "\"\nuser = \"sandbox@example.com\"\ntoken_env = \"IB_E2E_JIRA\"\nproject = \"E2E\"\nsearch_lag = 0\n" + ca +
           "\n[[routes]]\nname = \"main\"\nsource = \"gh\"\ntarget = \"jira\"\nrepos = [\"" + k_repo + "\"]\n";
}

RunResult sync(const TempDir& dir, const std::string& config_text) {
    const auto path = dir.write("config.toml", config_text);
    return run({ISSUEBRIDGE_BINARY, "--config", path.string(), "--state", (dir / "state.db").string(), "sync"},
               SyncSetup::environment());
}

} // namespace

TEST_SUITE_BEGIN("e2e.tls");

TEST_CASE("HTTPS with a private CA: trusted through ca_file, refused without it, refused for another host name") {
    TempDir dir;
    const TestPki pki = make_test_pki(dir.path());

    SUBCASE("a valid chain with ca_file: the sync works") {
        Sandbox sandbox({"--tls-cert", pki.server_cert.string(), "--tls-key", pki.server_key.string()});
        seed(sandbox, 3);
        const auto r = sync(dir, config(sandbox, pki.ca_cert.string()));
        CHECK_MESSAGE(r.exit_code == 0, r.err);
        CHECK(sandbox.jira_issues().size() == 3);
    }
    SUBCASE("an unknown CA: refused, and the message says to set ca_file") {
        Sandbox sandbox({"--tls-cert", pki.server_cert.string(), "--tls-key", pki.server_key.string()});
        seed(sandbox, 3);
        const auto r = sync(dir, config(sandbox, ""));
        CHECK(r.exit_code == 1);
        CHECK_MESSAGE(r.err.find("set 'ca_file'") != std::string::npos, r.err);
        CHECK(sandbox.jira_issues().size() == 0);
    }
    SUBCASE("a certificate for another host name: refused even with the right CA") {
        Sandbox sandbox({"--tls-cert", pki.other_host_cert.string(), "--tls-key", pki.server_key.string()});
        seed(sandbox, 3);
        const auto r = sync(dir, config(sandbox, pki.ca_cert.string()));
        CHECK(r.exit_code == 1);
        CHECK_MESSAGE(r.err.find("127.0.0.1") != std::string::npos, r.err);
        CHECK_MESSAGE(r.err.find("certificate") != std::string::npos, r.err);
        CHECK(r.err.find("set 'ca_file'") == std::string::npos); // it is set: the host name is what is wrong
        CHECK(sandbox.jira_issues().size() == 0);
    }
}

TEST_SUITE_END();
