#pragma once
// A scripted Client for tests of the parts above the HTTP layer: answers from a script, records every call.

#include "issuebridge/http/client.hpp"
#include "issuebridge/http/operation.hpp"

#include <deque>
#include <string>
#include <utility>
#include <vector>

namespace issuebridge::http {

class FakeClient final : public Client {
public:
    // Answers the next request matching `method` and `url` (exactly) with `outcome`, once; entries for the same
    // method and URL are used in the order added.
    void on(std::string method, std::string url, Outcome outcome);
    // Answers every matching request with `outcome` once the one-shot entries for it are used up.
    void on_every(std::string method, std::string url, Outcome outcome);
    // Answers every request matching `method` whose URL starts with `url_prefix` with `outcome`, once no entry for
    // its exact URL is left (the latest such prefix entry added wins).
    void on_every_prefix(std::string method, std::string url_prefix, Outcome outcome);

    // A Response with `status`, `body` and `headers` ({name, value} pairs), for scripting.
    static Response response(long status, std::string body = {},
                             std::vector<std::pair<std::string, std::string>> headers = {});

    // Records the policy; never fails.
    void set_policy(std::string_view base_url, const HostPolicy& policy) override;
    // Records the request and returns the scripted outcome, or Failure{other} naming the unscripted request.
    Outcome send(const Request& request) override;
    // Like send for each request, calling on_done in index order.
    void send_all(std::span<const Request> requests,
                  const std::function<void(std::size_t index, Outcome outcome)>& on_done) override;

    const std::vector<Request>& calls() const noexcept { return m_calls; }
    const std::vector<std::pair<std::string, HostPolicy>>& policies() const noexcept { return m_policies; }

private:
    struct Entry {
        std::string method;
        std::string url;
        Outcome outcome;
        bool repeat;
        bool prefix = false;
    };
    std::deque<Entry> m_script;
    std::vector<Request> m_calls;
    std::vector<std::pair<std::string, HostPolicy>> m_policies;
};

// Runs `op` to its end, each round's requests sent one by one through `client` (throws after 1,000 rounds: an
// operation that never ends).
void drive(Operation& op, FakeClient& client);

} // namespace issuebridge::http
