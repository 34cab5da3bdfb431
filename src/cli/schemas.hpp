#pragma once
// The schemas of this build's adapters, for config::load: built from the rows of sources/registry.hpp and
// targets/registry.hpp, so config itself knows no tracker.

#include "issuebridge/config/config.hpp"

namespace issuebridge::cli {

// Every row's schema, in the rows' order.
const config::Schemas& schemas();

} // namespace issuebridge::cli
