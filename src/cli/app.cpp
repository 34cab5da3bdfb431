#include "issuebridge/cli/app.hpp"

#include "commands.hpp"

#include "issuebridge/util/error.hpp"
#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/paths.hpp"
#include "issuebridge/util/strings.hpp"
#include "schemas.hpp"

#include <charconv>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace issuebridge::cli {

namespace {

constexpr const char* k_footer =
    R"(Exit codes: 0 all done; 1 some items failed (retried next run); 2 usage or configuration error;
3 another run holds the lock; 4 a tracker refused our credentials; 130 interrupted.
See 'man issuebridge' and 'man issuebridge.toml'.)";

// A flag's value as a whole number of at least `min` (CLI11's own range text shows a 309-digit bound).
int whole_number(const std::string& flag, const std::string& value, int min) {
    int n = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size() || n < min) {
        throw util::UsageError(flag + " must be a whole number of " + std::to_string(min) + " or more",
                               "got '" + value + "'");
    }
    return n;
}

void add_global_options(CLI::App& app, GlobalOptions& g) {
    app.add_option("--config", g.config,
                   "Config file (default: $ISSUEBRIDGE_CONFIG, else "
                   "$XDG_CONFIG_HOME/issuebridge/config.toml)")
        ->type_name("PATH");
    app.add_option("--state", g.state,
                   "State database (default: [state] path, else "
                   "$XDG_STATE_HOME/issuebridge/state.db)")
        ->type_name("PATH");
    app.add_flag("-v,--verbose", g.verbosity, "More diagnostics on stderr: -v one line per request, -vv headers too");
    app.add_flag("-q,--quiet", g.quiet, "Only errors on stderr; no summary, no progress");
    app.add_option("--log-file", g.log_file, "Append diagnostics to this file instead of stderr")->type_name("PATH");
    app.add_flag("--json", g.json, "Write one JSON document to stdout instead of text");
    // Read by main before parsing (cli::given), so that even a parse error is printed as asked.
    app.add_flag("--no-color")->description("Never colour diagnostics (as NO_COLOR=1 does)");
}

void add_filters(CLI::App& sub, std::vector<std::string>& repos, std::vector<std::string>& routes) {
    sub.add_option("--repo", repos, "Only this repository (repeatable), e.g. org/name")->type_name("PATH");
    sub.add_option("--route", routes, "Only this route (repeatable)")->type_name("NAME");
}

void add_sync(CLI::App& app, Invocation& inv) {
    auto* sub = app.add_subcommand("sync", "Poll the sources and create or update the target items");
    add_filters(*sub, inv.sync.repos, inv.sync.routes);
    sub->add_flag("--dry-run", inv.sync.dry_run, "Print the plan; write nothing to targets or state");
    sub->add_flag("--full", inv.sync.full, "Ignore cursors and ETags: look at every item again");
    sub->add_option_function<std::string>(
           "--max-writes", [&inv](const std::string& v) { inv.sync.max_writes = whole_number("--max-writes", v, 0); },
           "Stop creating and updating after N writes")
        ->type_name("N");
    sub->callback([&inv] { inv.handler = cmd_sync; });
}

void add_check_missing(CLI::App& app, Invocation& inv) {
    auto* sub =
        app.add_subcommand("check-missing", "Compare source items of the last N days with the targets and repair");
    sub->add_option_function<std::string>(
           "--days", [&inv](const std::string& v) { inv.check_missing.days = whole_number("--days", v, 1); },
           "Look at items updated in the last N days")
        ->type_name("N")
        ->required();
    add_filters(*sub, inv.check_missing.repos, inv.check_missing.routes);
    sub->add_flag("--report-only,--dry-run", inv.check_missing.report_only,
                  "Report only: change nothing on the targets or in the state");
    sub->callback([&inv] { inv.handler = cmd_check_missing; });
}

void add_config(CLI::App& app, Invocation& inv) {
    auto* config = app.add_subcommand("config", "Check or show the configuration");
    auto* check = config->add_subcommand("check", "Validate the config file and the environment it names");
    check->add_flag("--online", inv.config_check.online, "Also sign in to every tracker the routes use");
    check->callback([&inv] { inv.handler = cmd_config_check; });
    auto* show = config->add_subcommand("show", "Print the effective configuration, secrets redacted");
    show->callback([&inv] { inv.handler = cmd_config_show; });
}

void add_state(CLI::App& app, Invocation& inv) {
    auto* state = app.add_subcommand("state", "Maintain the state database");
    auto* adopt = state->add_subcommand("adopt", "Rebuild links from the markers found on the targets");
    adopt->add_option("--route", inv.state_adopt.routes, "Only this route (repeatable)")->type_name("NAME");
    adopt->callback([&inv] { inv.handler = cmd_state_adopt; });
}

// Every parsed subcommand, outermost first.
std::vector<CLI::App*> chosen_path(CLI::App& app) {
    std::vector<CLI::App*> path{&app};
    while (true) {
        const auto subs = path.back()->get_subcommands();
        if (subs.empty()) {
            return path;
        }
        path.push_back(subs.front());
    }
}

std::string command_name(const std::vector<CLI::App*>& path) {
    std::string name = "issuebridge";
    for (std::size_t i = 1; i < path.size(); ++i) {
        name += " " + path[i]->get_name();
    }
    return name;
}

std::vector<std::string> names_of_subcommands(const CLI::App& app) {
    std::vector<std::string> out;
    for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        out.push_back(sub->get_name());
    }
    return out;
}

