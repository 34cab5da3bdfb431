#include "commands.hpp"

#include "issuebridge/util/paths.hpp"
#include "issuebridge/util/secrets.hpp"
#include "issuebridge/util/strings.hpp"
#include "schemas.hpp"

#include <cstdio>
#include <unistd.h>

namespace issuebridge::cli {

namespace {
bool g_colour = false;
}

void choose_colour(bool no_color_flag) {
    g_colour = !no_color_flag && util::getenv_or_empty("NO_COLOR").empty() && ::isatty(STDERR_FILENO) &&
               util::getenv_or_empty("TERM") != "dumb";
}

void diagnose(std::string_view level, const std::string& text) {
    const std::string_view colour = !g_colour            ? ""
                                    : level == "error"   ? "\033[1;31m"
                                    : level == "warning" ? "\033[1;33m"
                                                         : "";
    std::fprintf(stderr, "issuebridge: %.*s%.*s%s: %s\n", static_cast<int>(colour.size()), colour.data(),
                 static_cast<int>(level.size()), level.data(), colour.empty() ? "" : "\033[0m", text.c_str());
}

config::Config load_config(const GlobalOptions& global) {
    return config::load(config::resolve_path(global.config), schemas());
}

std::filesystem::path state_path(const GlobalOptions& global, const config::Config* config) {
    if (global.state) {
        return *global.state;
    }
    if (config && config->state_path) {
        return *config->state_path;
    }
    return util::default_state_path();
}

std::string shown(std::string_view text) { return util::printable(util::scrub(text)); }

void print_json(const std::string& json) { std::printf("%s\n", util::scrub(json).c_str()); }

} // namespace issuebridge::cli
