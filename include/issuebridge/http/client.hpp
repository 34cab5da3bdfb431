#pragma once
// The one way issuebridge talks to the network.

#include "issuebridge/http/message.hpp"
#include "issuebridge/http/policy.hpp"

#include <cstddef>
#include <functional>
#include <span>
#include <string_view>

namespace issuebridge::http {

// Abstracts sending HTTP requests with retries, pacing and bounded concurrency; real: CurlClient, fake: FakeClient.
// A Client is used from one thread.
class Client {
public:
    virtual ~Client() = default;

    // Sets the policy for the host of `base_url` (scheme://host:port); later registrations for the same host
    // replace earlier ones. A host never registered gets HostPolicy{}. Never fails.
    virtual void set_policy(std::string_view base_url, const HostPolicy& policy) = 0;

    // Sends `request`, retrying per the host's policy, and blocks until the final outcome: a Response for any
    // final status, or a Failure (transport, timeout, body over the cap, rate_limit, or interrupted).
    virtual Outcome send(const Request& request) = 0;

    // Sends every request concurrently (at most the host's concurrency in flight) and calls `on_done` on the
    // calling thread with each one's index in `requests` and final outcome, in the order they finish. Returns
    // when all are done. If on_done throws, transfers still in flight are abandoned and the exception propagates.
    // on_done must not send through the same client (CurlClient throws std::logic_error if it does).
    virtual void send_all(std::span<const Request> requests,
                          const std::function<void(std::size_t index, Outcome outcome)>& on_done) = 0;
};

} // namespace issuebridge::http
