#include "issuebridge/util/paths.hpp"

#include <cstdlib>

namespace issuebridge::util {

namespace {
std::filesystem::path xdg_dir(const char* variable, const char* fallback_below_home) {
    const std::string value = getenv_or_empty(variable);
    // The spec says a relative path in these variables is invalid and must be ignored.
    if (!value.empty() && value.front() == '/') {
        return value;
    }
    const std::string home = getenv_or_empty("HOME");
    return std::filesystem::path(home.empty() ? "." : home) / fallback_below_home;
}
} // namespace

std::filesystem::path default_config_path() {
    return xdg_dir("XDG_CONFIG_HOME", ".config") / "issuebridge" / "config.toml";
}

std::filesystem::path default_state_path() {
    return xdg_dir("XDG_STATE_HOME", ".local/state") / "issuebridge" / "state.db";
}

std::string getenv_or_empty(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

const char* version() noexcept { return ISSUEBRIDGE_VERSION; }

} // namespace issuebridge::util
