#pragma once
// XDG base directories (https://specifications.freedesktop.org/basedir-spec/) and other file-system helpers.

#include <filesystem>
#include <string>

namespace issuebridge::util {

// $XDG_CONFIG_HOME/issuebridge/config.toml, falling back to ~/.config/issuebridge/config.toml.
std::filesystem::path default_config_path();
// $XDG_STATE_HOME/issuebridge/state.db, falling back to ~/.local/state/issuebridge/state.db.
std::filesystem::path default_state_path();

// The value of an environment variable, or empty when unset.
std::string getenv_or_empty(const char* name);

// The version string baked in at build time, e.g. "0.1.0".
const char* version() noexcept;

} // namespace issuebridge::util
