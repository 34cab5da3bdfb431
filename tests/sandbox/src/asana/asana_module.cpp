// The Asana module: its state in the store, its options, its seed section and its routes.

#include "asana_module.hpp"
#include "asana_data.hpp"
#include "options.hpp"
#include "seed.hpp"
#include "services.hpp"

#include <CLI/CLI.hpp>

namespace issuebridge::sandbox {

namespace {

constexpr const char* k_pat_external = "asana.pat_external";

void add_options(CLI::App& app, Options& options) {
    app.add_option(
           "--asana-pat-external", options.settings[k_pat_external],
           "What a personal access token's use of `external` gets: 0 a 400 naming it, 1 the "
           "field ignored, 2 the same as OAuth (undocumented by Asana)")
        ->capture_default_str();
}

std::string check_options(const Options& options) {
    const auto it = options.settings.find(k_pat_external);
    return it != options.settings.end() && (it->second < 0 || it->second > 2)
               ? "--asana-pat-external is 0, 1 or 2"
               : "";
}

void fresh(State& state, const Options& options) {
    AsanaData data = fresh_asana();
    const auto it = options.settings.find(k_pat_external);
    const std::int64_t mode = it != options.settings.end() ? it->second : 0;
    data.pat_external = mode == 2   ? PatExternal::allow
                        : mode == 1 ? PatExternal::ignore
                                    : PatExternal::reject;
    state.put(std::move(data));
}

std::string seed(const Json& section, State&, std::int64_t) {
    return check_keys(section, "asana", {});
}

} // namespace

const Module& asana_module() {
    // Asana's budget when none is configured: unlimited (--rate-limit asana=150/60 for the free
    // tier).
    static const Module module{
        "asana",
        "Asana API 1.0",
        "  Asana     http://127.0.0.1:PORT/api/1.0  /tasks..., /projects/{gid}/tasks, /batch, "
        "/events\n",
        "Asana bearer tokens sandbox-asana-pat (a PAT) and sandbox-asana-oauth (OAuth).\n",
        LimitConfig{},
        &add_options,
        &check_options,
        &fresh,
        &seed,
        &register_asana_api,
        &register_asana_admin,
    };
    return module;
}

} // namespace issuebridge::sandbox
