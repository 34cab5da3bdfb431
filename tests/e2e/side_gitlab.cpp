// The GitLab source side of the pair scenarios (pairs.hpp): the sandbox's GitLab REST v4 API. Issues and merge
// requests have iid sequences of their own, so the generated data holds issue #n and merge request !n alike.

#include "pairs.hpp"

#include <simdjson.h>

namespace issuebridge::testing {

namespace {

std::string encoded(const std::string& path) {
    std::string out;
    for (const char c : path) {
        out += c == '/' ? std::string("%2F") : std::string(1, c);
    }
    return out;
}

// GitLab's state words as the scenarios compare them: what the target should show by the row's defaults.
std::string normalized(std::string_view state) { return state == "opened" ? "open" : "closed"; }

class GitLabSource final : public SourceSide {
public:
    std::string api() const override { return "gitlab"; }
    std::string name() const override { return "gl"; }

    std::string config(const Sandbox& sandbox) const override {
        return "[sources.gl]\ntype = \"gitlab\"\nbase_url = \"" + sandbox.url() +
               "/api/v4\"\ntoken_env = \"IB_E2E_GITLAB\"\n";
    }

    std::string route(const std::string& container) const override { return "repos = [\"" + container + "\"]\n"; }

    Env env() const override { return {{"IB_E2E_GITLAB", "sandbox-gitlab-token"}}; }
    std::pair<std::string, std::string> wrong_secret() const override { return {"IB_E2E_GITLAB", "glpat-WRONGSECRET"}; }

    void seed(Sandbox& sandbox, const std::string& container, int count, int seed) const override {
        sandbox.admin("POST", "/_sandbox/gitlab/projects/" + container + "/generate",
                      R"({"count":)" + std::to_string(count) + R"(,"closed_fraction":0.25,"mr_fraction":0.2,"seed":)" +
                          std::to_string(seed) + "}");
    }

    // Issues, then merge requests, each newest created first (GitLab's default order).
    std::vector<PairItem> items(Sandbox& sandbox, const std::string& container) const override {
        std::vector<PairItem> out;
        httplib::Client c("127.0.0.1", sandbox.port());
        const httplib::Headers h{{"PRIVATE-TOKEN", "sandbox-gitlab-token"}};
        const std::string host = "127.0.0.1:" + std::to_string(sandbox.port());
        for (const std::string resource : {"issues", "merge_requests"}) {
            for (int page = 1;; ++page) {
                auto r = c.Get("/api/v4/projects/" + encoded(container) + "/" + resource +
                                   "?per_page=100&page=" + std::to_string(page),
                               h);
                REQUIRE(r);
                REQUIRE(r->status == 200);
                simdjson::dom::parser parser;
                auto items = parser.parse(r->body).get_array().value();
                if (items.size() == 0) {
                    break;
                }
                for (auto i : items) {
                    const std::string iid = std::to_string(i["iid"].get_int64().value());
                    const std::string mark = resource == "issues" ? "#" : "!";
                    PairItem item{mark + iid,
                                  "gitlab:" + host + "/" + container + mark + iid,
                                  "",
                                  std::string(i["title"].get_string().value()),
                                  normalized(i["state"].get_string().value()),
                                  {}};
                    for (auto l : i["labels"].get_array()) {
                        item.labels.emplace_back(l.get_string().value());
                    }
                    out.push_back(std::move(item));
                }
            }
        }
        return out;
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
            add("\"state\":\"" + std::string(*change.state == "open" ? "opened" : "closed") + "\"");
        }
        const bool mr = item.local_id.starts_with("!");
        sandbox.admin("PATCH",
                      "/_sandbox/gitlab/projects/" + container + (mr ? "/merge_requests/" : "/issues/") +
                          item.local_id.substr(1),
                      body + "}");
    }

    void check_import_listing(Sandbox& sandbox, int count) const override {
        // Issues by keyset, merge requests by offset, 100 a page; every page after the first from the Link header.
        CHECK(sandbox.requests("gitlab", "GET /api/v4/projects/{id+}/issues") +
                  sandbox.requests("gitlab", "GET /api/v4/projects/{id+}/merge_requests") <=
              (count + 99) / 100 + 2);
        CHECK(sandbox.requests("gitlab", "GET /api/v4/projects/{id+}/issues", "200") >= 1);
        CHECK(sandbox.requests("gitlab", "GET /api/v4/projects/{id+}/merge_requests", "200") >= 1);
    }

    void check_full_listing(Sandbox& sandbox, int count) const override { check_import_listing(sandbox, count); }

    int pages(int count) const override {
        // Issues and merge requests are two listings; generated data of any size holds both.
        return (count + 99) / 100 + 1;
    }

    void check_idle(Sandbox& sandbox) const override {
        // No ETag saves a GitLab request (API-FACTS §2.5): one listing per resource, nothing more.
        CHECK(sandbox.requests("gitlab", "GET /api/v4/projects/{id+}/issues") == 1);
        CHECK(sandbox.requests("gitlab", "GET /api/v4/projects/{id+}/merge_requests") == 1);
    }
};

} // namespace

const SourceSide& gitlab_source() {
    static const GitLabSource side;
    return side;
}

} // namespace issuebridge::testing
