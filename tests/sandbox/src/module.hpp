#pragma once
// One emulated tracker as the shared core sees it: a name, a default budget, its state (fresh and
// seeded), its API routes and its admin routes. Each tracker lives in a folder of its own (github/,
// jira/) that defines one Module; modules.cpp lists them all in one table, and nothing else in the
// core names a tracker.

#include "json.hpp"
#include "limits.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace CLI {
class App;
}

namespace issuebridge::sandbox {

class ApiProfile;
class Router;
class State;
struct Options;
struct Services;

struct Module {
    // The API's name in request counts, fault logs, --rate-limit, bursts, credential echoes, and
    // the key of its section in a seed file ("github").
    const char* name;
    // The API's full name and --help's lines for it: its endpoints, and the credentials it accepts.
    const char* title;
    const char* endpoints;
    const char* credentials;
    // The budget when neither --rate-limit nor the admin API sets one ({} is unlimited).
    LimitConfig default_limit;
    // Adds the module's own command-line options (nullptr: none), which store into
    // Options::settings under
    // "<name>.<option>"; fresh() reads them back. check_options says why their values are wrong, or
    // "".
    void (*add_options)(CLI::App& app, Options& options);
    std::string (*check_options)(const Options& options);
    // Puts the module's startup state (before any seed) into `state`, e.g. state.put(GitHubData{}).
    void (*fresh)(State& state, const Options& options);
    // Loads the module's section of a seed file into its state. Returns an error message or "".
    std::string (*seed)(const Json& section, State& state, std::int64_t now_s);
    // Registers the API's routes; returns the profile they use, kept alive as long as the server.
    std::unique_ptr<ApiProfile> (*register_api)(Router& router, Services& services);
    // Registers its /_sandbox/<name>/ routes.
    void (*register_admin)(Router& router, Services& services);
};

// Every emulated tracker, in the order their routes are registered and their seed sections loaded.
std::span<const Module* const> modules();
const Module* find_module(std::string_view name);
// "\"github\"|\"jira\"": the names as the admin API's error messages list them.
std::string quoted_module_names();

} // namespace issuebridge::sandbox
