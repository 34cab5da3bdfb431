#include "issuebridge/util/paths.hpp"

#include "issuebridge/util/error.hpp"

#include <cstdlib>

namespace issuebridge::util {

namespace {
// The XDG directory, else the one below HOME. With neither, there is no right place: a path relative to the
// working directory (cron's is often /) would put a fresh, empty state somewhere else on every run, so refuse.
std::filesystem::path xdg_dir(const char* variable, const char* fallback_below_home, const std::string& what,
                              const std::string& hint) {
    const std::string value = getenv_or_empty(variable);
    // The spec says a relative path in these variables is invalid and must be ignored.
    if (!value.empty() && value.front() == '/') {
        return value;
    }
    const std::string home = getenv_or_empty("HOME");
    if (home.empty()) {
        throw ConfigError("cannot place the " + what + ": neither " + variable + " nor HOME is set", hint);
    }
    return std::filesystem::path(home) / fallback_below_home;
}
} // namespace

std::filesystem::path default_config_path() {
    return xdg_dir("XDG_CONFIG_HOME", ".config", "config file", "set HOME, or pass --config PATH") / "issuebridge" /
           "config.toml";
}

std::filesystem::path default_state_path() {
    return xdg_dir("XDG_STATE_HOME", ".local/state", "state database",
                   "set HOME in the environment that runs issuebridge (cron may not), or set [state] path in the "
                   "config") /
           "issuebridge" / "state.db";
}

std::optional<std::string> expand_home(const std::string& path) {
    if (path != "~" && !path.starts_with("~/")) {
        return path;
    }
    const std::string home = getenv_or_empty("HOME");
    if (home.empty()) {
        return std::nullopt;
    }
    return home + path.substr(1);
}

std::string getenv_or_empty(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

const char* version() noexcept { return ISSUEBRIDGE_VERSION; }

} // namespace issuebridge::util
