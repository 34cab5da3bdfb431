#pragma once
// What the fuzz harnesses share: the bytes as text, and a Jira target with a scripted client, so a harness feeds
// one answer through the real operation that reads it.

#include "cli/schemas.hpp"
#include "issuebridge/config/config.hpp"
#include "issuebridge/targets/registry.hpp"

#include "support/fake_client.hpp"

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

namespace issuebridge::fuzz {

inline std::string_view text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// A new Jira Cloud target, so no input depends on what an earlier one taught it (a transition id). The config is
// read once: reading it is not what is fuzzed here.
inline std::unique_ptr<targets::Target> jira() {
    static const config::Config c = [] {
        ::setenv("IB_FUZZ_JIRA_TOKEN", "fuzz-token", 1);
        return config::parse(R"(
[sources.gh]
type = "github"
[targets.jira]
type = "jira"
base_url = "https://example.atlassian.net"
user = "me@example.com"
token_env = "IB_FUZZ_JIRA_TOKEN"
project = "SUP"
[[routes]]
name = "r"
source = "gh"
target = "jira"
repos = ["o/r"]
)",
                             "fuzz.toml", cli::schemas());
    }();
    return targets::make_target(c.targets.at("jira"));
}

inline std::string jira_url(std::string_view path) { return "https://example.atlassian.net" + std::string(path); }

// Sends at most `steps` rounds of `op` through `client` (a scripted answer may ask for the next page forever).
inline void drive(targets::Operation& op, http::FakeClient& client, int steps = 4) {
    for (int i = 0; i < steps && !op.done(); ++i) {
        auto round = op.next();
        for (std::size_t r = 0; r < round.size(); ++r) {
            op.on_outcome(r, client.send(round[r]));
        }
    }
}

} // namespace issuebridge::fuzz
