// The GitHub Issues target side of the pair scenarios (pairs.hpp): the sandbox's repository mirror/widgets, written
// through the GHES prefix (/api/v3), so its requests are counted apart from a GitHub source's on the same sandbox.

#include "pairs.hpp"

#include <simdjson.h>

namespace issuebridge::testing {

namespace {

const std::string k_repo = "mirror/widgets";
const std::string k_prefix = "/api/v3";

// The external id in the last "<!-- issuebridge:<id> -->" of a body, percent-decoded; empty when there is none.
std::string marker_of(std::string_view body) {
    const std::string_view open = "<!-- issuebridge:";
    const auto start = body.rfind(open);
    const auto end = start == std::string_view::npos ? start : body.find(" -->", start);
    if (end == std::string_view::npos) {
        return {};
    }
    std::string id;
    for (std::size_t i = start + open.size(); i < end; ++i) {
        if (body[i] == '%' && i + 2 < end) {
            id += static_cast<char>(std::stoi(std::string(body.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            id += body[i];
        }
    }
    return id;
}

class GitHubTarget final : public TargetSide {
public:
    std::string api() const override { return "github"; }
    std::string name() const override { return "ghissues"; }

    std::string config(const Sandbox& sandbox, const std::string& extra) const override {
        return "[targets.ghissues]\ntype = \"github\"\nbase_url = \"" + sandbox.url() + k_prefix +
               "\"\ntoken_env = \"IB_E2E_GHTARGET\"\nrepo = \"" + k_repo + "\"\n" + extra;
    }

    Env env() const override { return {{"IB_E2E_GHTARGET", "sandbox-github-token"}}; }
    std::pair<std::string, std::string> wrong_secret() const override { return {"IB_E2E_GHTARGET", "ghp_WRONGSECRET"}; }

    // The marker listing never lags, so there is no search lag to skip; but github.com's pacing (1 s between
    // writes) would make every scenario wait a second per write: the sandbox is no server to protect, and the
    // pacing has tests of its own (test_github_target.cpp, the conformance suite, the benchmark). The write rate
    // comes with immediate() alone, since scenarios take fast() + immediate() and a key may appear once.
    std::string immediate() const override { return "search_lag = 0\nwrite_rate = \"1000/s\"\n"; }
    std::string fast() const override { return "rate_limit = \"1000/s\"\n"; }
    std::optional<LaggingSearch> lagging_search() const override { return std::nullopt; }

    void prepare(Sandbox& sandbox) const override {
        sandbox.admin("PUT", "/_sandbox/github/repos/" + k_repo + "/access", R"({"push":true})");
    }

    std::vector<PairItem> items(Sandbox& sandbox) const override {
        const std::string json = sandbox.admin("GET", "/_sandbox/github/repos/" + k_repo + "/issues");
        simdjson::dom::parser parser;
        std::vector<PairItem> out;
        const simdjson::dom::array issues = parser.parse(json).get_array().value(); // named: a temporary dangles
        for (auto i : issues) {
            std::string_view body;
            REQUIRE_FALSE(i["body"].get_string().get(body));
            const std::string id = marker_of(body);
            REQUIRE_MESSAGE(!id.empty(), "an issue without a marker: " << body);
            const std::string number = std::to_string(i["number"].get_int64().value());
            PairItem item{"",
                          id,
                          k_repo + "#" + number,
                          std::string(i["title"].get_string().value()),
                          std::string(i["state"].get_string().value()),
                          {}};
            const simdjson::dom::array labels = i["labels"].get_array().value();
            for (auto l : labels) {
                item.labels.emplace_back(l["name"].get_string().value());
            }
            out.push_back(std::move(item));
        }
        return out;
    }

    int creates(Sandbox& sandbox) const override {
        return sandbox.requests("github", "POST " + k_prefix + "/repos/{owner}/{repo}/issues");
    }
    // The sandbox notes what each PATCH carried beside its count (github_write.cpp).
    int edits(Sandbox& sandbox) const override {
        return sandbox.requests("github", "PATCH " + k_prefix + "/repos/{owner}/{repo}/issues/{issue_number} [fields]");
    }
    int state_changes(Sandbox& sandbox) const override {
        return sandbox.requests("github", "PATCH " + k_prefix + "/repos/{owner}/{repo}/issues/{issue_number} [state]");
    }
    // The first page of the marker listing; later pages follow Link headers to /repositories/{id}/issues.
    int marker_lookups(Sandbox& sandbox) const override {
        return sandbox.requests("github", "GET " + k_prefix + "/repos/{owner}/{repo}/issues");
    }
    // The run's first lookup lists every marked issue and indexes them: later pages need none.
    int adopt_lookups(int pages) const override { return pages > 0 ? 1 : 0; }
    int requests(Sandbox& sandbox) const override { return count(sandbox, false); }
    int writes(Sandbox& sandbox) const override { return count(sandbox, true); }

private:
    // Requests under the GHES prefix (the target's), without the sandbox's notes on PATCHes.
    static int count(Sandbox& sandbox, bool writes_only) {
        const std::string json = sandbox.admin("GET", "/_sandbox/requests");
        simdjson::dom::parser parser;
        simdjson::dom::object routes;
        if (parser.parse(json)["github"].get_object().get(routes)) {
            return 0;
        }
        std::int64_t n = 0;
        for (auto [route, counts] : routes) {
            const std::string_view r(route);
            const auto space = r.find(' ');
            const bool ours = r.substr(space + 1).starts_with(k_prefix + "/") && !r.ends_with("]");
            if (ours && !(writes_only && r.starts_with("GET "))) {
                n += counts["count"].get_int64().value();
            }
        }
        return static_cast<int>(n);
    }
};

} // namespace

const TargetSide& github_target() {
    static const GitHubTarget side;
    return side;
}

} // namespace issuebridge::testing
