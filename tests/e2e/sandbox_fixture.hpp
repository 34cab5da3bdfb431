#pragma once
// A sandbox process and an issuebridge configuration pointed at it, each test with its own port and temp dir.

#include "support/process.hpp"
#include "support/tempdir.hpp"

#include <doctest/doctest.h>
#include <httplib.h>
#include <simdjson.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace issuebridge::testing {

class Sandbox {
public:
    explicit Sandbox(std::vector<std::string> extra_args = {}) {
        std::vector<std::string> argv{ISSUEBRIDGE_SANDBOX, "--port", "0"};
        argv.insert(argv.end(), extra_args.begin(), extra_args.end());
        m_child = std::make_unique<Child>(argv);
        m_port = std::stoi(m_child->read_line());
        if (std::find(extra_args.begin(), extra_args.end(), "--tls-cert") != extra_args.end()) {
            m_scheme = "https";
        }
        m_client = std::make_unique<httplib::Client>(url());
        m_client->enable_server_certificate_verification(false); // admin calls; the product's TLS is under test
    }

    int port() const { return m_port; }
    std::string url() const { return m_scheme + "://127.0.0.1:" + std::to_string(m_port); }

    // An admin call; fails the test unless it answers 2xx. Returns the body.
    std::string admin(const std::string& method, const std::string& path, const std::string& body = "{}") {
        httplib::Result r = method == "GET"     ? m_client->Get(path)
                            : method == "POST"  ? m_client->Post(path, body, "application/json")
                            : method == "PATCH" ? m_client->Patch(path, body, "application/json")
                            : method == "PUT"   ? m_client->Put(path, body, "application/json")
                                                : m_client->Delete(path);
        REQUIRE_MESSAGE(r, method << " " << path << ": no answer");
        REQUIRE_MESSAGE(r->status / 100 == 2, method << " " << path << ": " << r->status << " " << r->body);
        return r->body;
    }

    // Every Jira issue the sandbox holds, as simdjson DOM (kept alive by this object).
    simdjson::dom::array jira_issues() {
        m_json = admin("GET", "/_sandbox/jira/issues");
        return m_parser.parse(m_json).get_array().value();
    }

    // How many API requests of `method route` were answered, by status ("" for all).
    int requests(const std::string& api, const std::string& route, const std::string& status = "") {
        m_json = admin("GET", "/_sandbox/requests");
        simdjson::dom::element counts;
        if (m_parser.parse(m_json).at_key(api).at_key(route).get(counts)) {
            return 0;
        }
        std::int64_t n = 0;
        const auto value = status.empty() ? counts.at_key("count") : counts.at_key("by_status").at_key(status);
        return value.get(n) == simdjson::SUCCESS ? static_cast<int>(n) : 0;
    }

    // Every Jira request of any route.
    int jira_requests() { return total("jira"); }
    int jira_writes() { return total("jira", true); }

    // Every request to `api` ("github", "jira": the sandbox module's name) of any route, or of any route but GETs.
    int total(const std::string& api, bool writes_only = false) {
        m_json = admin("GET", "/_sandbox/requests");
        simdjson::dom::object routes;
        if (m_parser.parse(m_json).at_key(api).get(routes)) {
            return 0;
        }
        std::int64_t n = 0;
        for (auto [route, counts] : routes) {
            if (writes_only && std::string_view(route).starts_with("GET ")) {
                continue;
            }
            n += counts.at_key("count").get_int64().value();
        }
        return static_cast<int>(n);
    }

private:
    std::unique_ptr<Child> m_child;
    int m_port = 0;
    std::string m_scheme = "http";
    std::unique_ptr<httplib::Client> m_client;
    simdjson::dom::parser m_parser;
    std::string m_json;
};

// A temp dir with a config for one GitHub repository into the sandbox's Jira project, and a way to run
// issuebridge on it.
class SyncSetup {
public:
    SyncSetup(Sandbox& sandbox, std::string repo, std::string extra_target = "search_lag = 0\n")
        : m_sandbox(sandbox), m_repo(std::move(repo)) {
        write_config(extra_target, "");
    }

    void write_config(const std::string& extra_target, const std::string& extra_route) {
        m_dir.write("config.toml",
                    "[sources.gh]\ntype = \"github\"\nbase_url = \"" + m_sandbox.url() +
                        "\"\ntoken_env = \"IB_E2E_GITHUB\"\n\n[targets.jira]\ntype = \"jira\"\n"
                        "base_url = \"" +
                        m_sandbox.url() +
                        "\"\nuser = \"sandbox@example.com\"\n"
                        "token_env = \"IB_E2E_JIRA\"\nproject = \"E2E\"\n" +
                        extra_target +
                        "\n[[routes]]\nname = \"main\"\nsource = \"gh\"\ntarget = \"jira\"\nrepos = [\"" + m_repo +
                        "\"]\n" + extra_route);
    }

    // issuebridge on this config and state with `args` (a command and its flags).
    RunResult ib(std::vector<std::string> args, std::map<std::string, std::optional<std::string>> env = {}) {
        RunOptions options = environment();
        for (auto& [k, v] : env) {
            options.env[k] = v;
        }
        return run(argv(std::move(args)), options);
    }

    RunResult sync(std::vector<std::string> args = {}, std::map<std::string, std::optional<std::string>> env = {}) {
        args.insert(args.begin(), "sync");
        return ib(std::move(args), std::move(env));
    }

    // The sandbox's credentials in the variables the config names.
    static RunOptions environment() {
        RunOptions options;
        options.env = {{"IB_E2E_GITHUB", "sandbox-github-token"}, {"IB_E2E_JIRA", "sandbox-jira-token"}};
        return options;
    }

    std::vector<std::string> argv(std::vector<std::string> args) const {
        std::vector<std::string> argv{ISSUEBRIDGE_BINARY, "--config", (m_dir / "config.toml").string(), "--state",
                                      state_path()};
        argv.insert(argv.end(), args.begin(), args.end());
        return argv;
    }

    // The argv of 'issuebridge sync'.
    std::vector<std::string> command() const { return argv({"sync"}); }

    std::string state_path() const { return (m_dir / "state.db").string(); }
    const TempDir& dir() const { return m_dir; }

private:
    Sandbox& m_sandbox;
    std::string m_repo;
    TempDir m_dir;
};

} // namespace issuebridge::testing
