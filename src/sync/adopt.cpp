#include "issuebridge/sync/adopt.hpp"

#include "adapters.hpp"
#include "rows.hpp"

#include "execute.hpp"
#include "issuebridge/sources/source.hpp"
#include "issuebridge/sync/engine.hpp"
#include "issuebridge/util/error.hpp"

#include <map>

namespace issuebridge::sync {

const config::Route* route_of(const config::Config& config, const std::vector<const config::Route*>& routes,
                              const std::string& external_id, std::string& repo,
                              const sources::Identity* (*identity_of)(std::string_view type)) {
    for (const auto* route : routes) {
        const auto& source = config.sources.at(route->source);
        const auto* identity = identity_of(source.type);
        if (!identity) {
            continue;
        }
        if (auto r = identity->repo_of(source, external_id, route->repos)) {
            repo = std::move(*r);
            return route;
        }
    }
    return nullptr;
}

namespace {

void adopt_target(const config::Config& config, const config::Target& target, targets::Target& adapter,
                  const std::vector<const config::Route*>& routes, state::Store& store, http::Client& client,
                  AdoptReport& report) {
    auto find = adapter.find_all();
    drive(client, {find.get()}, nullptr);
    if (const auto& failure = find->result().failure) {
        if (failure->kind == util::Failure::Kind::auth) {
            throw util::AuthError("target '" + target.name + "' refused our credentials: " + failure->message);
        }
        throw util::Error("cannot list the marked items of target '" + target.name + "': " + failure->message);
    }
    std::map<std::string, std::vector<const targets::Found*>> by_id;
    for (const auto& f : find->found()) {
        by_id[sources::canonical_id(f.external_id)].push_back(&f);
    }
    store.transaction([&] {
        for (const auto& [id, items] : by_id) {
            if (items.size() > 1) {
                // Leaving it unlinked would make the next sync create a third; link the oldest, and say so.
                std::string keys;
                for (const auto* f : items) {
                    keys += (keys.empty() ? "" : ", ") + f->ref.key;
                }
                report.conflicts.push_back(id + " is marked on " + keys + " in target '" + target.name +
                                           "': linked to " + items.front()->ref.key + ", the oldest");
            }
            const targets::Found& f = *items.front();
            std::string repo;
            const config::Route* route = route_of(config, routes, id, repo);
            if (!route) {
                report.unrouted.push_back(id + " (" + f.ref.key + ")");
                continue;
            }
            auto link = store.find_link(target.name, id);
            if (link && link->target_id == f.ref.id) {
                ++report.already;
                continue;
            }
            if (link && !link->target_id.empty()) {
                report.conflicts.push_back(id + " is linked to " + link->target_key + " but marked on " + f.ref.key);
                continue;
            }
            state::Link l = keyed_row(link, target.name, id, route->name, repo);
            point_to(l, f.ref);
            mark_synced(l);
            l.fingerprint.clear(); // what the item shows is unknown: the next change at the source rewrites it all
            l.target_state = model::to_string(f.state);
            store.put_link(l);
            ++report.adopted;
        }
    });
}

} // namespace

AdoptReport adopt(const config::Config& config, state::Store& store, http::Client& client,
                  const std::vector<std::string>& routes,
                  const std::function<std::unique_ptr<targets::Target>(const config::Target&)>& make_target) {
    check_selection(config, routes, {});
    std::map<std::string, std::vector<const config::Route*>> by_target;
    for (const auto& route : config.routes) {
        if (selected(routes, route.name)) {
            by_target[route.target].push_back(&route);
        }
    }
    Adapters adapters(config, client, {}, make_target, &store, true);
    AdoptReport report;
    for (const auto& [name, target_routes] : by_target) {
        adopt_target(config, config.targets.at(name), adapters.target(*target_routes.front()), target_routes, store,
                     client, report);
    }
    return report;
}

} // namespace issuebridge::sync
