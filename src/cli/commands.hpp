#pragma once
// The command handlers (one file each) and what they share. Private to cli/.

#include "issuebridge/cli/app.hpp"
#include "issuebridge/config/config.hpp"

#include <filesystem>

namespace issuebridge::cli {

int cmd_version(const Invocation& inv);
int cmd_sync(const Invocation& inv);
int cmd_status(const Invocation& inv);
int cmd_state_adopt(const Invocation& inv);
int cmd_config_check(const Invocation& inv);
int cmd_config_show(const Invocation& inv);
int cmd_check_missing(const Invocation& inv);

// The config named by --config / $ISSUEBRIDGE_CONFIG / XDG, loaded and validated (throws util::ConfigError).
config::Config load_config(const GlobalOptions& global);
// The state database: --state, else [state] path, else $XDG_STATE_HOME/issuebridge/state.db.
std::filesystem::path state_path(const GlobalOptions& global, const config::Config* config);


} // namespace issuebridge::cli
