// 'config check' and 'config show'.

#include "commands.hpp"
#include "runtime.hpp"

#include "issuebridge/http/curl_client.hpp"
#include "issuebridge/sync/probe.hpp"
#include "issuebridge/util/error.hpp"
#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/paths.hpp"
#include "issuebridge/util/strings.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>

namespace issuebridge::cli {

namespace {

struct MissingSecret {
    std::string env;
    std::string owner;
    bool empty = false; // set, to the empty string
};

// The secrets the routes will need, whose variables are unset or empty.
std::vector<MissingSecret> missing_secrets(const config::Config& config) {
    std::vector<MissingSecret> missing;
    std::set<std::string> seen;
    const auto check = [&](const config::SecretRef& ref, const std::string& owner) {
        if (!ref.env.empty() && util::getenv_or_empty(ref.env.c_str()).empty() && seen.insert(ref.env + owner).second) {
            missing.push_back({ref.env, owner, std::getenv(ref.env.c_str()) != nullptr});
        }
    };
    for (const auto& route : config.routes) {
        const auto& source = config.sources.at(route.source);
        const auto& target = config.targets.at(route.target);
        for (const auto& [key, ref] : source.secrets) {
            check(ref, "source '" + source.name + "'");
        }
        for (const auto& [key, ref] : target.secrets) {
            check(ref, "target '" + target.name + "'");
        }
    }
    return missing;
}

} // namespace

// The problems of the secret files the routes will need (missing, not the user's own, readable by others, empty).
// Commands are not run here: one may ask for a passphrase.
std::vector<util::ConfigError> unreadable_files(const config::Config& config) {
    std::vector<util::ConfigError> errors;
    const auto check = [&](const std::map<std::string, config::SecretRef>& secrets, const std::string& owner) {
        for (const auto& [key, ref] : secrets) {
            if (!ref.file.empty()) {
                try {
                    (void)config::read_secret(ref, owner);
                } catch (const util::ConfigError& e) {
                    errors.push_back(e);
                }
            }
        }
    };
    std::set<std::string> seen;
    for (const auto& route : config.routes) {
        if (seen.insert("s" + route.source).second) {
            check(config.sources.at(route.source).secrets, "source '" + route.source + "'");
        }
        if (seen.insert("t" + route.target).second) {
            check(config.targets.at(route.target).secrets, "target '" + route.target + "'");
        }
    }
    return errors;
}

int cmd_config_check(const Invocation& inv) {
    const config::Config config = load_config(inv.global);
    const auto missing = missing_secrets(config);
    auto errors = unreadable_files(config);
    if (!missing.empty() || !errors.empty()) {
        for (const bool empty : {false, true}) {
            std::vector<std::string> names;
            for (const auto& m : missing) {
                if (m.empty == empty) {
                    names.push_back(m.env + " (" + m.owner + ")");
                }
            }
            if (!names.empty()) {
                errors.emplace_back(util::plural(names.size(), "environment variable") +
                                        (empty ? " set but empty: " : " not set: ") + util::join(names, ", "),
                                    "export " + std::string(names.size() == 1 ? "it" : "them") +
                                        " in the environment that runs issuebridge; secrets are never read from "
                                        "the config file");
            }
        }
        throw errors.size() == 1 ? errors.front() : util::ConfigError(errors);
    }
    std::vector<sync::ProbeResult> online;
    if (inv.config_check.online) {
        LogSetup log(inv.global);
        http::CurlClient client(log.logger(), http::ClientOptions{nullptr, &install_interrupt_handlers(), 0});
        online = sync::probe(config, client);
    }
    const auto failed = [](const sync::ProbeResult& r) { return r.failure.has_value(); };
    const bool ok = std::none_of(online.begin(), online.end(), failed);
    if (inv.global.json) {
        util::JsonWriter out;
        out.begin_object().field("json_version", k_json_version).field("ok", ok).field("path", config.path.string());
        out.field("sources", static_cast<int>(config.sources.size()))
            .field("targets", static_cast<int>(config.targets.size()))
            .field("routes", static_cast<int>(config.routes.size()));
        if (inv.config_check.online) {
            out.key("online").begin_array();
            for (const auto& r : online) {
                out.begin_object().field("what", r.what).field("ok", !failed(r)).field("summary", r.summary);
                out.field("error", r.failure ? r.failure->message : std::string()).end_object();
            }
            out.end_array();
        }
        out.end_object();
        print_json(out.str());
    } else if (!inv.global.quiet) {
        std::printf("%s: ok (%s, %s, %s)\n", config.path.c_str(),
                    util::count_of(config.sources.size(), "source").c_str(),
                    util::count_of(config.targets.size(), "target").c_str(),
                    util::count_of(config.routes.size(), "route").c_str());
        for (const auto& route : config.routes) {
            const auto patterns = static_cast<std::size_t>(std::count_if(
                route.repos.begin(), route.repos.end(), [](const auto& r) { return config::is_pattern(r); }));
            std::string repos = util::count_of(route.repos.size() - patterns, "repository", "repositories");
            if (patterns > 0) {
                repos += " and " + util::count_of(patterns, "pattern");
            }
            std::printf("  route %s: %s -> %s, %s, kinds %s\n", route.name.c_str(), route.source.c_str(),
                        route.target.c_str(), repos.c_str(), util::join(route.kinds, ",").c_str());
        }
        for (const auto& r : online) {
            if (!failed(r)) {
                std::printf("  %s: ok, %s\n", r.what.c_str(), shown(r.summary).c_str());
            }
        }
    }
    if (!inv.global.json) {
        for (const auto& r : online) {
            if (failed(r)) {
                diagnose("error", r.what + ": " + shown(r.failure->message));
            }
        }
    }
    const bool refused = std::any_of(online.begin(), online.end(), [](const sync::ProbeResult& r) {
        return r.failure && r.failure->kind == util::Failure::Kind::auth;
    });
    return ok ? 0 : static_cast<int>(refused ? util::ExitCode::auth : util::ExitCode::usage);
}

int cmd_config_show(const Invocation& inv) {
    const config::Config config = load_config(inv.global);
    if (inv.global.json) {
        util::JsonWriter out;
        config::to_json(out, config);
        print_json(out.str());
    } else {
        std::fputs(config::to_toml(config).c_str(), stdout);
    }
    return 0;
}

} // namespace issuebridge::cli
