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
#include <set>

namespace issuebridge::cli {

namespace {

struct MissingSecret {
    std::string env;
    std::string owner;
};

// The secrets the routes will need, whose variables are unset or empty.
std::vector<MissingSecret> missing_secrets(const config::Config& config) {
    std::vector<MissingSecret> missing;
    std::set<std::string> seen;
    const auto check = [&](const config::SecretRef& ref, const std::string& owner) {
        if (ref.configured() && util::getenv_or_empty(ref.env.c_str()).empty() && seen.insert(ref.env + owner).second) {
            missing.push_back({ref.env, owner});
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

int cmd_config_check(const Invocation& inv) {
    const config::Config config = load_config(inv.global);
    const auto missing = missing_secrets(config);
    if (!missing.empty()) {
        std::string list;
        for (const auto& m : missing) {
            list += (list.empty() ? "" : ", ") + m.env + " (" + m.owner + ")";
        }
        throw util::ConfigError("environment variable" + std::string(missing.size() > 1 ? "s" : "") +
                                    " not set: " + list,
                                "export them in the environment that runs issuebridge; secrets are never read "
                                "from the config file");
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
        out.begin_object().field("ok", ok).field("path", config.path.string());
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
        std::printf("%s: ok (%zu sources, %zu targets, %zu routes)\n", config.path.c_str(), config.sources.size(),
                    config.targets.size(), config.routes.size());
        for (const auto& route : config.routes) {
            std::printf("  route %s: %s -> %s, %zu repositories, kinds %s\n", route.name.c_str(), route.source.c_str(),
                        route.target.c_str(), route.repos.size(), util::join(route.kinds, ",").c_str());
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
                std::fprintf(stderr, "issuebridge: error: %s: %s\n", r.what.c_str(), shown(r.failure->message).c_str());
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
