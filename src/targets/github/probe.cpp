// Signing in to GitHub and reading the configured repository ('config check --online'): GET /user, then
// GET /repos/{owner}/{repo}, whose issues must be enabled ("has_issues") and whose permissions must let the token
// create labels (triage, push, maintain or admin).

#include "github.hpp"

#include <simdjson.h>

namespace issuebridge::targets::github {

namespace {

namespace dom = simdjson::dom;

class Probe final : public ProbeOperation {
public:
    explicit Probe(std::shared_ptr<Context> c) : m_c(std::move(c)) {}

    bool done() const override { return m_result.failure || m_step == Step::done; }

    std::vector<http::Request> next() override {
        return {request(*m_c, "GET", m_step == Step::user ? "/user" : repo_path(*m_c))};
    }

    void on_outcome(std::size_t, http::Outcome outcome) override {
        const bool repo = m_step == Step::repo;
        m_step = repo ? Step::done : Step::repo;
        if (repo && outcome.ok() && outcome->status == 404) {
            m_result.failure =
                util::Failure{util::Failure::Kind::config,
                              "repository '" + m_c->repo + "' does not exist or this token cannot see it", 404};
        } else if (auto f = failure_of(outcome, repo ? "read repository '" + m_c->repo + "'" : "sign in to github")) {
            m_result.failure = std::move(f);
        } else {
            m_result.failure = repo ? read_repo(outcome->body) : read_user(outcome->body);
        }
    }

    const OperationResult& result() const override { return m_result; }
    const std::string& summary() const override { return m_summary; }

private:
    enum class Step { user, repo, done };

    static util::Failure malformed(const std::string& what, const std::string& field) {
        return {util::Failure::Kind::parse, "github " + what + " answer: field '" + field + "' is malformed", 0};
    }

    std::optional<util::Failure> read_user(const std::string& body) {
        dom::parser parser;
        std::string_view login;
        if (parser.parse(body)["login"].get_string().get(login)) {
            return malformed("user", "login");
        }
        m_summary = "signed in as " + std::string(login);
        return std::nullopt;
    }

    std::optional<util::Failure> read_repo(const std::string& body) {
        dom::parser parser;
        dom::element root;
        bool has_issues = false;
        std::string_view full_name;
        if (parser.parse(body).get(root)) {
            return malformed("repository", "(the body is not JSON)");
        }
        if (root["full_name"].get_string().get(full_name)) {
            return malformed("repository", "full_name");
        }
        if (root["has_issues"].get_bool().get(has_issues)) {
            return malformed("repository", "has_issues");
        }
        if (!has_issues) {
            return util::Failure{util::Failure::Kind::config, "repository '" + m_c->repo + "' has its issues disabled",
                                 0};
        }
        dom::object permissions;
        if (root["permissions"].get_object().get(permissions)) {
            return malformed("repository", "permissions"); // GitHub gives it to a signed-in caller
        }
        bool can_label = false;
        for (const char* role : {"triage", "push", "maintain", "admin"}) {
            bool granted = false;
            can_label |= !permissions[role].get_bool().get(granted) && granted;
        }
        if (!can_label) {
            return util::Failure{util::Failure::Kind::config,
                                 "this token cannot create labels in '" + m_c->repo +
                                     "' (it needs triage or write access to the repository)",
                                 0};
        }
        m_summary += "; repository " + std::string(full_name) + " (issues enabled, labels can be created)";
        return std::nullopt;
    }

    std::shared_ptr<Context> m_c;
    Step m_step = Step::user;
    std::string m_summary;
    OperationResult m_result;
};

} // namespace

std::unique_ptr<ProbeOperation> GitHubTarget::probe() { return std::make_unique<Probe>(m_context); }

} // namespace issuebridge::targets::github
