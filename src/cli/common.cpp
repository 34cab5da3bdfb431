#include "commands.hpp"

#include "issuebridge/util/paths.hpp"
#include "issuebridge/util/secrets.hpp"
#include "issuebridge/util/strings.hpp"
#include "schemas.hpp"

#include <cstdio>

namespace issuebridge::cli {

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
