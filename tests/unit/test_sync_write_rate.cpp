// A target's write_rate (config) replaces its row's write pacing: the seam that lets a GitHub Enterprise Server
// (rate limits off by default) or the sandbox go faster than github.com's 80 writes a minute, 1 s apart.

#include "cli/schemas.hpp"
#include "issuebridge/config/config.hpp"
#include "sync/adapters.hpp"

#include <doctest/doctest.h>

using namespace issuebridge;

namespace {

config::Config parse(const std::string& target_extra) {
    return config::parse("[sources.gh]\ntype = \"github\"\n\n[targets.jira]\ntype = \"jira\"\nbase_url = "
                         "\"https://x.atlassian.net\"\nuser = \"me@example.com\"\ntoken_env = \"T\"\nproject = "
                         "\"P\"\n" +
                             target_extra +
                             "\n[[routes]]\nname = \"r\"\nsource = \"gh\"\ntarget = \"jira\"\nrepos = "
                             "[\"o/r\"]\n",
                         "c.toml", cli::schemas());
}

} // namespace

TEST_CASE("config: a target's write_rate is read, shown, and refused when it is not a rate") {
    const auto c = parse("write_rate = \"10/s\"\n");
    REQUIRE(c.targets.at("jira").write_rate);
    CHECK(c.targets.at("jira").write_rate->count == 10);
    CHECK(config::to_toml(c).find("write_rate = \"10/s\"") != std::string::npos);
    CHECK_FALSE(parse("").targets.at("jira").write_rate);
    CHECK_THROWS_WITH_AS(parse("write_rate = \"fast\"\n"), doctest::Contains("'write_rate' in [targets.jira]"),
                         std::exception);
}

TEST_CASE("sync: policy_for replaces the row's write pacing only when write_rate is given") {
    http::HostPolicy vendor;
    vendor.write_rate = util::Rate{80, std::chrono::seconds{60}};
    vendor.write_interval = std::chrono::seconds{1};
    const auto kept = sync::policy_for(vendor, std::nullopt, "", std::nullopt);
    CHECK(kept.write_rate == vendor.write_rate);
    CHECK(kept.write_interval == std::chrono::seconds{1});
    const auto replaced =
        sync::policy_for(vendor, std::nullopt, "", std::nullopt, util::Rate{10, std::chrono::seconds{1}});
    REQUIRE(replaced.write_rate);
    CHECK(replaced.write_rate->count == 10);
    CHECK(replaced.write_interval == std::chrono::milliseconds{0});
}
