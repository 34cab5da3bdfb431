#pragma once
// Starts issuebridge-sandbox for one test (port 0, own temp dir) and talks to it over HTTP.

#include "json.hpp"
#include "support/process.hpp"
#include "support/tempdir.hpp"

#include <httplib.h>

#include <memory>
#include <string>
#include <vector>

namespace issuebridge::sandbox::test {

inline constexpr const char* k_github_auth = "Bearer sandbox-github-token";
// Basic sandbox@example.com:sandbox-jira-token
inline constexpr const char* k_jira_auth =
    "Basic c2FuZGJveEBleGFtcGxlLmNvbTpzYW5kYm94LWppcmEtdG9rZW4=";

// A small seed most tests share: GitHub repo octo/hello (empty) and Jira project SUP with one user.
std::string basic_seed();

class SandboxProcess {
public:
    // `seed_json` (if not empty) is written to the temp dir and passed as --seed.
    explicit SandboxProcess(const std::vector<std::string>& args = {},
                            const std::string& seed_json = basic_seed());

    int port() const { return m_port; }
    std::string origin() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    // A new client (no keep-alive), 10 s timeouts.
    std::unique_ptr<httplib::Client> client() const;

    httplib::Result github(const std::string& path, const httplib::Headers& extra = {}) const;
    httplib::Result jira(const std::string& method, const std::string& path,
                         const std::string& body = "") const;
    httplib::Result admin(const std::string& method, const std::string& path,
                          const std::string& body = "") const;
    // Admin call that must succeed (2xx); returns the parsed body (null for an empty one).
    Json admin_ok(const std::string& method, const std::string& path,
                  const std::string& body = "") const;

private:
    testing::TempDir m_dir;
    std::unique_ptr<testing::Child> m_child;
    int m_port = 0;
};

// The parsed body; fails the test when it is not JSON.
Json body_json(const httplib::Result& r);
// The first of Jira's errorMessages in a 400 answer; fails the test when the status is another.
std::string first_error(const httplib::Result& r);
// The JSON text of a request body built from a Json value.
std::string dump(const Json& j);
// Member access for assertions: obj["a"]["b"] without null checks all over the tests.
const Json& at(const Json& j, std::string_view key);
const Json& at(const Json& j, std::size_t index);

} // namespace issuebridge::sandbox::test
