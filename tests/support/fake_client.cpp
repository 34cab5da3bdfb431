#include "support/fake_client.hpp"

#include <algorithm>
#include <stdexcept>

namespace issuebridge::http {

void FakeClient::on(std::string method, std::string url, Outcome outcome) {
    m_script.push_back(Entry{std::move(method), std::move(url), std::move(outcome), false, false});
}

void FakeClient::on_every(std::string method, std::string url, Outcome outcome) {
    m_script.push_back(Entry{std::move(method), std::move(url), std::move(outcome), true, false});
}

void FakeClient::on_every_prefix(std::string method, std::string url_prefix, Outcome outcome) {
    m_script.push_back(Entry{std::move(method), std::move(url_prefix), std::move(outcome), true, true});
}

Response FakeClient::response(long status, std::string body, std::vector<std::pair<std::string, std::string>> headers) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    for (auto& [name, value] : headers) {
        r.headers.add(std::move(name), std::move(value));
    }
    return r;
}

void FakeClient::set_policy(std::string_view base_url, const HostPolicy& policy) {
    m_policies.emplace_back(std::string(base_url), policy);
}

Outcome FakeClient::send(const Request& request) {
    m_calls.push_back(request);
    const auto matches = [&](const Entry& e) {
        return !e.prefix && e.method == request.method && e.url == request.url;
    };
    // One-shot entries first, in the order added; then a repeating one.
    auto it = std::find_if(m_script.begin(), m_script.end(), [&](const Entry& e) { return !e.repeat && matches(e); });
    if (it != m_script.end()) {
        Outcome outcome = std::move(it->outcome);
        m_script.erase(it);
        return outcome;
    }
    it = std::find_if(m_script.begin(), m_script.end(), [&](const Entry& e) { return e.repeat && matches(e); });
    if (it != m_script.end()) {
        return it->outcome;
    }
    const auto prefixed = std::find_if(m_script.rbegin(), m_script.rend(), [&](const Entry& e) {
        return e.prefix && e.method == request.method && request.url.starts_with(e.url);
    });
    if (prefixed != m_script.rend()) {
        return prefixed->outcome;
    }
    return util::Failure{util::Failure::Kind::other,
                         "fake client: no scripted response for " + request.method + " '" + request.url + "'"};
}

void FakeClient::send_all(std::span<const Request> requests,
                          const std::function<void(std::size_t index, Outcome outcome)>& on_done) {
    for (std::size_t i = 0; i < requests.size(); ++i) {
        on_done(i, send(requests[i]));
    }
}

void drive(Operation& op, FakeClient& client) {
    for (int rounds = 0; !op.done(); ++rounds) {
        if (rounds == 1000) {
            throw std::runtime_error("an operation did not end after 1,000 rounds");
        }
        const auto round = op.next();
        for (std::size_t i = 0; i < round.size(); ++i) {
            op.on_outcome(i, client.send(round[i]));
        }
    }
}

} // namespace issuebridge::http
