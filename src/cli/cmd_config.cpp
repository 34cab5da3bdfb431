// 'config check' and 'config show'.

#include "commands.hpp"

#include "issuebridge/util/error.hpp"
#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/paths.hpp"
#include "issuebridge/util/strings.hpp"

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
        check(source.token, "source '" + source.name + "'");
        check(target.user_env, "target '" + target.name + "'");
        check(target.token, "target '" + target.name + "'");
        check(target.key, "target '" + target.name + "'");
    }
    return missing;
}

} // namespace

int cmd_config_check(const Invocation& inv) {
    if (inv.config_check.online) {
        return cmd_not_built("config check --online");
    }
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
    if (inv.global.json) {
        util::JsonWriter out;
        out.begin_object().field("ok", true).field("path", config.path.string());
        out.field("sources", static_cast<int>(config.sources.size()))
            .field("targets", static_cast<int>(config.targets.size()))
            .field("routes", static_cast<int>(config.routes.size()))
            .end_object();
        std::printf("%s\n", out.str().c_str());
    } else if (!inv.global.quiet) {
        std::printf("%s: ok (%zu sources, %zu targets, %zu routes)\n", config.path.c_str(), config.sources.size(),
                    config.targets.size(), config.routes.size());
        for (const auto& route : config.routes) {
            std::printf("  route %s: %s -> %s, %zu repositories, kinds %s\n", route.name.c_str(), route.source.c_str(),
                        route.target.c_str(), route.repos.size(), util::join(route.kinds, ",").c_str());
        }
    }
    return 0;
}

int cmd_config_show(const Invocation& inv) {
    const config::Config config = load_config(inv.global);
    if (inv.global.json) {
        util::JsonWriter out;
        config::to_json(out, config);
        std::printf("%s\n", out.str().c_str());
    } else {
        std::fputs(config::to_toml(config).c_str(), stdout);
    }
    return 0;
}

} // namespace issuebridge::cli
