#pragma once
// The libcurl implementation of Client: one multi handle driven on the caller's thread.

#include "issuebridge/http/client.hpp"
#include "issuebridge/http/clock.hpp"
#include "issuebridge/util/log.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

namespace issuebridge::http {

struct ClientOptions {
    Clock* clock = nullptr; // not owned; a SystemClock when null
    const std::atomic<bool>* cancel =
        nullptr;            // once set: no new request or retry starts, waits end with Failure::Kind::interrupted
    std::uint64_t seed = 0; // backoff jitter; 0 draws one from std::random_device
    // Optional: called whenever a request that could start is held back by its host's pacing (the policy's rate,
    // write_rate or write_interval), with that host's policy and the limit that held it; for progress displays.
    std::function<void(const HostPolicy& policy, const util::Rate& limit)> on_paced = {};
};

// Connection reuse and HTTP/2 multiplexing come from the one multi handle kept for the client's lifetime.
// TLS is always verified; proxies come from the standard environment variables (curl's defaults).
// Redirects are not followed: curl would carry custom credential headers (PRIVATE-TOKEN) to another host, so a
// 3xx comes back as a Response with its Location. -v logs one line per attempt, -vv adds redacted headers.
class CurlClient final : public Client {
public:
    // Initialises libcurl once per process (a function-local static, so thread-safe and before any handle).
    // Throws util::Error only when libcurl itself cannot be initialised.
    explicit CurlClient(util::Logger& log, ClientOptions options = {});
    ~CurlClient() override;
    CurlClient(const CurlClient&) = delete;
    CurlClient& operator=(const CurlClient&) = delete;

    void set_policy(std::string_view base_url, const HostPolicy& policy) override;
    Outcome send(const Request& request) override;
    void send_all(std::span<const Request> requests,
                  const std::function<void(std::size_t index, Outcome outcome)>& on_done) override;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace issuebridge::http
