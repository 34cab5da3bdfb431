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

// Jira Data Center through the same row (api_version = 2): the sandbox's "jiradc" module under the context path
// /jira, signed in with Basic username:password (the e2e pairs use a personal access token), its search cap lowered
// so that lookups and read-backs must page.
TEST_CASE("jira data center conforms against its sandbox module") {
    testing::Sandbox sandbox;
    sandbox.admin("POST", "/_sandbox/jira/projects",
                  R"({"key":"E2E","name":"End to end","issue_types":["Task","Bug"]})");
    sandbox.admin("POST", "/_sandbox/jiradc/search", R"({"max_results":7})");
    ::setenv("IB_CONFORMANCE_JIRA_DC", "sandbox-jira-password", 1);
    const auto section = target_section("jiradc", "type = \"jira\"\napi_version = 2\nbase_url = \"" + sandbox.url() +
                                                      "/jira\"\nuser = \"sandbox\"\n"
                                                      "token_env = \"IB_CONFORMANCE_JIRA_DC\"\nproject = \"E2E\"\n");
    http::CurlClient client(util::Logger::null());
    auto target = from_row(section, client);
    const auto labels_of = [&](const targets::TargetRef& ref) {
        std::vector<std::string> labels;
        for (auto issue : sandbox.jira_issues()) {
            if (std::string_view(issue["key"].get_string().value()) != ref.key) {
                continue;
            }
            CHECK(issue["fields"]["description"].is_string()); // wiki markup, never ADF
            const simdjson::dom::array on_issue = issue["fields"]["labels"].get_array().value();
            for (auto l : on_issue) {
                labels.emplace_back(std::string_view(l.get_string().value()));
            }
        }
        return labels;
    };
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
    CHECK(sandbox.requests("jiradc", "POST /jira/rest/api/2/search") > 0);
    CHECK(sandbox.requests("jira", "POST /rest/api/3/search/jql") == 0);
}

TEST_CASE("trello conforms against its sandbox module") {
    testing::Sandbox sandbox;
    ::setenv("IB_CONFORMANCE_TRELLO_KEY", "sandbox-trello-key", 1);
    ::setenv("IB_CONFORMANCE_TRELLO_TOKEN", "sandbox-trello-token", 1);
    const auto section = target_section(
        "trello", "type = \"trello\"\nbase_url = \"" + sandbox.url() +
                      "\"\nkey_env = \"IB_CONFORMANCE_TRELLO_KEY\"\ntoken_env = \"IB_CONFORMANCE_TRELLO_TOKEN\"\n"
                      "board = \"600000000000000000000b01\"\nlist = \"600000000000000000000101\"\n"
                      "done_list = \"600000000000000000000103\"\n");
    http::CurlClient client(util::Logger::null());
    auto target = from_row(section, client);
    // The label names on card `ref`, from the sandbox's own view of it.
    const auto labels_of = [&](const targets::TargetRef& ref) {
        std::vector<std::string> labels;
        const std::string json = sandbox.admin("GET", "/_sandbox/trello/cards");
        simdjson::dom::parser parser;
        const simdjson::dom::array cards = parser.parse(json).get_array().value();
        for (auto card : cards) {
            if (std::string_view(card["id"].get_string().value()) != ref.id) {
                continue;
            }
            const simdjson::dom::array on_card = card["labels"].get_array().value();
            for (auto l : on_card) {
                labels.emplace_back(std::string_view(l["name"].get_string().value()));
            }
        }
        return labels;
    };
    // A person adding `label` on the card in Trello's UI.
    const auto add_label_by_hand = [&](const targets::TargetRef& ref, const std::string& label) {
        std::string body = "{\"labels\":[";
        for (const auto& l : labels_of(ref)) {
            body += "\"" + l + "\",";
        }
        body += "\"" + label + "\"]}";
        sandbox.admin("PUT", "/_sandbox/trello/cards/" + ref.id, body);
    };
    const auto external_id = [](int n) { return "github:github.com/conformance/r#" + std::to_string(n); };
    testing::ConformanceSubject subject{*target, client, add_label_by_hand, labels_of, external_id};
    testing::check_target(subject);
}

