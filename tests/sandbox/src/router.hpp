#pragma once
// Route registration and the request pipeline every emulated API shares: counting, latency,
// injected faults, credentials and rate limits. Each API lives in its own file, implements
// ApiProfile (what differs between APIs: credentials, error bodies, headers) and registers its
// routes through Router.

#include "limits.hpp"

#include <httplib.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace issuebridge::sandbox {

struct Services;

// One request as a handler sees it.
struct Call {
    const httplib::Request& req;
    httplib::Response& res;
    std::string_view prefix; // the API prefix the request used ("" or "/api/v3" for GitHub)

    // The i-th {placeholder} of the route pattern (0-based).
    std::string param(std::size_t i) const { return req.matches[i + 1].str(); }
    // "http://host:port" as the client addressed the server.
    std::string origin() const;
};

using Handler = std::function<void(Call&)>;

// What differs between the emulated APIs in the shared pipeline. One implementation per API
// (github/github_api.cpp, jira/jira_api.cpp); tests exercise them through the running sandbox.
class ApiProfile {
public:
    virtual ~ApiProfile() = default;
    // The API's name in request counts, fault logs, rate limits and bursts ("github").
    virtual std::string_view name() const = 0;
    // True when the request carries credentials this API accepts.
    virtual bool authenticate(const httplib::Request& req) const = 0;
    // The API's own answers: refused credentials, a spent budget or a burst, an injected 500, an
    // unknown route.
    virtual void unauthorized(httplib::Response& res) const = 0;
    virtual void limited(httplib::Response& res, Admission why, const LimitStatus& status,
                         std::int64_t now_ms) const = 0;
    virtual void server_error(httplib::Response& res) const = 0;
    virtual void not_found(httplib::Response& res) const = 0;
    // Headers on every authenticated answer (GitHub's x-ratelimit-*); none by default.
    virtual void decorate(httplib::Response& res, const LimitStatus& status) const;
    // Whether a 304 is free of charge against the budget (GitHub: yes).
    virtual bool not_modified_is_free() const { return false; }
};

enum class Method { get, post, put, patch, del };

// Registers routes on the server; the routes keep references to the Services and profiles, not to
// the Router, which may go away once registration is done.
class Router {
public:
    Router(httplib::Server& server, Services& services) : m_server(server), m_services(services) {}

    // `pattern` uses {name} placeholders, e.g. "/repos/{owner}/{repo}/issues", and {name*} for the
    // rest of the path; requests are counted as "GET " + prefix + pattern.
    void api(const ApiProfile& profile, Method method, std::string_view prefix,
             std::string_view pattern, Handler handler);
    // Any other path under `prefix` (for every method): the API's 404, through the same pipeline.
    void api_fallback(const ApiProfile& profile, std::string_view prefix);
    // Admin routes: no latency, faults, credentials or counting.
    void admin(Method method, std::string_view pattern, Handler handler);

private:
    void add(Method method, const std::string& regex, httplib::Server::Handler handler);

    httplib::Server& m_server;
    Services& m_services;
};

// Writes a JSON body with the given status and Content-Type.
void reply_json(httplib::Response& res, int status, std::string body,
                std::string_view content_type = "application/json; charset=utf-8");
// The admin API's error answer: {"error": message}.
void reply_admin_error(httplib::Response& res, int status, std::string_view message);

} // namespace issuebridge::sandbox
