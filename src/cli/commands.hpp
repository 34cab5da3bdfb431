#pragma once
// The command handlers (one file each) and what they share. Private to cli/.

#include "issuebridge/cli/app.hpp"
#include "issuebridge/config/config.hpp"

#include <filesystem>
#include <string>
#include <string_view>

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

// Text for people (titles, keys, error messages, anything a server may have said): the secrets this run read
// scrubbed (util/secrets.hpp) and control characters made harmless (util::printable), so a server can neither
// show a token nor retitle the terminal or forge a line of ours.
std::string shown(std::string_view text);
// One JSON document on stdout, secrets scrubbed. (JsonWriter escapes control characters itself.)
void print_json(const std::string& json);

} // namespace issuebridge::cli