namespace {

// Every task of the sandbox's Asana, as its admin route shows them.
simdjson::dom::array asana_tasks(testing::Sandbox& sandbox, simdjson::dom::parser& parser, std::string& json) {
    json = sandbox.admin("GET", "/_sandbox/asana/tasks");
    return parser.parse(json).get_array().value();
}

// The suite against the sandbox's Asana with `token`; returns the sandbox's tasks' external gids ("" when unset).
std::vector<std::string> check_asana(testing::Sandbox& sandbox, const std::string& token) {
    ::setenv("IB_CONFORMANCE_ASANA", token.c_str(), 1);
    const auto section = target_section("asana", "type = \"asana\"\nbase_url = \"" + sandbox.url() +
                                                     "/api/1.0\"\ntoken_env = \"IB_CONFORMANCE_ASANA\"\n"
                                                     "project = \"2000\"\n");
    http::CurlClient client(util::Logger::null());
    auto target = from_row(section, client);
    simdjson::dom::parser parser;
    std::string json;
    // The tag names of a task, from the sandbox's own view of it.
    const auto labels_of = [&](const targets::TargetRef& ref) {
        std::vector<std::string> labels;
        for (auto task : asana_tasks(sandbox, parser, json)) {
            if (std::string_view(task["gid"].get_string().value()) != ref.id) {
                continue;
            }
            const simdjson::dom::array tags = task["tags"].get_array().value();
            for (auto tag : tags) {
                labels.emplace_back(std::string_view(tag["name"].get_string().value()));
            }
        }
        return labels;
    };
    // A person tagging the task in Asana's UI: the sandbox's edit hook, with the tags it has and one more.
    const auto add_label_by_hand = [&](const targets::TargetRef& ref, const std::string& label) {
        std::string body = "{\"tags\":[";
        for (const auto& l : labels_of(ref)) {
            body += "\"" + l + "\",";
        }
        body += "\"" + label + "\"]}";
        sandbox.admin("PUT", "/_sandbox/asana/tasks/" + ref.id, body);
    };
    const auto external_id = [](int n) { return "github:github.com/conformance/r#" + std::to_string(n); };
    testing::ConformanceSubject subject{*target, client, add_label_by_hand, labels_of, external_id};
    testing::check_target(subject);
    std::vector<std::string> externals;
    for (auto task : asana_tasks(sandbox, parser, json)) {
        std::string_view gid;
        externals.emplace_back(task["external"]["gid"].get_string().get(gid) ? std::string_view() : gid);
        // The notes marker is written in either mode.
        CHECK(std::string_view(task["notes"].get_string().value()).find("issuebridge: github:") !=
              std::string_view::npos);
    }
    return externals;
}

} // namespace

TEST_CASE("asana conforms against its sandbox module with an OAuth token: external ids") {
    testing::Sandbox sandbox;
    const auto externals = check_asana(sandbox, "sandbox-asana-oauth");
    REQUIRE(externals.size() == 2);
    for (const auto& e : externals) {
        CHECK(e.starts_with("github:github.com/conformance/r#"));
    }
    // Once a create kept the external id, lookups use it: GET /tasks/external:<id>, the id escaped.
    CHECK(sandbox.requests("asana", "GET /api/1.0/tasks/{task_gid+}") > 0);
}

TEST_CASE("asana conforms against its sandbox module with a PAT that may not write external: the notes marker") {
    testing::Sandbox sandbox; // --asana-pat-external 0: a 400 naming `external`
    const auto externals = check_asana(sandbox, "sandbox-asana-pat");
    REQUIRE(externals.size() == 2);
    for (const auto& e : externals) {
        CHECK(e.empty());
    }
    CHECK(sandbox.requests("asana", "GET /api/1.0/tasks/{task_gid+}") == 0);
    CHECK(sandbox.requests("asana", "GET /api/1.0/projects/{project_gid}/tasks") > 0);
}

TEST_CASE("asana conforms against its sandbox module with a PAT whose external Asana ignores: the notes marker") {
    testing::Sandbox sandbox({"--asana-pat-external", "1"});
    const auto externals = check_asana(sandbox, "sandbox-asana-pat");
    REQUIRE(externals.size() == 2);
    for (const auto& e : externals) {
        CHECK(e.empty());
    }
    CHECK(sandbox.requests("asana", "GET /api/1.0/tasks/{task_gid+}") == 0);
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
