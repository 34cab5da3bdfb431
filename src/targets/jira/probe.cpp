// Signing in to Jira and reading the configured project: GET /rest/api/3/myself, then
// GET /rest/api/3/project/{key}, whose issue types must include the configured one.

#include "jira.hpp"

#include "issuebridge/util/strings.hpp"

#include <simdjson.h>

namespace issuebridge::targets::jira {

namespace {

// DOM, not on-demand: each answer is checked whole before any field is read (see github/parse.cpp).
namespace dom = simdjson::dom;

class Probe final : public ProbeOperation {
public:
    explicit Probe(std::shared_ptr<Context> c) : m_c(std::move(c)) {}

    bool done() const override { return m_result.failure || m_step == Step::done; }

    std::vector<http::Request> next() override {
        return {m_step == Step::myself ? request(*m_c, "GET", "/rest/api/3/myself")
                                       : request(*m_c, "GET", "/rest/api/3/project/" + util::url_encode(m_c->project))};
    }

    void on_outcome(std::size_t, http::Outcome outcome) override {
        const bool project = m_step == Step::project;
        m_step = project ? Step::done : Step::project;
        if (!outcome.ok()) {
            m_result.failure = outcome.failure();
        } else if (project && outcome->status == 404) {
            m_result.failure =
                util::Failure{util::Failure::Kind::http,
                              "project '" + m_c->project + "' does not exist or this user cannot see it", 404};
        } else if (!outcome->success()) {
            m_result.failure =
                http::failure_from(*outcome, project ? "read project '" + m_c->project + "'" : "sign in to jira");
            if (m_result.failure->kind == util::Failure::Kind::http) {
                m_result.failure->message += ": " + error_text(outcome->body);
            }
        } else {
            m_result.failure = project ? read_project(outcome->body) : read_myself(outcome->body);
        }
    }

    const OperationResult& result() const override { return m_result; }
    const std::string& summary() const override { return m_summary; }

private:
    enum class Step { myself, project, done };

    static util::Failure malformed(const std::string& what, const std::string& field) {
        return {util::Failure::Kind::parse, "jira " + what + " answer: field '" + field + "' is malformed", 0};
    }

    std::optional<util::Failure> read_myself(const std::string& body) {
        dom::parser parser;
        dom::element doc;
        std::string_view name;
        if (parser.parse(body).get(doc)) {
            return not_json("jira myself answer");
        }
        if (doc["displayName"].get_string().get(name)) {
            return malformed("myself", "displayName");
        }
        m_summary = "signed in as " + std::string(name);
        return std::nullopt;
    }

    std::optional<util::Failure> read_project(const std::string& body) {
        dom::parser parser;
        dom::element root;
        std::string_view name;
        dom::array types;
        if (parser.parse(body).get(root)) {
            return not_json("jira project answer");
        }
        if (root["name"].get_string().get(name)) {
            return malformed("project", "name");
        }
        const std::string project_name(name);
        if (root["issueTypes"].get_array().get(types)) {
            return malformed("project", "issueTypes");
        }
        std::vector<std::string> names;
        for (dom::element type : types) {
            std::string_view n;
            if (type["name"].get_string().get(n)) {
                return malformed("project", "issueTypes[].name");
            }
            names.emplace_back(n);
        }
        if (std::find(names.begin(), names.end(), m_c->issue_type) == names.end()) {
            const std::string hint = util::did_you_mean(m_c->issue_type, names);
            return util::Failure{util::Failure::Kind::other,
                                 "project '" + m_c->project + "' has no issue type '" + m_c->issue_type + "' (it has " +
                                     util::join(names, ", ") + ")" + (hint.empty() ? "" : "; " + hint),
                                 0};
        }
        m_summary += "; project " + m_c->project + " (" + project_name + "), issue type " + m_c->issue_type;
        return std::nullopt;
    }

    std::shared_ptr<Context> m_c;
    Step m_step = Step::myself;
    std::string m_summary;
    OperationResult m_result;
};

} // namespace

std::unique_ptr<ProbeOperation> JiraTarget::probe() { return std::make_unique<Probe>(m_context); }

} // namespace issuebridge::targets::jira
