// The GitHub source side of the pair scenarios (pairs.hpp): the sandbox's GitHub REST API.

#include "pairs.hpp"

#include <simdjson.h>

namespace issuebridge::testing {

namespace {

class GitHubSource final : public SourceSide {
public:
    std::string api() const override { return "github"; }
    std::string name() const override { return "gh"; }

    std::string config(const Sandbox& sandbox) const override {
        return "[sources.gh]\ntype = \"github\"\nbase_url = \"" + sandbox.url() + "\"\ntoken_env = \"IB_E2E_GITHUB\"\n";
    }

    std::string route(const std::string& container) const override { return "repos = [\"" + container + "\"]\n"; }

    Env env() const override { return {{"IB_E2E_GITHUB", "sandbox-github-token"}}; }
    std::pair<std::string, std::string> wrong_secret() const override { return {"IB_E2E_GITHUB", "ghp_WRONGSECRET"}; }

    void seed(Sandbox& sandbox, const std::string& container, int count, int seed) const override {
        sandbox.admin("POST", "/_sandbox/github/repos/" + container + "/generate",
                      R"({"count":)" + std::to_string(count) + R"(,"closed_fraction":0.25,"pr_fraction":0.2,"seed":)" +
                          std::to_string(seed) + "}");
    }

    // Newest created first, as GitHub lists them by default.
    std::vector<PairItem> items(Sandbox& sandbox, const std::string& container) const override {
        std::vector<PairItem> out;
        httplib::Client c("127.0.0.1", sandbox.port());
        const httplib::Headers h{{"Authorization", "Bearer sandbox-github-token"}};
        for (int page = 1;; ++page) {
            auto r = c.Get("/repos/" + container + "/issues?state=all&per_page=100&page=" + std::to_string(page), h);
            REQUIRE(r);
            REQUIRE(r->status == 200);
            simdjson::dom::parser parser;
            auto items = parser.parse(r->body).get_array().value();
            if (items.size() == 0) {
                return out;
            }
            for (auto i : items) {
                const std::string number = std::to_string(i["number"].get_int64().value());
                PairItem item{number,
                              "github:127.0.0.1:" + std::to_string(sandbox.port()) + "/" + container + "#" + number,
                              "",
                              std::string(i["title"].get_string().value()),
                              std::string(i["state"].get_string().value()),
                              {}};
                for (auto l : i["labels"].get_array()) {
                    item.labels.emplace_back(l["name"].get_string().value());
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
            add("\"title\":\"" + *change.title + "\"");
        }
        if (change.labels) {
            std::string labels;
            for (const auto& l : *change.labels) {
                labels += (labels.empty() ? "\"" : ",\"") + l + "\"";
            }
            add("\"labels\":[" + labels + "]");
        }
        if (change.state) {
            add("\"state\":\"" + *change.state + "\"");
        }
        sandbox.admin("PATCH", "/_sandbox/github/repos/" + container + "/issues/" + item.local_id, body + "}");
    }

    void check_import_listing(Sandbox& sandbox, int count) const override {
        // Pages of 100; GitHub's next link (and the sandbox's) names the repository by id.
        const int pages = std::max(1, (count + 99) / 100);
        CHECK(sandbox.requests("github", "GET /repos/{owner}/{repo}/issues") == 1);
        CHECK(sandbox.requests("github", "GET /repositories/{repository_id}/issues") == pages - 1);
    }

    void check_full_listing(Sandbox& sandbox, int count) const override {
        const int pages = std::max(1, (count + 99) / 100);
        CHECK(sandbox.requests("github", "GET /repos/{owner}/{repo}/issues", "200") == 1);
        CHECK(sandbox.requests("github", "GET /repositories/{repository_id}/issues") == pages - 1);
    }

    void check_idle(Sandbox& sandbox) const override {
        CHECK(sandbox.requests("github", "GET /repos/{owner}/{repo}/issues") == 1);
        CHECK(sandbox.requests("github", "GET /repos/{owner}/{repo}/issues", "304") == 1);
    }
};

} // namespace

const SourceSide& github_source() {
    static const GitHubSource side;
    return side;
}

} // namespace issuebridge::testing
