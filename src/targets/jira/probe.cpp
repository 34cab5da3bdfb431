// Signing in to Jira and reading the configured project: GET <api>/myself, on Data Center GET /rest/api/2/serverInfo
// (which version answers), then GET <api>/project/{key}, whose issue types must include the configured one.

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
        switch (m_step) {
        case Step::myself:
            return {request(*m_c, "GET", "/myself")};
        case Step::server_info:
            return {request(*m_c, "GET", "/serverInfo")};
        default:
            return {request(*m_c, "GET", "/project/" + util::url_encode(m_c->project))};
        }
    }

    void on_outcome(std::size_t, http::Outcome outcome) override {
        const bool project = m_step == Step::project;
        const bool server_info = m_step == Step::server_info;
        m_step = project                                               ? Step::done
                 : m_step == Step::myself && m_c->dialect.version == 2 ? Step::server_info
                                                                       : Step::project;
        if (!outcome.ok()) {
            m_result.failure = outcome.failure();
        } else if (project && outcome->status == 404) {
            m_result.failure =
                util::Failure{util::Failure::Kind::http,
                              "project '" + m_c->project + "' does not exist or this user cannot see it", 404};
        } else if (!outcome->success()) {
            const std::string what = project       ? "read project '" + m_c->project + "'"
                                     : server_info ? "read the jira server info"
                                                   : "sign in to jira with " + m_c->auth_kind;
            m_result.failure = http::failure_from(*outcome, what);
            if (m_result.failure->kind == util::Failure::Kind::http) {
                m_result.failure->message += ": " + error_text(outcome->body);
            }
        } else if (server_info) {
            m_result.failure = read_server_info(outcome->body);
        } else {
            m_result.failure = project ? read_project(outcome->body) : read_myself(outcome->body);
        }
    }

    const OperationResult& result() const override { return m_result; }
    const std::string& summary() const override { return m_summary; }

private:
    enum class Step { myself, server_info, project, done };

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
        m_summary = "signed in as " + std::string(name) + " with " + m_c->auth_kind;
        return std::nullopt;
    }

    // {"baseUrl":…,"version":"9.12.2","versionNumbers":[9,12,2],"deploymentType":"Server",…}: the DC OpenAPI file
    // names the answer ServerInfoBean without its fields; these are Jira's ServerInformation fields (the Cloud
    // spec's, which DC shares). Only `version` is required here.
    std::optional<util::Failure> read_server_info(const std::string& body) {
        dom::parser parser;
        dom::element doc;
        std::string_view version;
        std::string_view deployment;
        if (parser.parse(body).get(doc)) {
            return not_json("jira serverInfo answer");
        }
        if (doc["version"].get_string().get(version)) {
            return malformed("serverInfo", "version");
        }
        if (doc["deploymentType"].get_string().get(deployment)) {
            deployment = "Server"; // older servers do not say
        }
        m_summary += "; Jira " + std::string(deployment) + " " + std::string(version);
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
