#include "commands.hpp"

#include "issuebridge/util/paths.hpp"

namespace issuebridge::cli {

config::Config load_config(const GlobalOptions& global) {
    return config::load(config::resolve_path(global.config));
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

} // namespace issuebridge::cli
