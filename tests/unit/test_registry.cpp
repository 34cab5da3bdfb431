// The adapter rows: the only list of trackers, each holding what the core knows of it.

#include "cli/schemas.hpp"
#include "issuebridge/sources/registry.hpp"
#include "issuebridge/targets/registry.hpp"

#include <doctest/doctest.h>

#include <variant>

using namespace issuebridge;
using std::chrono::seconds;

TEST_SUITE_BEGIN("registry");

TEST_CASE("the rows hold the vendors' published limits") {
    const auto* github = sources::find_row("github");
    REQUIRE(github);
    CHECK(github->policy.write_interval == seconds{1});
    CHECK(github->policy.write_rate == http::RateLimit{80, seconds{60}});
    CHECK(github->policy.rate == http::RateLimit{900, seconds{60}});
    CHECK(github->policy.rate_limit_floor == seconds{60});
    CHECK(github->policy.rate_limit_words == std::vector<std::string>{"secondary rate limit", "abuse"});
    CHECK(targets::find_row("github")->policy.rate_limit_words == github->policy.rate_limit_words);
    CHECK(github->schema.link_label == "View on GitHub");
    const auto* jira = targets::find_row("jira");
    REQUIRE(jira);
    CHECK(jira->policy.rate == http::RateLimit{10, seconds{1}});
    CHECK(jira->schema.search_lag == 120);
    CHECK(jira->capabilities.search_lag == 120);
    const auto* gitlab = sources::find_row("gitlab");
    REQUIRE(gitlab);
    CHECK(gitlab->policy.rate == http::RateLimit{100, seconds{60}});
    const auto* trello = targets::find_row("trello");
    REQUIRE(trello);
    CHECK(trello->policy.rate == http::RateLimit{100, seconds{10}}); // per token (API-FACTS §5)
    CHECK(trello->policy.rate_limit_floor == seconds{10});           // a 429 without Retry-After: a whole window
    CHECK(trello->capabilities.search_lag == 0);
}

TEST_CASE("the schemas config is handed are the rows', in their order") {
    const auto& schemas = cli::schemas();
    REQUIRE(schemas.sources.size() == sources::rows().size());
    REQUIRE(schemas.targets.size() == targets::rows().size());
    for (std::size_t i = 0; i < schemas.sources.size(); ++i) {
        CHECK(schemas.sources[i].type == sources::rows()[i].schema.type);
        CHECK(static_cast<bool>(sources::rows()[i].make));
    }
    for (std::size_t i = 0; i < schemas.targets.size(); ++i) {
        CHECK(schemas.targets[i].type == targets::rows()[i].schema.type);
        CHECK(static_cast<bool>(targets::rows()[i].make));
    }
}

TEST_CASE("every setting of every row has an example and a one-line doc") {
    for (const auto& row : sources::rows()) {
        for (const auto& s : row.schema.settings) {
            CAPTURE(s.key);
            CHECK(!s.doc.empty());
            CHECK(!s.example.empty());
            CHECK(s.doc.find('\n') == std::string::npos);
        }
    }
    for (const auto& row : targets::rows()) {
        for (const auto& s : row.schema.settings) {
            CAPTURE(s.key);
            CHECK(!s.doc.empty());
            CHECK(!s.example.empty());
            CHECK(s.doc.find('\n') == std::string::npos);
        }
    }
}

TEST_CASE("every row's default title names only fields its source items have") {
    for (const auto& row : sources::rows()) {
        if (!row.schema.default_title.empty()) {
            CAPTURE(row.schema.type);
            CHECK(std::holds_alternative<model::Template>(
                model::Template::parse(row.schema.default_title, row.schema.template_fields)));
        }
    }
    for (const auto& row : targets::rows()) {
        if (!row.schema.default_title.empty()) {
            CAPTURE(row.schema.type);
            CHECK(std::holds_alternative<model::Template>(model::Template::parse(row.schema.default_title)));
        }
    }
}

TEST_CASE("every row names its service, for the progress line's pacing note") {
    for (const auto& row : sources::rows()) {
        CAPTURE(row.schema.type);
        CHECK(!row.policy.vendor.empty());
    }
    for (const auto& row : targets::rows()) {
        CAPTURE(row.schema.type);
        CHECK(!row.policy.vendor.empty());
    }
}

TEST_SUITE_END();
