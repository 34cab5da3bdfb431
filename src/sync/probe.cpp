#include "issuebridge/sync/probe.hpp"

#include "adapters.hpp"

#include "execute.hpp"

#include <set>

namespace issuebridge::sync {

std::vector<ProbeResult> probe(const config::Config& config, http::Client& client) {
    Adapters adapters(config, client);
    std::vector<ProbeResult> results;
    std::set<std::string> done; // what was probed already: routes share sources, repositories and targets
    for (const auto& route : config.routes) {
        const auto adapter = adapters.of(route);
        for (const auto& repo : route.repos) {
            ProbeResult r{"source '" + route.source + "' repository " + repo, "", std::nullopt};
            if (!done.insert(r.what).second) {
                continue;
            }
            auto found = adapter.source.probe(client, repo);
            if (found.ok()) {
                r.summary = *found;
            } else {
                r.failure = found.failure();
                if (r.failure->kind == util::Failure::Kind::auth) {
                    r.failure->message = source_auth_message(config, route) + ": " + r.failure->message;
                }
            }
            results.push_back(std::move(r));
        }
        ProbeResult r{"target '" + route.target + "'", "", std::nullopt};
        if (!done.insert(r.what).second) {
            continue;
        }
        auto op = adapter.target.probe();
        drive(client, {op.get()}, nullptr);
        r.failure = op->result().failure;
        if (r.failure && r.failure->kind == util::Failure::Kind::auth) {
            r.failure->message = target_auth_message(config, route) + ": " + r.failure->message;
        }
        r.summary = op->summary();
        results.push_back(std::move(r));
    }
    return results;
}

} // namespace issuebridge::sync