// Long and short flag names a command accepts, including the global ones.
std::vector<std::string> flags_of(const std::vector<CLI::App*>& path) {
    std::vector<std::string> out;
    for (const auto* app : path) {
        for (const auto* opt : app->get_options()) {
            for (const auto& l : opt->get_lnames()) {
                out.push_back("--" + l);
            }
        }
    }
    return out;
}

// Arguments CLI11 left over (allow_extras) become one clear error with a suggestion.
void reject_extras(const std::vector<CLI::App*>& path) {
    const auto extras = path.front()->remaining(true);
    if (extras.empty()) {
        return;
    }
    const std::string& word = extras.front();
    const std::string command = command_name(path);
    if (word.starts_with("-")) {
        const std::string flag = word.substr(0, word.find('='));
        throw util::UsageError("unknown flag '" + flag + "' for '" + command + "'",
                               util::did_you_mean(flag, flags_of(path)));
    }
    const auto subs = names_of_subcommands(*path.back());
    if (!subs.empty()) {
        throw util::UsageError("unknown command '" + word + "' for '" + command + "'",
                               util::did_you_mean(word, subs).empty() ? "run '" + command + " --help'"
                                                                      : util::did_you_mean(word, subs));
    }
    throw util::UsageError("unexpected argument '" + word + "' for '" + command + "'", "run '" + command + " --help'");
}

// What the program does, then the adapter types this build has, from the rows (so it cannot drift from them):
// "... Sources: <type>, ...; targets: <type>, ...".
std::string description() {
    const auto& all = schemas();
    std::vector<std::string> sources;
    std::vector<std::string> targets;
    for (const auto& schema : all.sources) {
        sources.push_back(schema.type);
    }
    for (const auto& schema : all.targets) {
        targets.push_back(schema.type);
    }
    return "issuebridge keeps work trackers in step with code hosts. This build has sources: " +
           util::join(sources, ", ") + "; targets: " + util::join(targets, ", ") + ".";
}

std::string lower_first(std::string s) {
    if (!s.empty() && s.front() >= 'A' && s.front() <= 'Z') {
        s.front() = static_cast<char>(s.front() - 'A' + 'a');
    }
    return s;
}

} // namespace

std::unique_ptr<CLI::App> make_app(Invocation& inv) {
    auto app = std::make_unique<CLI::App>(description(), "issuebridge");
    app->set_version_flag("--version", std::string("issuebridge ") + util::version());
    app->footer(k_footer);
    app->allow_extras();
    add_global_options(*app, inv.global);
    add_sync(*app, inv);
    add_check_missing(*app, inv);
    auto* status = app->add_subcommand("status", "Show the last runs, cursors, pending and failed items (no network)");
    status->add_flag("--check", inv.status.check,
                     "For monitoring: exit 1 when the last run failed or an item has failed for over a day");
    status->callback([&inv] { inv.handler = cmd_status; });
    add_config(*app, inv);
    add_state(*app, inv);
    app->add_subcommand("version", "Print the version")->callback([&inv] { inv.handler = cmd_version; });
    // Global flags are accepted after the command too ("issuebridge sync --json"); extras are ours to report.
    for (auto* sub : app->get_subcommands([](const CLI::App*) { return true; })) {
        sub->fallthrough()->allow_extras();
        for (auto* nested : sub->get_subcommands([](const CLI::App*) { return true; })) {
            nested->fallthrough()->allow_extras();
        }
    }
    return app;
}

int run(int argc, const char* const* argv) {
    Invocation inv;
    auto app = make_app(inv);
    try {
        app->parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app->exit(e); // --help, --version
    } catch (const CLI::ParseError& e) {
        const auto path = chosen_path(*app);
        reject_extras(path); // a mistyped flag explains a missing required one best
        throw util::UsageError(lower_first(e.what()), "run '" + command_name(path) + " --help'");
    }
    const auto path = chosen_path(*app);
    reject_extras(path);
    if (!inv.handler) {
        const std::string command = command_name(path);
        if (path.size() == 1) {
            std::cerr << app->help();
            throw util::UsageError("no command given", "run 'issuebridge --help' for the list of commands");
        }
        throw util::UsageError("'" + command +
                                   "' needs a command: " + util::join(names_of_subcommands(*path.back()), ", "),
                               "run '" + command + " --help'");
    }
    return inv.handler(inv);
}

bool given(int argc, const char* const* argv, std::string_view flag) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--") {
            return false;
        }
        if (arg == flag) {
            return true;
        }
    }
    return false;
}

int report_fatal(const util::Error& error, bool json) {
    const auto* config = dynamic_cast<const util::ConfigError*>(&error);
    const std::vector<util::ConfigError::Problem> problems =
        config ? config->problems() : std::vector<util::ConfigError::Problem>{{error.what(), error.hint()}};
    for (const auto& p : problems) {
        print_error(p.message, p.hint);
    }
    if (problems.size() > 1) {
        std::fprintf(stderr, "issuebridge: %zu errors\n", problems.size());
    }
    const int code = static_cast<int>(error.exit_code());
    if (json) {
        util::JsonWriter out;
        out.begin_object().field("json_version", k_json_version).field("exit_code", code).field("error", error.what());
        out.field("hint", error.hint()).key("errors").begin_array();
        for (const auto& p : problems) {
            out.begin_object().field("error", p.message).field("hint", p.hint).end_object();
        }
        out.end_array().end_object();
        print_json(out.str());
    }
    return code;
}

void print_error(const std::string& message, const std::string& hint) {
    diagnose("error", shown(message));
    if (!hint.empty()) {
        diagnose("hint", shown(hint));
    }
}

} // namespace issuebridge::cli
