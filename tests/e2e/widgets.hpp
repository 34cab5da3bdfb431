#pragma once
// The e2e tests' usual world: the sandbox's Jira project E2E and generated items in acme/widgets, read back
// through the sandbox's APIs.

#include "sandbox_fixture.hpp"

#include <algorithm>

namespace issuebridge::testing {

inline constexpr const char* k_repo = "acme/widgets";

// A sandbox with the E2E project and `count` generated items in acme/widgets.
inline void seed(Sandbox& sandbox, int count) {
    sandbox.admin("POST", "/_sandbox/jira/projects",
                  R"({"key":"E2E","name":"End to end","issue_types":["Task","Bug"]})");
    sandbox.admin("POST", std::string("/_sandbox/github/repos/") + k_repo + "/generate",
                  R"({"count":)" + std::to_string(count) + R"(,"closed_fraction":0.25,"pr_fraction":0.2,"seed":7})");
}

struct SourceItem {
    int number;
    std::string title;
    bool closed;
    std::vector<std::string> labels;
};

// The items of acme/widgets, in the order GitHub lists them (newest created first, unless `order` says otherwise,
// e.g. "&sort=updated&direction=asc").
inline std::vector<SourceItem> source_items(Sandbox& sandbox, const std::string& order = "") {
    std::vector<SourceItem> out;
    for (int page = 1;; ++page) {
        httplib::Client c("127.0.0.1", sandbox.port());
        httplib::Headers h{{"Authorization", "Bearer sandbox-github-token"}};
        auto r = c.Get(std::string("/repos/") + k_repo + "/issues?state=all&per_page=100" + order +
                           "&page=" + std::to_string(page),
                       h);
        REQUIRE(r);
        simdjson::dom::parser parser;
        auto items = parser.parse(r->body).get_array().value();
        if (items.size() == 0) {
            return out;
        }
        for (auto i : items) {
            SourceItem s{static_cast<int>(i["number"].get_int64().value()),
                         std::string(i["title"].get_string().value()),
                         i["state"].get_string().value() == "closed",
                         {}};
            for (auto l : i["labels"].get_array()) {
                s.labels.emplace_back(l["name"].get_string().value());
            }
            out.push_back(std::move(s));
        }
    }
}

struct JiraItem {
    std::string key;
    std::string summary;
    std::string status;
    std::vector<std::string> labels;
    std::string external_id;
};

// Jira issues by external id; fails the test on a duplicate.
inline std::map<std::string, JiraItem> jira_items(Sandbox& sandbox) {
    std::map<std::string, JiraItem> out;
    for (auto i : sandbox.jira_issues()) {
        JiraItem j{std::string(i["key"].get_string().value()),
                   std::string(i["fields"]["summary"].get_string().value()),
                   std::string(i["fields"]["status"].get_string().value()),
                   {},
                   {}};
        for (auto l : i["fields"]["labels"].get_array()) {
            j.labels.emplace_back(l.get_string().value());
        }
        std::string_view id;
        REQUIRE_FALSE(i["properties"]["issuebridge"]["externalId"].get_string().get(id));
        j.external_id = std::string(id);
        CHECK_MESSAGE(out.count(j.external_id) == 0, "duplicate for " << j.external_id);
        out[j.external_id] = std::move(j);
    }
    return out;
}

inline std::string external_id(const Sandbox& sandbox, int number) {
    return "github:127.0.0.1:" + std::to_string(sandbox.port()) + "/" + k_repo + "#" + std::to_string(number);
}

// Every source item exactly once on Jira, with its title, labels and state.
inline void check_converged(Sandbox& sandbox) {
    const auto source = source_items(sandbox);
    const auto jira = jira_items(sandbox);
    CHECK(jira.size() == source.size());
    for (const auto& s : source) {
        CAPTURE(s.number);
        const auto it = jira.find(external_id(sandbox, s.number));
        REQUIRE(it != jira.end());
        CHECK(it->second.summary == s.title);
        CHECK(it->second.status == (s.closed ? "Done" : "To Do"));
        for (const auto& l : s.labels) {
            CHECK(std::find(it->second.labels.begin(), it->second.labels.end(), l) != it->second.labels.end());
        }
    }
}

} // namespace issuebridge::testing
