// TargetSchema::check_route: a target's rule over each route into it, with the route's source (GitHub Issues
// refuses a route that syncs a repository into itself). Tested here with a schema of its own, for any tracker.

#include "cli/schemas.hpp"
#include "issuebridge/config/config.hpp"
#include "issuebridge/util/error.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace issuebridge;

namespace {

const std::string k_config = R"([sources.gh]
type = "github"

[targets.t]
type = "jira"
base_url = "https://x.atlassian.net"
user = "me@example.com"
token_env = "T"
project = "P"

[[routes]]
name = "r"
source = "gh"
target = "t"
repos = ["o/a", "o/loop"]
)";

// This build's schemas, with jira's given a route rule that refuses the repository "o/loop" from a github source.
config::Schemas with_rule() {
    config::Schemas schemas = cli::schemas();
    for (auto& t : schemas.targets) {
        if (t.type == "jira") {
            t.check_route = [](const config::Route& route, const config::Source& source,
                               const config::Target& target) -> std::optional<config::Problem> {
                for (const auto& repo : route.repos) {
                    if (source.type == "github" && repo == "o/loop" && target.name == "t" && route.name == "r") {
                        return config::Problem{"repos", "'o/loop' loops", "pick another"};
                    }
                }
                return std::nullopt;
            };
        }
    }
    return schemas;
}

} // namespace

TEST_CASE("config: a target schema's check_route refuses a route, pointing at the key, with its hint") {
    try {
        config::parse(k_config, "c.toml", with_rule());
        FAIL("no error");
    } catch (const util::ConfigError& e) {
        const std::string what = e.what();
        CHECK(what.starts_with("c.toml:15:")); // the repos line
        CHECK(what.ends_with(": 'o/loop' loops in [[routes]] 'r'"));
        CHECK(e.hint() == "pick another");
    }
    // Without the rule (or with repos it accepts) the same file loads.
    CHECK(config::parse(k_config, "c.toml", cli::schemas()).routes.size() == 1);
}
