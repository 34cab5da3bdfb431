// The Asana target side of the pair scenarios (pairs.hpp): the sandbox's Asana project 2000, with a personal access
// token that may not write `external` (the notes marker finds the tasks) or an OAuth token (external ids).

#include "pairs.hpp"

#include <simdjson.h>

namespace issuebridge::testing {

namespace {

constexpr std::string_view k_marker = "issuebridge: ";

// A task's name without the " (#<number>)" that Asana's default title, "{title} (#{number})", adds: the title
// as the source shows it.
std::string without_number(std::string name) {
    const auto at = name.rfind(" (#");
    if (at != std::string::npos && name.ends_with(")") &&
        name.find_first_not_of("0123456789", at + 3) == name.size() - 1) {
        name.erase(at);
    }
    return name;
}

class AsanaTarget final : public TargetSide {
public:
    AsanaTarget(std::string name, std::string token) : m_name(std::move(name)), m_token(std::move(token)) {}

    std::string api() const override { return "asana"; }
    std::string name() const override { return m_name; }

    // A paid workspace's budget unless the test sets its own (the sandbox limits nothing): at the free default of
    // 150 a minute, a 150-item import alone would outlast a run's timeout.
    std::string config(const Sandbox& sandbox, const std::string& extra) const override {
        const std::string budget = extra.find("rate_limit") == std::string::npos ? "rate_limit = \"1500/min\"\n" : "";
        return "[targets." + m_name + "]\ntype = \"asana\"\nbase_url = \"" + sandbox.url() +
               "/api/1.0\"\ntoken_env = \"IB_E2E_ASANA\"\nproject = \"2000\"\n" + budget + extra;
    }

    Env env() const override { return {{"IB_E2E_ASANA", m_token}}; }
    std::pair<std::string, std::string> wrong_secret() const override { return {"IB_E2E_ASANA", "asana_WRONGSECRET"}; }

    std::string immediate() const override { return "search_lag = 0\n"; }
    std::string fast() const override { return "rate_limit = \"1000/s\"\n"; }
    // Lookups are a project listing or GET /tasks/external:<id>: neither lags.
    std::optional<LaggingSearch> lagging_search() const override { return std::nullopt; }

    void prepare(Sandbox&) const override {} // the fresh sandbox has project 2000

    std::vector<PairItem> items(Sandbox& sandbox) const override {
        std::vector<PairItem> out;
        simdjson::dom::parser parser;
        const std::string json = sandbox.admin("GET", "/_sandbox/asana/tasks");
        const simdjson::dom::array tasks = parser.parse(json).get_array().value();
        for (auto t : tasks) {
            std::string_view external;
            std::string id;
            if (!t["external"]["gid"].get_string().get(external)) {
                id = external;
            } else {
                const std::string_view notes = t["notes"].get_string().value();
                const auto at = notes.rfind(k_marker);
                REQUIRE_MESSAGE(at != std::string_view::npos, "a task without a marker: " << notes);
                id = notes.substr(at + k_marker.size());
                id = id.substr(0, id.find('\n'));
            }
            PairItem item{"",
                          id,
                          std::string(t["gid"].get_string().value()),
                          without_number(std::string(t["name"].get_string().value())),
                          t["completed"].get_bool().value() ? "closed" : "open",
                          {}};
            for (auto tag : t["tags"].get_array()) {
                item.labels.emplace_back(tag["name"].get_string().value());
            }
            out.push_back(std::move(item));
        }
        return out;
    }

    // Tasks created: with a PAT, a run's first create may be refused for carrying `external` (that is how the
    // target learns the token may not write it) and sent again without it.
    int creates(Sandbox& sandbox) const override { return sandbox.requests("asana", "POST /api/1.0/tasks", "201"); }
    // What the sandbox saw each write change (a PUT of fields, a batch of tag changes; the completed flag).
    int edits(Sandbox& sandbox) const override { return sandbox.requests("asana", "~ task fields edited"); }
    int state_changes(Sandbox& sandbox) const override { return sandbox.requests("asana", "~ task completed changed"); }
    int marker_lookups(Sandbox& sandbox) const override {
        return sandbox.requests("asana", "GET /api/1.0/projects/{project_gid}/tasks") +
               sandbox.requests("asana", "GET /api/1.0/tasks/{task_gid}") +
               sandbox.requests("asana", "GET /api/1.0/tasks/{task_gid+}");
    }
    int resume_lookups(int unlinked, int pages) const override {
        return m_token == "sandbox-asana-oauth" ? unlinked : pages;
    }
    int requests(Sandbox& sandbox) const override { return sandbox.total(api()) - synthetic(sandbox); }
    int writes(Sandbox& sandbox) const override { return sandbox.total(api(), true) - synthetic(sandbox); }

private:
    // The sandbox's own records of what writes changed, beside the requests.
    static int synthetic(Sandbox& sandbox) {
        return sandbox.requests("asana", "~ task fields edited") +
               sandbox.requests("asana", "~ task completed changed");
    }

    std::string m_name;
    std::string m_token;
};

} // namespace

const TargetSide& asana_target() {
    static const AsanaTarget side("asana", "sandbox-asana-pat");
    return side;
}

const TargetSide& asana_oauth_target() {
    static const AsanaTarget side("asana", "sandbox-asana-oauth");
    return side;
}

} // namespace issuebridge::testing
