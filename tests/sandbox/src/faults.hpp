#pragma once
// Injected latency and faults. Every decision is a pure function of (seed, method, path with query,
// body, ordinal of that exact request since the faults were configured), so the same request
// sequence gives the same outcomes whatever the thread timing; concurrent requests that differ in
// path or body cannot shift each other's decisions.
//
// When a fault strikes relative to the state change (see README.md, "Faults"):
//   server_error (500), bad_gateway (502), reset: before the handler runs, so nothing changes;
//   stall, truncated: after the handler ran, so a write is applied but the client never learns its
//   outcome.

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace issuebridge::sandbox {

enum class FaultKind { none, server_error, bad_gateway, reset, stall, truncated };

std::string_view fault_name(FaultKind kind);
std::optional<FaultKind> parse_fault_kind(std::string_view name);
bool fault_before_handler(FaultKind kind);

struct FaultConfig {
    double rate = 0.0; // fraction of API requests that fail, in [0, 1]
    std::uint64_t seed = 0;
    std::int64_t latency_ms = 0; // added to every API request
    std::int64_t stall_ms = 30000;
    std::vector<FaultKind> kinds{FaultKind::server_error, FaultKind::bad_gateway, FaultKind::reset,
                                 FaultKind::stall, FaultKind::truncated};
};

struct FaultRecord {
    std::uint64_t sequence = 0; // 1-based, in the order decisions were taken
    std::string api;
    std::string method;
    std::string target; // path and query
    std::uint64_t ordinal = 0;
    FaultKind kind = FaultKind::none;
};

// Lets waits (latency, stalls) end early when the server shuts down.
class Lifetime {
public:
    // Waits `ms` milliseconds; false when the server began to stop meanwhile.
    bool wait_for(std::int64_t ms);
    void stop();

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stopping = false;
};

class Faults {
public:
    explicit Faults(FaultConfig config) : m_config(std::move(config)) {}

    FaultKind decide(std::string_view api, std::string_view method, std::string_view target,
                     std::string_view body);
    // Replaces the configuration and restarts ordinals and the log, so a test can replay a
    // sequence.
    void configure(FaultConfig config);
    FaultConfig config() const;
    std::vector<FaultRecord> log() const;

private:
    static constexpr std::size_t k_max_log = 10000;

    mutable std::mutex m_mutex;
    FaultConfig m_config;
    std::map<std::uint64_t, std::uint64_t> m_ordinals; // request key digest -> requests seen
    std::vector<FaultRecord> m_log;
    std::uint64_t m_sequence = 0;
};

} // namespace issuebridge::sandbox
