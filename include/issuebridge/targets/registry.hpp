#pragma once
// The target adapters, chosen by the config's `type`.

#include "issuebridge/config/config.hpp"
#include "issuebridge/targets/target.hpp"

#include <memory>

namespace issuebridge::targets {

// The adapter for `target.type`, reading its secrets from the environment. Throws util::ConfigError when a
// secret is unset or the type is not available in this build.
std::unique_ptr<Target> make_target(const config::Target& target);

} // namespace issuebridge::targets
