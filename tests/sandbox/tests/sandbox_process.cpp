#include "sandbox_process.hpp"

#include <doctest/doctest.h>

namespace issuebridge::sandbox::test {

std::string basic_seed() {
    return R"({
  "github": {"repos": {"octo/hello": {}}},
  "jira": {
    "projects": [{"key": "SUP", "name": "Support", "issue_types": ["Task", "Bug"]}],
    "users": [{"accountId": "5b10ac8d82e05b22cc7d4ef5", "displayName": "Dana Developer"}]
  }
})";
}

SandboxProcess::SandboxProcess(const std::vector<std::string>& args, const std::string& seed_json) {
    std::vector<std::string> argv{ISSUEBRIDGE_SANDBOX_BINARY, "--port", "0"};
    if (!seed_json.empty()) {
        argv.push_back("--seed");
        argv.push_back(m_dir.write("seed.json", seed_json).string());
    }
    argv.insert(argv.end(), args.begin(), args.end());
    m_child = std::make_unique<testing::Child>(argv);
    const std::string line = m_child->read_line();
    REQUIRE_MESSAGE(!line.empty(), "the sandbox printed no port");
    m_port = std::stoi(line);
    REQUIRE(m_port > 0);
}

std::unique_ptr<httplib::Client> SandboxProcess::client() const {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", m_port);
    c->set_connection_timeout(10);
    c->set_read_timeout(10);
    c->set_write_timeout(10);
    return c;
}

httplib::Result SandboxProcess::github(const std::string& path,
                                       const httplib::Headers& extra) const {
    httplib::Headers headers{{"Authorization", k_github_auth},
                             {"Accept", "application/vnd.github+json"}};
    headers.insert(extra.begin(), extra.end());
    return client()->Get(path, headers);
}

httplib::Result SandboxProcess::jira(const std::string& method, const std::string& path,
                                     const std::string& body) const {
    const httplib::Headers headers{{"Authorization", k_jira_auth}, {"Accept", "application/json"}};
    auto c = client();
    if (method == "GET") {
        return c->Get(path, headers);
    }
    if (method == "PUT") {
        return c->Put(path, headers, body, "application/json");
    }
    return c->Post(path, headers, body, "application/json");
}

httplib::Result SandboxProcess::admin(const std::string& method, const std::string& path,
                                      const std::string& body) const {
    auto c = client();
    if (method == "GET") {
        return c->Get(path);
    }
    if (method == "PUT") {
        return c->Put(path, body, "application/json");
    }
    if (method == "PATCH") {
        return c->Patch(path, body, "application/json");
    }
    if (method == "DELETE") {
        return c->Delete(path);
    }
    return c->Post(path, body, "application/json");
}

Json SandboxProcess::admin_ok(const std::string& method, const std::string& path,
                              const std::string& body) const {
    const auto r = admin(method, path, body);
    REQUIRE(r);
    INFO(method, " ", path, " -> ", r->status, " ", r->body);
    REQUIRE(r->status >= 200);
    REQUIRE(r->status < 300);
    return r->body.empty() ? Json() : body_json(r);
}

Json body_json(const httplib::Result& r) {
    REQUIRE(r);
    auto j = Json::parse(r->body);
    INFO("body: ", r->body);
    REQUIRE(j.has_value());
    return *j;
}

std::string first_error(const httplib::Result& r) {
    REQUIRE(r);
    CHECK(r->status == 400);
    return at(at(body_json(r), "errorMessages"), 0).as_string();
}

std::string dump(const Json& j) { return j.dump(); }

const Json& at(const Json& j, std::string_view key) {
    const Json* v = j.get(key);
    INFO("missing key '", key, "' in ", j.dump());
    REQUIRE(v != nullptr);
    return *v;
}

const Json& at(const Json& j, std::size_t index) {
    INFO("no element ", index, " in ", j.dump());
    REQUIRE(j.is_array());
    REQUIRE(index < j.as_array().size());
    return j.as_array()[index];
}

} // namespace issuebridge::sandbox::test
