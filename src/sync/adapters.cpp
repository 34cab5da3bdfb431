#include "adapters.hpp"

#include "drive.hpp"

#include "issuebridge/sources/registry.hpp"
#include "issuebridge/targets/registry.hpp"
#include "issuebridge/util/error.hpp"
#include "issuebridge/util/strings.hpp"

#include <algorithm>

namespace issuebridge::sync {

http::HostPolicy policy_for(http::HostPolicy base, const std::optional<util::Rate>& rate, const std::string& ca_file,
                            std::optional<int> concurrency, const std::optional<util::Rate>& write_rate) {
    http::HostPolicy policy = std::move(base);
    if (rate) {
        policy.rate = *rate;
    }
    if (write_rate) {
        policy.write_rate = *write_rate;
        policy.write_interval = std::chrono::milliseconds{0};
    }
    if (!ca_file.empty()) {
        policy.ca_file = ca_file;
    }
    if (concurrency) {
        policy.concurrency = *concurrency;
    }
    return policy;
}

sources::Source& Adapters::source(const config::Route& route) {
    auto& source = m_sources[route.source];
    if (!source) {
        const auto& s = m_config.sources.at(route.source);
        source = m_make_source ? m_make_source(s) : sources::make_source(s);
        const sources::Row* row = sources::find_row(s.type);
        m_client.set_policy(s.base_url,
                            policy_for(row ? row->policy : http::HostPolicy{}, s.rate_limit, s.ca_file, std::nullopt));
    }
    return *source;
}

targets::Target& Adapters::target(const config::Route& route) {
    auto& target = m_targets[route.target];
    if (!target) {
        const auto& t = m_config.targets.at(route.target);
        target = m_make_target ? m_make_target(t) : targets::make_target(t);
        if (m_store) {
            if (auto kept = m_store->find_target_memory(t.name)) {
                target->restore(kept->data);
                m_kept[t.name] = {kept->data, kept->shown};
            }
        }
        const targets::Row* row = targets::find_row(t.type);
        m_client.set_policy(t.base_url, policy_for(row ? row->policy : http::HostPolicy{}, t.rate_limit, t.ca_file,
                                                   route.concurrency, t.write_rate));
    }
    return *target;
}

Adapters::~Adapters() {
    if (m_keep) {
        try {
            remember();
        } catch (...) { // NOLINT(bugprone-empty-catch): a cache; see the constructor
        }
    }
}

void Adapters::remember() {
    if (!m_store) {
        return;
    }
    for (const auto& [name, target] : m_targets) {
        if (!target) {
            continue; // its making failed (a secret unset)
        }
        targets::Memory memory = target->memory();
        targets::Memory& kept = m_kept[name];
        if (memory != kept && !memory.data.empty()) {
            m_store->put_target_memory({name, memory.data, memory.shown, 0});
            kept = std::move(memory);
        }
    }
}

void listing_failed(const util::Failure& failure, const config::Config& config, const config::Route& route,
                    std::string& error, bool* setting) {
    if (failure.kind == util::Failure::Kind::auth) {
        throw util::AuthError(source_auth_message(config, route) + ": " + failure.message);
    }
    error = failure.message;
    if (failure.kind == util::Failure::Kind::config) {
        error += " (check repos in route '" + route.name + "' and the token's access)";
        if (setting) {
            *setting = true;
        }
    }
}

namespace {

// The listings of what patterns name, by (source, pattern).
using Expanded = std::map<std::pair<std::string, std::string>, std::unique_ptr<sources::RepoListing>>;

// What the patterns of the selected routes name now, listed all at once.
Expanded expand_patterns(const config::Config& config, Adapters& adapters, http::Client& client,
                         const std::vector<std::string>& routes, const std::atomic<bool>* cancel) {
    Expanded listings;
    std::vector<http::Operation*> ops;
    for (const auto& route : config.routes) {
        for (const auto& repo : route.repos) {
            if (!selected(routes, route.name) || !config::is_pattern(repo)) {
                continue;
            }
            auto& listing = listings[{route.source, repo}];
            if (!listing) {
                listing = adapters.source(route).expand(repo);
                ops.push_back(listing.get());
            }
        }
    }
    drive(client, ops, cancel);
    return listings;
}

} // namespace

void for_each_repo(
    const config::Config& config, Adapters& adapters, http::Client& client, const std::vector<std::string>& routes,
    const std::vector<std::string>& repos, const std::atomic<bool>* cancel,
    const std::function<void(const config::Route&, const std::string&)>& each,
    const std::function<void(const config::Route&, const std::string& pattern, const util::Failure&)>& failed) {
    const Expanded expanded = repos.empty() ? expand_patterns(config, adapters, client, routes, cancel) : Expanded{};
    for (const auto& route : config.routes) {
        if (!selected(routes, route.name)) {
            continue;
        }
        std::set<std::string> done; // lowercase: code hosts compare paths so
        const auto visit = [&](const std::string& repo) {
            if (!(cancel && cancel->load()) && done.insert(util::to_lower(repo)).second) {
                each(route, repo);
            }
        };
        for (const auto& entry : route.repos) {
            if (cancel && cancel->load()) {
                return;
            }
            if (!config::is_pattern(entry)) {
                if (selected(repos, entry)) {
                    visit(entry);
                }
                continue;
            }
            if (!repos.empty()) {
                for (const auto& repo : repos) {
                    if (config::pattern_covers(entry, repo)) {
                        visit(repo);
                    }
                }
                continue;
            }
            const auto& listing = *expanded.at({route.source, entry});
            if (!listing.done()) {
                return; // interrupted before it was listed
            }
            if (!listing.repos().ok()) {
                failed(route, entry, listing.repos().failure());
                continue;
            }
            for (const auto& repo : *listing.repos()) {
                visit(repo);
            }
        }
    }
}

bool selected(const std::vector<std::string>& wanted, const std::string& name) {
    return wanted.empty() || std::find(wanted.begin(), wanted.end(), name) != wanted.end();
}

std::string auth_message(const std::string& tracker, const std::map<std::string, config::SecretRef>& secrets) {
    std::vector<std::string> names;
    for (const auto& [key, s] : secrets) {
        if (s.configured()) {
            names.push_back(s.origin());
        }
    }
    return tracker + " refused our credentials" + (names.empty() ? "" : " (check " + util::join(names, ", ") + ")");
}

std::string source_auth_message(const config::Config& config, const config::Route& route) {
    const auto& s = config.sources.at(route.source);
    return auth_message("source '" + s.name + "'", s.secrets);
}

std::string target_auth_message(const config::Config& config, const config::Route& route) {
    const auto& t = config.targets.at(route.target);
    return auth_message("target '" + t.name + "'", t.secrets);
}

} // namespace issuebridge::sync
