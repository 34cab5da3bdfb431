// Signing in to Asana and reading the configured project ('config check --online'): GET /users/me, GET
// /projects/{gid} (its name and workspace), its sections when one is configured, and GET /tasks/external:<probe>
// to tell which identity this token can use.

#include "asana.hpp"

#include "issuebridge/util/strings.hpp"

namespace issuebridge::targets::asana {

namespace {

namespace dom = simdjson::dom;

// No task carries it: a 404 means the token may read external ids; a refusal naming `external` means it may not.
constexpr std::string_view k_probe_id = "issuebridge:probe";

class Probe final : public ProbeOperation {
public:
    explicit Probe(std::shared_ptr<Context> c) : m_c(std::move(c)) {}

    bool done() const override { return m_result.failure || m_step == Step::done; }

    std::vector<http::Request> next() override {
        const std::string project = "/projects/" + util::url_encode(m_c->project);
        switch (m_step) {
        case Step::me:
            return {request(*m_c, "GET", "/users/me?opt_fields=name,email")};
        case Step::project:
            return {request(*m_c, "GET", project + "?opt_fields=name,workspace,workspace.name")};
        case Step::sections:
            return {request(*m_c, "GET", project + "/sections?limit=100&opt_fields=name")};
        case Step::identity:
        case Step::done:
            break;
        }
        return {request(*m_c, "GET", "/tasks/external:" + util::url_encode(k_probe_id) + "?opt_fields=gid")};
    }

    void on_outcome(std::size_t, http::Outcome outcome) override {
        const Step step = m_step;
        if (step == Step::identity) {
            m_step = Step::done;
            const bool refused = refuses_external(outcome);
            if (refused) {
                m_c->identity = Identity::notes;
            }
            m_summary +=
                refused
                    ? "; identity: notes marker (this token may not use external ids)"
                    : "; identity: " + std::string(to_string(m_c->identity)) +
                          (m_c->identity == Identity::unknown ? "; external ids are tried at the first create" : "");
            return;
        }
        const std::string what = step == Step::me        ? "sign in to asana"
                                 : step == Step::project ? "read project '" + m_c->project + "'"
                                                         : "read the sections of project '" + m_c->project + "'";
        if (step == Step::project && outcome.ok() && outcome->status == 404) {
            m_result.failure =
                util::Failure{util::Failure::Kind::other,
                              "project '" + m_c->project + "' does not exist or this token cannot see it", 404};
            return;
        }
        if (auto f = failure_of(outcome, what)) {
            m_result.failure = std::move(f);
            return;
        }
        dom::parser parser;
        dom::element root;
        if (parser.parse(outcome->body).get(root)) {
            m_result.failure = not_json("asana " + what);
            return;
        }
        m_result.failure = step == Step::me        ? read_me(root)
                           : step == Step::project ? read_project(root)
                                                   : read_sections(root);
    }

    const OperationResult& result() const override { return m_result; }
    const std::string& summary() const override { return m_summary; }

private:
    enum class Step { me, project, sections, identity, done };

    std::optional<util::Failure> read_me(dom::element root) {
        std::string_view name;
        if (root["data"]["name"].get_string().get(name)) {
            return malformed("asana users/me answer", "data.name");
        }
        m_summary = "signed in as " + std::string(name);
        m_step = Step::project;
        return std::nullopt;
    }

    std::optional<util::Failure> read_project(dom::element root) {
        std::string_view name;
        std::string_view workspace;
        std::string_view workspace_name;
        if (root["data"]["name"].get_string().get(name)) {
            return malformed("asana project answer", "data.name");
        }
        if (root["data"]["workspace"]["gid"].get_string().get(workspace)) {
            return malformed("asana project answer", "data.workspace.gid");
        }
        if (root["data"]["workspace"]["name"].get_string().get(workspace_name)) {
            workspace_name = workspace;
        }
        if (!m_c->workspace.empty() && m_c->workspace != workspace) {
            return util::Failure{util::Failure::Kind::other,
                                 "project '" + m_c->project + "' is in workspace " + std::string(workspace) +
                                     ", not the configured " + m_c->workspace + " (leave 'workspace' unset)",
                                 0};
        }
        m_c->workspace = workspace;
        m_summary +=
            "; project " + m_c->project + " (" + std::string(name) + ") in workspace " + std::string(workspace_name);
        m_step = m_c->section.empty() && m_c->done_section.empty() ? Step::identity : Step::sections;
        return std::nullopt;
    }

    std::optional<util::Failure> read_sections(dom::element root) {
        dom::array list;
        if (root["data"].get_array().get(list)) {
            return malformed("asana sections answer", "data");
        }
        std::map<std::string, std::string> names; // gid -> name
        for (dom::element s : list) {
            std::string_view gid;
            std::string_view name;
            if (s["gid"].get_string().get(gid) || s["name"].get_string().get(name)) {
                return malformed("asana sections answer", "data[].gid");
            }
            names.emplace(std::string(gid), std::string(name));
        }
        for (const auto& [key, gid] :
             {std::pair{"section", m_c->section}, std::pair{"done_section", m_c->done_section}}) {
            if (gid.empty()) {
                continue;
            }
            const auto it = names.find(gid);
            if (it == names.end()) {
                return util::Failure{
                    util::Failure::Kind::other,
                    std::string(key) + " " + gid + " is not a section of project '" + m_c->project + "'", 0};
            }
            m_summary += "; " + std::string(key) + " " + it->second;
        }
        m_step = Step::identity;
        return std::nullopt;
    }

    std::shared_ptr<Context> m_c;
    Step m_step = Step::me;
    std::string m_summary;
    OperationResult m_result;
};

} // namespace

std::unique_ptr<ProbeOperation> AsanaTarget::probe() { return std::make_unique<Probe>(m_context); }

} // namespace issuebridge::targets::asana
