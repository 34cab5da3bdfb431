#include "issuebridge/sync/probe.hpp"

#include "adapters.hpp"

#include "drive.hpp"
#include "execute.hpp"

#include "issuebridge/util/strings.hpp"

#include <algorithm>

#include <set>

namespace issuebridge::sync {

namespace {

// What a pattern names now, for people: "3 repositories: a/x, a/y, a/z".
util::Result<std::string> expand(sources::Source& source, http::Client& client, const std::string& pattern) {
    constexpr std::ptrdiff_t k_named = 5;
    auto listing = source.expand(pattern);
    drive(client, {listing.get()}, nullptr);
    if (!listing->repos().ok()) {
        return listing->repos().failure();
    }
    const auto& repos = *listing->repos();
    const std::vector<std::string> named(repos.begin(),
                                         repos.begin() + std::min<std::ptrdiff_t>(std::ssize(repos), k_named));
    return util::count_of(repos.size(), "repository", "repositories") + (repos.empty() ? "" : ": ") +
           util::join(named, ", ") + (std::ssize(repos) > k_named ? ", ..." : "");
}

} // namespace

std::vector<ProbeResult> probe(const config::Config& config, http::Client& client) {
    Adapters adapters(config, client);
    std::vector<ProbeResult> results;
    std::set<std::string> done; // what was probed already: routes share sources, repositories and targets
    for (const auto& route : config.routes) {
        const auto adapter = adapters.of(route);
        for (const auto& repo : route.repos) {
            ProbeResult r{"source '" + route.source + (config::is_pattern(repo) ? "' repositories " : "' repository ") +
                              repo,
                          "", std::nullopt};
            if (!done.insert(r.what).second) {
                continue;
            }
            auto found =
                config::is_pattern(repo) ? expand(adapter.source, client, repo) : adapter.source.probe(client, repo);
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
