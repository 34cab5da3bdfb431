#include "issuebridge/http/curl_client.hpp"

#include "issuebridge/util/error.hpp"
#include "issuebridge/util/paths.hpp"
#include "scheduler.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <optional>

namespace issuebridge::http {

namespace {

// libcurl's global state, set up once before the first handle; thread-safe through the static's initialisation.
// Never cleaned up: the process may still hold handles elsewhere at exit, and it is ending anyway.
void init_curl_once() {
    static const CURLcode k_init = curl_global_init(CURL_GLOBAL_DEFAULT);
    if (k_init != CURLE_OK) {
        throw util::Error(std::string("cannot initialise libcurl: ") + curl_easy_strerror(k_init));
    }
}

std::uint64_t seed_or_random(std::uint64_t seed) {
    if (seed != 0) {
        return seed;
    }
    std::random_device device;
    return (std::uint64_t{device()} << 32U) ^ device();
}

} // namespace

Engine::Engine(util::Logger& logger, Clock& time, const std::atomic<bool>* cancel_flag, std::uint64_t seed,
               std::function<void(const HostPolicy&, const util::Rate&)> paced)
    : log(logger), clock(time), cancel(cancel_flag), on_paced(std::move(paced)), rng(seed_or_random(seed)),
      user_agent(std::string("issuebridge/") + util::version()) {
    init_curl_once();
    multi = curl_multi_init();
    if (multi == nullptr) {
        throw util::Error("cannot create a libcurl multi handle");
    }
    curl_multi_setopt(multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    tune_connections();
}

Engine::~Engine() {
    idle.clear(); // easy handles go before the multi handle that holds their connections
    curl_multi_cleanup(multi);
}

Host& Engine::host_for(std::string_view url) {
    std::string origin = origin_of(url);
    auto it = hosts.find(origin);
    if (it == hosts.end()) {
        it = hosts.emplace(std::move(origin), Host(HostPolicy{})).first;
    }
    return it->second;
}

void Engine::set_policy(std::string_view base_url, const HostPolicy& policy) {
    Host& host = host_for(base_url);
    const bool same_pacing = host.policy.rate == policy.rate && host.policy.write_rate == policy.write_rate &&
                             host.policy.write_interval == policy.write_interval;
    host.policy = policy;
    host.policy.concurrency = std::max(1, policy.concurrency);
    if (!same_pacing) {
        host.pacer = Pacer(host.policy);
    }
    tune_connections();
}

// Connections per host: at most the largest concurrency (Batch bounds each host exactly); the cache keeps every
// host's connections alive between calls.
void Engine::tune_connections() {
    long widest = HostPolicy{}.concurrency;
    long total = widest;
    for (const auto& entry : hosts) {
        widest = std::max<long>(widest, entry.second.policy.concurrency);
        total += entry.second.policy.concurrency;
    }
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, widest);
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, total);
}

std::unique_ptr<Transfer> Engine::acquire() {
    if (idle.empty()) {
        return std::make_unique<Transfer>();
    }
    auto transfer = std::move(idle.back());
    idle.pop_back();
    return transfer;
}

void Engine::release(std::unique_ptr<Transfer> transfer) { idle.push_back(std::move(transfer)); }

struct CurlClient::Impl {
    Impl(util::Logger& log, const ClientOptions& options)
        : engine(log, options.clock ? *options.clock : own_clock, options.cancel, options.seed, options.on_paced) {}

    SystemClock own_clock;
    Engine engine;
};

CurlClient::CurlClient(util::Logger& log, ClientOptions options) : m_impl(std::make_unique<Impl>(log, options)) {}

CurlClient::~CurlClient() = default;

void CurlClient::set_policy(std::string_view base_url, const HostPolicy& policy) {
    m_impl->engine.set_policy(base_url, policy);
}

Outcome CurlClient::send(const Request& request) {
    std::optional<Outcome> result;
    send_all(std::span(&request, 1), [&](std::size_t, Outcome outcome) { result.emplace(std::move(outcome)); });
    return std::move(*result);
}

void CurlClient::send_all(std::span<const Request> requests,
                          const std::function<void(std::size_t index, Outcome outcome)>& on_done) {
    Batch batch(m_impl->engine, requests, on_done);
    batch.run();
}

} // namespace issuebridge::http
