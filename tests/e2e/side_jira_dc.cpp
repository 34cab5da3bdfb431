// The Jira Data Center target side of the pair scenarios (pairs.hpp): the sandbox's "jiradc" module (REST v2 under
// the context path /jira, a personal access token as Bearer) over the same project E2E.

#include "pairs.hpp"

#include <simdjson.h>

namespace issuebridge::testing {

namespace {

class JiraDcTarget final : public TargetSide {
public:
    std::string api() const override { return "jiradc"; }
    std::string name() const override { return "jiradc"; }

    std::string config(const Sandbox& sandbox, const std::string& extra) const override {
        return "[targets.jiradc]\ntype = \"jira\"\napi_version = 2\nbase_url = \"" + sandbox.url() +
               "/jira\"\ntoken_env = \"IB_E2E_JIRA_DC\"\nproject = \"E2E\"\n" + extra;
    }

    Env env() const override { return {{"IB_E2E_JIRA_DC", "sandbox-jira-pat"}}; }
    std::pair<std::string, std::string> wrong_secret() const override {
        return {"IB_E2E_JIRA_DC", "jiradc_WRONGSECRET"};
    }

    std::string immediate() const override { return "search_lag = 0\n"; }
    std::string fast() const override { return "rate_limit = \"1000/s\"\n"; }

    std::optional<LaggingSearch> lagging_search() const override {
        return LaggingSearch{{"--search-lag-ms", "400"}, "search_lag = 1\n", std::chrono::milliseconds(300)};
    }

    void prepare(Sandbox& sandbox) const override {
        sandbox.admin("POST", "/_sandbox/jira/projects",
                      R"({"key":"E2E","name":"End to end","issue_types":["Task","Bug"]})");
    }

    std::vector<PairItem> items(Sandbox& sandbox) const override {
        std::vector<PairItem> out;
        for (auto i : sandbox.jira_issues()) {
            std::string_view id;
            REQUIRE_FALSE(i["properties"]["issuebridge"]["externalId"].get_string().get(id));
            // Data Center descriptions are wiki-markup strings, never ADF.
            CHECK(i["fields"]["description"].is_string());
            const std::string status(i["fields"]["status"].get_string().value());
            PairItem item{"",
                          std::string(id),
                          std::string(i["key"].get_string().value()),
                          std::string(i["fields"]["summary"].get_string().value()),
                          status == "To Do"  ? "open"
                          : status == "Done" ? "closed"
                                             : status,
                          {}};
            for (auto l : i["fields"]["labels"].get_array()) {
                item.labels.emplace_back(l.get_string().value());
            }
            out.push_back(std::move(item));
        }
        return out;
    }

    int creates(Sandbox& sandbox) const override { return sandbox.requests(api(), "POST /jira/rest/api/2/issue"); }
    int edits(Sandbox& sandbox) const override {
        return sandbox.requests(api(), "PUT /jira/rest/api/2/issue/{issueIdOrKey}");
    }
    int state_changes(Sandbox& sandbox) const override {
        return sandbox.requests(api(), "POST /jira/rest/api/2/issue/{issueIdOrKey}/transitions");
    }
    int marker_lookups(Sandbox& sandbox) const override {
        return sandbox.requests(api(), "POST /jira/rest/api/2/search");
    }
    // A page's lookup, then its adopted items read back through the same endpoint (a key in (…) search).
    int adopt_lookups(int pages) const override { return 2 * pages; }
    int requests(Sandbox& sandbox) const override { return sandbox.total(api()); }
    // Search is a POST: it counts, and an idle run makes none.
    int writes(Sandbox& sandbox) const override { return sandbox.total(api(), true); }
};

} // namespace

const TargetSide& jira_dc_target() {
    static const JiraDcTarget side;
    return side;
}

} // namespace issuebridge::testing
