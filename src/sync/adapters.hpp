#pragma once
// What the commands that talk to trackers share: the adapters of the selected routes with their HTTP policies,
// and how a refused credential is reported. Private to sync/.

#include "issuebridge/config/config.hpp"
#include "issuebridge/http/client.hpp"
#include "issuebridge/http/policy.hpp"
#include "issuebridge/sources/source.hpp"
#include "issuebridge/state/store.hpp"
#include "issuebridge/targets/target.hpp"

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace issuebridge::sync {

// The HTTP policy of a tracker from its config: its row's vendor limits (`base`), then what the user set. A
// `write_rate` replaces the row's write pacing whole (write_rate, and write_interval, which it sets to none).
http::HostPolicy policy_for(http::HostPolicy base, const std::optional<util::Rate>& rate, const std::string& ca_file,
                            std::optional<int> concurrency, const std::optional<util::Rate>& write_rate = std::nullopt);

// The source and target adapters of a run's routes, each made once, its HTTP policy set on the client.
class Adapters {
public:
    using MakeSource = std::function<std::unique_ptr<sources::Source>(const config::Source&)>;
    using MakeTarget = std::function<std::unique_ptr<targets::Target>(const config::Target&)>;
    // `make_source`, `make_target`: how adapters are made; empty: sources::make_source, targets::make_target.
    // `store`, when given, carries what targets learn across runs (targets::Memory): a target is made with what it
    // learnt on earlier runs, and, when `keep`, what it learnt since is written back when these adapters go, however
    // the command ends (a failure to write it is ignored: the next run learns it again).
    Adapters(const config::Config& config, http::Client& client, MakeSource make_source = {},
             MakeTarget make_target = {}, state::Store* store = nullptr, bool keep = false)
        : m_config(config), m_client(client), m_make_source(std::move(make_source)),
          m_make_target(std::move(make_target)), m_store(store), m_keep(store && keep) {}
    Adapters(const Adapters&) = delete;
    Adapters& operator=(const Adapters&) = delete;
    ~Adapters();
    sources::Source& source(const config::Route& route);
    targets::Target& target(const config::Route& route);
    // Writes to the store the memory of each target made whose memory changed since it was made or last kept.
    void remember();

    struct Pair {
        sources::Source& source;
        targets::Target& target;
    };
    // Both of a route, the source first: a policy belongs to a host, so where both share one (the sandbox) the
    // target's is the one that holds.
    Pair of(const config::Route& route) {
        auto& s = source(route);
        return {s, target(route)};
    }

private:
    const config::Config& m_config;
    http::Client& m_client;
    MakeSource m_make_source;
    MakeTarget m_make_target;
    std::map<std::string, std::unique_ptr<sources::Source>> m_sources;
    state::Store* m_store;
    bool m_keep;
    std::map<std::string, std::unique_ptr<targets::Target>> m_targets;
    std::map<std::string, targets::Memory> m_kept; // by target name: what the store holds
};

// Reports why a listing ended early: `error` says why, and `setting`, when given, whether a config fix is what
// helps (a repository the source does not know). Throws util::AuthError, naming the variables of the route's
// source, when the source refused our credentials.
void listing_failed(const util::Failure& failure, const config::Config& config, const config::Route& route,
                    std::string& error, bool* setting = nullptr);

// Calls `each` for every repository of every route that `routes` and `repos` select (all when empty), in the
// config's order, until `cancel` is set. A pattern among a route's repos (config::is_pattern) stands for the
// repositories its source lists for it now (Source::expand; every pattern of the run listed at once, before the
// first call), at its place in the list; a repository the route names twice, by name or through patterns, is
// called once. When `repos` are selected, a pattern stands for those of them it covers, listing nothing. A
// pattern whose listing failed is passed to `failed` instead (it may throw to end the run).
void for_each_repo(
    const config::Config& config, Adapters& adapters, http::Client& client, const std::vector<std::string>& routes,
    const std::vector<std::string>& repos, const std::atomic<bool>* cancel,
    const std::function<void(const config::Route&, const std::string&)>& each,
    const std::function<void(const config::Route&, const std::string& pattern, const util::Failure&)>& failed);

// Whether `name` is among the `wanted` (all are when none is named).
bool selected(const std::vector<std::string>& wanted, const std::string& name);

// (target, external id) of every item handled in a run: overlapping routes handle each target item once.
using Seen = std::set<std::pair<std::string, std::string>>;

// "source 'gh' refused our credentials (check GITHUB_TOKEN)": names the variables of every configured secret of
// the section, never their values.
std::string auth_message(const std::string& tracker, const std::map<std::string, config::SecretRef>& secrets);
// The same for a route's source and target.
std::string source_auth_message(const config::Config& config, const config::Route& route);
std::string target_auth_message(const config::Config& config, const config::Route& route);

} // namespace issuebridge::sync
