#pragma once
// The source adapters of this build: one row each, declared in the adapter's own folder. The rows are the only
// list of sources: config validates against their schemas (handed in by cli::schemas()), sync takes their HTTP
// policies, and 'version --json' lists their types.

#include "issuebridge/config/config.hpp"
#include "issuebridge/http/policy.hpp"
#include "issuebridge/sources/source.hpp"

#include <memory>
#include <span>
#include <string_view>

namespace issuebridge::sources {

struct Row {
    config::SourceSchema schema; // type, settings, kinds, repository shape, state words, link label
    http::HostPolicy policy;     // the vendor's published limits; the user's rate_limit and ca_file go on top
    Identity identity;           // which repository an external id belongs to, and how ids are spelled
    // The adapter for a section of this type; reads its secrets from the environment (util::ConfigError when unset).
    std::unique_ptr<Source> (*make)(const config::Source&) = nullptr;
};

// Every source row, in the order 'version' and the docs list them.
std::span<const Row> rows();
// The row of `type`, or nullptr when this build has none.
const Row* find_row(std::string_view type);

} // namespace issuebridge::sources
