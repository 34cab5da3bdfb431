#pragma once
// The engine behind CurlClient (internal): per-host state kept for the client's lifetime, and the Batch that
// drives one send_all on the caller's thread through the curl multi handle.

#include "issuebridge/http/clock.hpp"
#include "issuebridge/http/message.hpp"
#include "issuebridge/http/policy.hpp"
#include "issuebridge/util/log.hpp"
#include "pacer.hpp"
#include "transfer.hpp"

#include <curl/curl.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace issuebridge::http {

using OnDone = std::function<void(std::size_t index, Outcome outcome)>;

struct Host {
    explicit Host(const HostPolicy& p) : policy(p), pacer(p) {}

    HostPolicy policy;
    Pacer pacer;
    SteadyTime blocked_until{}; // a rate limit holds every request to this host until then
    std::string blocked_why;
    int in_flight = 0;
};

// What a CurlClient keeps between calls: the multi handle (and so its connections), hosts, idle easy handles.
struct Engine {
    Engine(util::Logger& logger, Clock& time, const std::atomic<bool>* cancel_flag, std::uint64_t seed,
           std::function<void(const HostPolicy&, const util::Rate&)> paced = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // The host of `url`, created with HostPolicy{} on first use.
    Host& host_for(std::string_view url);
    void set_policy(std::string_view base_url, const HostPolicy& policy);
    std::unique_ptr<Transfer> acquire();
    void release(std::unique_ptr<Transfer> transfer);

    util::Logger& log;
    Clock& clock;
    const std::atomic<bool>* cancel;
    std::function<void(const HostPolicy&, const util::Rate&)> on_paced; // ClientOptions::on_paced
    std::mt19937_64 rng;
    const std::string user_agent;
    CURLM* multi = nullptr;
    std::map<std::string, Host> hosts; // by origin_of(); node-based, so a Host& stays valid
    std::vector<std::unique_ptr<Transfer>> idle;
    bool busy = false; // a Batch is running: on_done must not call back into the client

private:
    void tune_connections();
};

// One send_all: queues per host, retry waits, transfers in flight.
class Batch {
public:
    // Throws std::logic_error when another Batch of `engine` is running (on_done called back into the client).
    Batch(Engine& engine, std::span<const Request> requests, const OnDone& on_done);
    // Abandons transfers still in flight (only when on_done threw).
    ~Batch();
    Batch(const Batch&) = delete;
    Batch& operator=(const Batch&) = delete;

    // Returns once every request has been delivered to on_done.
    void run();

private:
    struct Lane {
        Host* host;
        std::deque<std::size_t> queue; // jobs ready to start but for this host's limits, in order
    };
    struct Job {
        std::size_t lane = 0;
        bool write = false;
        int attempts = 0;
        int waited_retries = 0; // retries after a wait the server named (retry.hpp Decision::counted)
        SteadyTime first_start{};
        SteadyTime not_before{}; // while in m_delayed
    };

    bool cancelled() const noexcept;
    void interrupt_waiting();
    void release_delayed(SteadyTime now);
    void start_ready(SteadyTime now);
    void start(std::size_t job, SteadyTime now);
    void tell_paced(const Host& host, bool write) const;
    void refuse_blocked(Lane& lane, SteadyTime now);
    SteadyTime next_wake(SteadyTime now) const;
    void poll();
    void collect_finished();
    void handle(std::size_t job, AttemptResult result);
    void block(Host& host, SteadyTime until, const std::string& why);
    void deliver(std::size_t job, Outcome outcome);

    Engine& m_engine;
    std::span<const Request> m_requests;
    const OnDone& m_on_done;
    std::vector<Job> m_jobs;
    std::vector<Lane> m_lanes;
    std::vector<std::size_t> m_delayed; // jobs waiting to retry
    std::vector<std::unique_ptr<Transfer>> m_active;
    std::size_t m_done = 0;
};

} // namespace issuebridge::http
