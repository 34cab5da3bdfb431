// The target conformance suite (conformance.hpp) against each target adapter and its sandbox module, made through
// its registry row as the sync makes it, over a real CurlClient. A new target adds one TEST_CASE here.

#include "conformance/conformance.hpp"
#include "e2e/sandbox_fixture.hpp"

#include "cli/schemas.hpp"
#include "issuebridge/config/config.hpp"
#include "issuebridge/http/curl_client.hpp"
#include "issuebridge/targets/registry.hpp"
#include "issuebridge/util/log.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

using namespace issuebridge;

namespace {

// The configured target `name` of a config whose only route goes from a GitHub source to it.
config::Target target_section(const std::string& name, const std::string& section) {
    const auto c = config::parse("[sources.gh]\ntype = \"github\"\n\n[targets." + name + "]\n" + section +
                                     "\n[[routes]]\nname = \"main\"\nsource = \"gh\"\ntarget = \"" + name +
                                     "\"\nrepos = [\"conformance/r\"]\n",
                                 "conformance.toml", cli::schemas());
    return c.targets.at(name);
}

// The adapter of `section` made by its registry row, its row's HTTP policy set on `client`.
std::unique_ptr<targets::Target> from_row(const config::Target& section, http::Client& client) {
    const targets::Row* row = targets::find_row(section.type);
    REQUIRE(row);
    client.set_policy(section.base_url, row->policy);
    return row->make(section);
}

} // namespace

TEST_SUITE_BEGIN("conformance");

TEST_CASE("jira conforms against its sandbox module") {
    testing::Sandbox sandbox;
    sandbox.admin("POST", "/_sandbox/jira/projects",
                  R"({"key":"E2E","name":"End to end","issue_types":["Task","Bug"]})");
    ::setenv("IB_CONFORMANCE_JIRA", "sandbox-jira-token", 1);
    const auto section = target_section("jira", "type = \"jira\"\nbase_url = \"" + sandbox.url() +
                                                    "\"\nuser = \"sandbox@example.com\"\n"
                                                    "token_env = \"IB_CONFORMANCE_JIRA\"\nproject = \"E2E\"\n");
    http::CurlClient client(util::Logger::null());
    auto target = from_row(section, client);
    // The labels of issue `key`, from the sandbox's own view of it.
    const auto labels_of = [&](const targets::TargetRef& ref) {
        std::vector<std::string> labels;
        for (auto issue : sandbox.jira_issues()) {
            if (std::string_view(issue["key"].get_string().value()) != ref.key) {
                continue;
            }
            const simdjson::dom::array on_issue = issue["fields"]["labels"].get_array().value();
            for (auto l : on_issue) {
                labels.emplace_back(std::string_view(l.get_string().value()));
            }
        }
        return labels;
    };
    // A person adding `label` in Jira's UI: the sandbox's edit hook, with the labels the issue has and one more.
    const auto add_label_by_hand = [&](const targets::TargetRef& ref, const std::string& label) {
        std::string body = "{\"labels\":[";
        for (const auto& l : labels_of(ref)) {
            body += "\"" + l + "\",";
        }
        body += "\"" + label + "\"]}";
        sandbox.admin("PUT", "/_sandbox/jira/issues/" + ref.key, body);
    };
    const auto external_id = [](int n) { return "github:github.com/conformance/r#" + std::to_string(n); };
    testing::ConformanceSubject subject{*target, client, add_label_by_hand, labels_of, external_id};
    testing::check_target(subject);
}

TEST_CASE("github conforms against its sandbox module, at github.com's pace") {
    testing::Sandbox sandbox;
    // GitHub's secondary limit on content creation, as github.com enforces it: the row's own pacing must keep
    // every write inside it.
    sandbox.admin("POST", "/_sandbox/github/content-limit",
                  R"({"per_minute":80,"min_interval_ms":950})"); // 50 ms for arrival jitter
    sandbox.admin("PUT", "/_sandbox/github/repos/conformance/target/access", R"({"push":true})");
    ::setenv("IB_CONFORMANCE_GITHUB", "sandbox-github-token", 1);
    const auto section = target_section("gh_issues", "type = \"github\"\nbase_url = \"" + sandbox.url() +
                                                         "\"\ntoken_env = \"IB_CONFORMANCE_GITHUB\"\n"
                                                         "repo = \"conformance/target\"\n");
    http::CurlClient client(util::Logger::null());
    auto target = from_row(section, client);
    simdjson::dom::parser parser;
    std::string json;
    // The labels of issue `ref`, from the sandbox's own view of it.
    const auto labels_of = [&](const targets::TargetRef& ref) {
        std::vector<std::string> labels;
        json = sandbox.admin("GET", "/_sandbox/github/repos/conformance/target/issues");
        const simdjson::dom::array issues = parser.parse(json).get_array().value();
        for (auto issue : issues) {
            if (std::to_string(issue["number"].get_int64().value()) == ref.id) {
                const simdjson::dom::array on_issue = issue["labels"].get_array().value();
                for (auto l : on_issue) {
                    labels.emplace_back(std::string_view(l["name"].get_string().value()));
                }
            }
        }
        return labels;
    };
    // A person adding `label` on GitHub: the sandbox's edit hook, with the labels the issue has and one more.
    const auto add_label_by_hand = [&](const targets::TargetRef& ref, const std::string& label) {
        std::string body = "{\"labels\":[";
        for (const auto& l : labels_of(ref)) {
            body += "\"" + l + "\",";
        }
        body += "\"" + label + "\"]}";
        sandbox.admin("PATCH", "/_sandbox/github/repos/conformance/target/issues/" + ref.id, body);
    };
    const auto external_id = [](int n) { return "gitlab:gitlab.com/conformance/r--x#" + std::to_string(n); };
    testing::ConformanceSubject subject{*target, client, add_label_by_hand, labels_of, external_id};
    testing::check_target(subject);
    // Labels were created once each, and no write was refused by the secondary limit.
    json = sandbox.admin("GET", "/_sandbox/github/content-limit");
    CHECK(parser.parse(json)["refused"].get_int64().value() == 0);
    json = sandbox.admin("GET", "/_sandbox/github/repos/conformance/target/labels");
    CHECK(parser.parse(json)["created_by_api"].get_int64().value() == 4); // bug, p1, p2, issuebridge
}

TEST_SUITE_END();
