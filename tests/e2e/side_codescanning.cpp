// The GitHub code scanning source side of the pair scenarios (pairs.hpp): the sandbox's code scanning module.
// Alerts have no free labels or titles: the source gives the tool and the rule's severity as labels and the rule's
// description as {rule}, which the default title "{rule} ({repo})" shows, so a scenario's relabel changes the rule's
// severity and a retitle its description.

#include "pairs.hpp"

#include <simdjson.h>

namespace issuebridge::testing {

namespace {

class CodeScanningSource final : public SourceSide {
public:
    std::string api() const override { return "codescanning"; }
    std::string name() const override { return "cs"; }

    std::string config(const Sandbox& sandbox) const override {
        return "[sources.cs]\ntype = \"codescanning\"\nbase_url = \"" + sandbox.url() +
               "\"\ntoken_env = \"IB_E2E_CODESCANNING\"\n";
    }

    std::string route(const std::string& container) const override { return "repos = [\"" + container + "\"]\n"; }

    Env env() const override { return {{"IB_E2E_CODESCANNING", "sandbox-codescanning-token"}}; }
    std::pair<std::string, std::string> wrong_secret() const override {
        return {"IB_E2E_CODESCANNING", "ghp_WRONGSECRET"};
    }

    // About a quarter closed, all fixed: a dismissed alert reopened also loses its 'suppressed' label (an update
    // besides the reopening), which the shared scenarios' counts do not expect; test_codescanning.cpp covers those.
    void seed(Sandbox& sandbox, const std::string& container, int count, int seed) const override {
        sandbox.admin("POST", "/_sandbox/codescanning/repos/" + container + "/generate",
                      R"({"count":)" + std::to_string(count) + R"(,"fixed_fraction":0.25,"dismissed_fraction":0,)" +
                          R"("seed":)" + std::to_string(seed) + "}");
    }

    std::vector<PairItem> items(Sandbox& sandbox, const std::string& container) const override {
        std::vector<PairItem> out;
        httplib::Client c("127.0.0.1", sandbox.port());
        const httplib::Headers h{{"Authorization", "Bearer sandbox-codescanning-token"}};
        for (int page = 1;; ++page) {
            auto r =
                c.Get("/repos/" + container +
                          "/code-scanning/alerts?sort=number&direction=asc&per_page=100&page=" + std::to_string(page),
                      h);
            REQUIRE(r);
            REQUIRE(r->status == 200);
            simdjson::dom::parser parser;
            auto alerts = parser.parse(r->body).get_array().value();
            if (alerts.size() == 0) {
                return out;
            }
            for (auto a : alerts) {
                if (a["state"].is_null()) {
                    continue; // off the default branch: never synced
                }
                const std::string number = std::to_string(a["number"].get_int64().value());
                const std::string state(a["state"].get_string().value());
                PairItem item{number,
                              "codescanning:127.0.0.1:" + std::to_string(sandbox.port()) + "/" + container + "#" +
                                  number,
                              "",
                              std::string(a["rule"]["description"].get_string().value()) + " (" + container + ")",
                              state == "open" ? "open" : "closed",
                              {std::string(a["tool"]["name"].get_string().value()),
                               std::string(a["rule"]["severity"].get_string().value())}};
                if (state == "dismissed") {
                    item.labels.emplace_back("suppressed");
                }
                out.push_back(std::move(item));
            }
        }
    }

    void change(Sandbox& sandbox, const std::string& container, const PairItem& item,
                const SourceChange& change) const override {
        std::string body;
        const auto add = [&body](const std::string& field) { body += (body.empty() ? "{" : ",") + field; };
        if (change.title) {
            add("\"rule_description\":\"" + *change.title + "\"");
        }
        if (change.labels) {
            const bool error = std::find(item.labels.begin(), item.labels.end(), "error") != item.labels.end();
            add(std::string("\"severity\":\"") + (error ? "warning" : "error") + "\"");
        }
        if (change.state) {
            add("\"state\":\"" + std::string(*change.state == "open" ? "open" : "fixed") + "\"");
        }
        sandbox.admin("PATCH", "/_sandbox/codescanning/repos/" + container + "/alerts/" + item.local_id, body + "}");
    }

    void check_import_listing(Sandbox& sandbox, int count) const override {
        const int pages = std::max(1, (count + 99) / 100);
        CHECK(sandbox.requests("codescanning", "GET /repos/{owner}/{repo}/code-scanning/alerts") == pages);
        CHECK(sandbox.requests("codescanning", "GET /repos/{owner}/{repo}/code-scanning/alerts", "200") == pages);
    }

    void check_full_listing(Sandbox& sandbox, int count) const override {
        const int pages = std::max(1, (count + 99) / 100);
        CHECK(sandbox.requests("codescanning", "GET /repos/{owner}/{repo}/code-scanning/alerts", "200") == pages);
    }

    void check_idle(Sandbox& sandbox) const override {
        CHECK(sandbox.requests("codescanning", "GET /repos/{owner}/{repo}/code-scanning/alerts") == 1);
        CHECK(sandbox.requests("codescanning", "GET /repos/{owner}/{repo}/code-scanning/alerts", "304") == 1);
    }
};

} // namespace

const SourceSide& codescanning_source() {
    static const CodeScanningSource side;
    return side;
}

} // namespace issuebridge::testing
