#pragma once
// XDG base directories (https://specifications.freedesktop.org/basedir-spec/) and other file-system helpers.

#include <filesystem>
#include <optional>
#include <string>

namespace issuebridge::util {

// $XDG_CONFIG_HOME/issuebridge/config.toml, falling back to ~/.config/issuebridge/config.toml. Throws
// util::ConfigError when neither XDG_CONFIG_HOME (absolute) nor HOME is set.
std::filesystem::path default_config_path();
// $XDG_STATE_HOME/issuebridge/state.db, falling back to ~/.local/state/issuebridge/state.db. Throws
// util::ConfigError when neither XDG_STATE_HOME (absolute) nor HOME is set.
std::filesystem::path default_state_path();

// `path` with a leading "~" or "~/" replaced by $HOME (as a shell would); nullopt when it has one and HOME is
// not set. "~user" is left as it is.
std::optional<std::string> expand_home(const std::string& path);

// The value of an environment variable, or empty when unset.
std::string getenv_or_empty(const char* name);

// The version string baked in at build time, e.g. "0.1.0".
const char* version() noexcept;

} // namespace issuebridge::util
