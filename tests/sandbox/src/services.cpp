#include "services.hpp"

#include "module.hpp"

namespace issuebridge::sandbox {

namespace {

FaultConfig initial_faults(const Options& o) {
    FaultConfig config;
    config.rate = o.fault_rate;
    config.seed = o.fault_seed;
    config.latency_ms = o.latency_ms;
    config.stall_ms = o.fault_stall_ms;
    return config;
}

std::map<std::string, LimitConfig, std::less<>> initial_limits(const Options& o) {
    std::map<std::string, LimitConfig, std::less<>> limits;
    for (const Module* m : modules()) {
        limits[m->name] = m->default_limit;
    }
    for (const auto& [api, config] : o.rate_limits) {
        limits[api] = config;
    }
    return limits;
}

} // namespace

Services::Services(Options opts, std::optional<Json> seed_json)
    : options(std::move(opts)), seed(std::move(seed_json)), faults(initial_faults(options)),
      limits(initial_limits(options)) {}

std::string Services::reset(bool load_seed) {
    clock.reset();
    State fresh;
    for (const Module* m : modules()) {
        m->fresh(fresh, options);
    }
    if (load_seed && seed) {
        if (std::string error = apply_seed(*seed, fresh, clock.now_s()); !error.empty()) {
            return error;
        }
    }
    store.with([&](State& s) { s = std::move(fresh); });
    requests.reset();
    faults.configure(initial_faults(options));
    limits.reset();
    echoes.reset();
    return "";
}

} // namespace issuebridge::sandbox
