#pragma once
// The target adapters of this build: one row each, declared in the adapter's own folder (e.g. targets/jira/row.cpp).
// The rows are the only list of targets: config validates against their schemas (handed in by cli::schemas()),
// sync takes their HTTP policies, and 'version --json' lists their types.

#include "issuebridge/config/config.hpp"
#include "issuebridge/http/policy.hpp"
#include "issuebridge/targets/target.hpp"

#include <memory>
#include <span>
#include <string_view>

namespace issuebridge::targets {

struct Row {
    config::TargetSchema schema; // type, settings, label rule, search_lag default
    http::HostPolicy policy;     // the vendor's published limits; the user's rate_limit, ca_file, concurrency on top
    Capabilities capabilities;
    // The adapter for a section of this type; reads its secrets from the environment (util::ConfigError when unset).
    std::unique_ptr<Target> (*make)(const config::Target&) = nullptr;
};

// Every target row, in the order 'version' and the docs list them.
std::span<const Row> rows();
// The row of `type`, or nullptr when this build has none.
const Row* find_row(std::string_view type);

// The adapter for `target.type`, reading its secrets from the environment. Throws util::ConfigError when a
// secret is unset or the type is not available in this build.
std::unique_ptr<Target> make_target(const config::Target& target);

} // namespace issuebridge::targets
