#pragma once
// 'config check --online': sign in to every tracker the routes use and read each repository and project, so that
// a wrong token, repository or project shows before the first sync.

#include "issuebridge/config/config.hpp"
#include "issuebridge/http/client.hpp"
#include "issuebridge/util/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace issuebridge::sync {

struct ProbeResult {
    std::string what;    // "source 'gh' repository Unidata/MetPy", "target 'jira'"
    std::string summary; // what was found, when it worked
    std::optional<util::Failure> failure;
};

// One result per (source, repository) and per target of the routes, in config order. Remote failures are results,
// never exceptions; util::ConfigError when a secret variable is unset.
std::vector<ProbeResult> probe(const config::Config& config, http::Client& client);

} // namespace issuebridge::sync
