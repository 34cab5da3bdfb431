// The LGTM source side of the pair scenarios (pairs.hpp): the sandbox's LGTM module. A container "acme/widgets" is
// the project "g/acme/widgets". Its items are the alerts any analysis found: open or suppressed (closed, labelled
// 'suppressed') in the latest analysis, or fixed (closed) when the latest lacks them. A change is a new analysis: a
// retitle gives the alert a rule of its own with that name (a rule's name is every one of its alerts'), a relabel
// flips its level, closing leaves it out (fixed) and reopening brings it back.

#include "pairs.hpp"

#include <simdjson.h>

namespace issuebridge::testing {

namespace {

class LgtmSource final : public SourceSide {
public:
    std::string api() const override { return "lgtm"; }
    std::string name() const override { return "lg"; }

    std::string config(const Sandbox& sandbox) const override {
        return "[sources.lg]\ntype = \"lgtm\"\nbase_url = \"" + sandbox.url() +
               "/api/v1.0\"\ntoken_env = \"IB_E2E_LGTM\"\n";
    }

    std::string repo(const std::string& container) const override { return "g/" + container; }
    std::string route(const std::string& container) const override { return "repos = [\"" + repo(container) + "\"]\n"; }

    Env env() const override { return {{"IB_E2E_LGTM", "sandbox-lgtm-token"}}; }
    std::pair<std::string, std::string> wrong_secret() const override { return {"IB_E2E_LGTM", "lgtm_WRONGSECRET"}; }

    // One analysis, about a quarter of its alerts suppressed.
    void seed(Sandbox& sandbox, const std::string& container, int count, int seed) const override {
        sandbox.admin("POST", "/_sandbox/lgtm/projects/" + project(sandbox, container) + "/analyses",
                      R"({"generate":{"count":)" + std::to_string(count) + R"(,"suppressed_fraction":0.25,"seed":)" +
                          std::to_string(seed) + "}}");
    }

    std::vector<PairItem> items(Sandbox& sandbox, const std::string& container) const override {
        const std::string id = project(sandbox, container);
        const std::string body = sandbox.admin("GET", "/_sandbox/lgtm/projects/" + id + "/alerts");
        simdjson::dom::parser parser;
        std::vector<PairItem> out;
        const simdjson::dom::array alerts = parser.parse(body).get_array().value();
        for (auto a : alerts) {
            const std::string key(a["key"].get_string().value());
            const std::string state(a["state"].get_string().value());
            PairItem item{key,
                          "lgtm:127.0.0.1:" + std::to_string(sandbox.port()) + "/" + id + "/" + key,
                          "",
                          std::string(a["rule_name"].get_string().value()) + " (" + repo(container) + ")",
                          state == "open" ? "open" : "closed",
                          {"LGTM", std::string(a["level"].get_string().value())}};
            if (state == "suppressed") {
                item.labels.emplace_back("suppressed");
            }
            out.push_back(std::move(item));
        }
        return out;
    }

    void change(Sandbox& sandbox, const std::string& container, const PairItem& item,
                const SourceChange& change) const override {
        std::string body;
        const auto add = [&body](const std::string& field) { body += (body.empty() ? "{" : ",") + field; };
        if (change.title) {
            add(R"("rule":"e2e/)" + item.local_id + R"(","rule_name":")" + *change.title + "\"");
        }
        if (change.labels) {
            const bool error = std::find(item.labels.begin(), item.labels.end(), "error") != item.labels.end();
            add(std::string(R"("level":")") + (error ? "warning" : "error") + "\"");
        }
        if (change.state) {
            add(R"("state":")" + std::string(*change.state == "open" ? "open" : "fixed") + "\"");
        }
        sandbox.admin("PATCH", "/_sandbox/lgtm/projects/" + project(sandbox, container) + "/alerts/" + item.local_id,
                      body + "}");
    }

    // The project by its URL identifier, the latest analysis, and its alerts in one download.
    void check_import_listing(Sandbox& sandbox, int) const override {
        CHECK(sandbox.requests("lgtm", k_project, "200") == 1);
        CHECK(sandbox.requests("lgtm", k_latest, "200") == 1);
        CHECK(sandbox.requests("lgtm", k_alerts, "200") == 1);
    }

    void check_full_listing(Sandbox& sandbox, int count) const override { check_import_listing(sandbox, count); }

    // The latest analysis alone (the project id is in the cursor), and no download.
    void check_idle(Sandbox& sandbox) const override {
        CHECK(sandbox.requests("lgtm", k_latest) == 1);
        CHECK(sandbox.requests("lgtm", k_project) == 0);
        CHECK(sandbox.requests("lgtm", k_alerts) == 0);
    }

private:
    static constexpr const char* k_project = "GET /api/v1.0/projects/{provider}/{org}/{name}";
    static constexpr const char* k_latest = "GET /api/v1.0/analyses/{project}/commits/{commit}";
    static constexpr const char* k_alerts = "GET /api/v1.0/analyses/{analysis}/alerts";

    // The numeric id of the container's project (made when absent), through the admin API: it is not counted.
    std::string project(Sandbox& sandbox, const std::string& container) const {
        const std::string body =
            sandbox.admin("POST", "/_sandbox/lgtm/projects", R"({"url_identifier":")" + repo(container) + "\"}");
        simdjson::dom::parser parser;
        return std::to_string(parser.parse(body)["id"].get_int64().value());
    }
};

} // namespace

const SourceSide& lgtm_source() {
    static const LgtmSource side;
    return side;
}

} // namespace issuebridge::testing
