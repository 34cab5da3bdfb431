// Jira Data Center / Server REST v2 as a second sandbox module, "jiradc", over the same Jira state
// as Cloud's module (projects, issues, the workflow and the lagging index; the /_sandbox/jira/
// admin routes serve both). It is served under a context path, http://127.0.0.1:PORT/jira/rest/
// api/2/..., as a self-hosted Jira often is. What differs from Cloud (API-FACTS §6.1): Basic
// username:password or a personal access token as Bearer; descriptions are wiki-markup strings
// (ADF refused); users are {"name": ...}; POST /search pages with startAt under the instance's
// maxResults cap and a 10,000-result window, and answers `total`; no bulk fetch; an unknown
// transition id is a 500; GET /serverInfo; with a budget set, X-RateLimit-* token-bucket headers
// on every authenticated answer and 429 with retry-after.

#include "clock.hpp"
#include "hash.hpp"
#include "jira_api.hpp"
#include "jira_module.hpp"
#include "seed.hpp"
#include "services.hpp"

#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/strings.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>

namespace issuebridge::sandbox {

namespace {

constexpr std::string_view k_dc_base = "/jira/rest/api/2";

const JiraDcAccount* dc_account(const JiraData& data, const httplib::Request& req) {
    const std::string header = req.get_header_value("Authorization");
    const std::string scheme = util::to_lower(header.substr(0, header.find(' ')));
    const std::string credential(util::trim(header.substr(std::min(header.size(), scheme.size()))));
    const auto& accounts = data.dc.accounts;
    if (scheme == "bearer") {
        const auto it = std::find_if(accounts.begin(), accounts.end(),
                                     [&](const JiraDcAccount& a) { return a.token == credential; });
        return it == accounts.end() ? nullptr : &*it;
    }
    if (scheme != "basic") {
        return nullptr;
    }
    const auto decoded = base64_decode(credential);
    const auto colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon == std::string::npos) {
        return nullptr;
    }
    const std::string user = decoded->substr(0, colon);
    const std::string password = decoded->substr(colon + 1);
    // A PAT is no password: Basic with it is refused.
    const auto it = std::find_if(accounts.begin(), accounts.end(), [&](const JiraDcAccount& a) {
        return a.username == user && a.password == password;
    });
    return it == accounts.end() ? nullptr : &*it;
}

class JiraDcProfile final : public ApiProfile {
public:
    explicit JiraDcProfile(Services& services) : m_services(services) {}

    std::string_view name() const override { return "jiradc"; }

    bool authenticate(const httplib::Request& req) const override {
        return m_services.store.with(
            [&](State& s) { return dc_account(s.get<JiraData>(), req) != nullptr; });
    }

    void unauthorized(httplib::Response& res) const override {
        reply_jira(res, 401,
                   error_body("You are not authenticated. Authentication required to perform "
                              "this operation."));
        res.set_header("X-Seraph-LoginReason", "AUTHENTICATED_FAILED");
        res.set_header("X-AUSERNAME", "anonymous");
        res.set_header("WWW-Authenticate", "OAuth realm=\"http%3A%2F%2F127.0.0.1\"");
    }

    // The token bucket of the admin's rate limiting: the sandbox's budget of `limit` per window
    // refills whole each window.
    void limited(httplib::Response& res, Admission why, const LimitStatus& status,
                 std::int64_t now_ms) const override {
        const std::int64_t reset_ms = why == Admission::burst ? now_ms + 1000 : status.reset_ms;
        const std::int64_t retry_s =
            std::max<std::int64_t>(1, floor_div(reset_ms - now_ms + 999, 1000));
        reply_jira(res, 429, error_body("Rate limit exceeded."));
        bucket_headers(res, status);
        res.set_header("X-RateLimit-Remaining", "0");
        res.set_header("retry-after", std::to_string(retry_s));
    }

    void decorate(httplib::Response& res, const LimitStatus& status) const override {
        if (status.limited && res.status != 429) {
            bucket_headers(res, status);
            res.set_header("X-RateLimit-Remaining", std::to_string(status.remaining));
            res.set_header("retry-after", "0"); // "If you still have tokens left, it shows 0"
        }
    }

    void server_error(httplib::Response& res) const override {
        reply_jira(res, 500, error_body("Internal server error"));
    }

    void not_found(httplib::Response& res) const override {
        reply_jira(res, 404, error_body("null for uri: no resource"));
    }

private:
    static void bucket_headers(httplib::Response& res, const LimitStatus& status) {
        res.set_header("X-RateLimit-Limit", std::to_string(status.limit));
        res.set_header("X-RateLimit-Interval-Seconds",
                       std::to_string(std::max<std::int64_t>(1, status.window_s)));
        res.set_header("X-RateLimit-FillRate", std::to_string(status.limit));
    }

    Services& m_services;
};

void get_myself(Services& services, const ApiProfile& profile, Call& call) {
    std::string reply;
    services.store.with([&](State& s) {
        if (const JiraDcAccount* a = dc_account(s.get<JiraData>(), call.req)) {
            util::JsonWriter w;
            w.begin_object()
                .field("self", call.origin() + std::string(k_dc_base) +
                                   "/user?username=" + util::url_encode(a->username))
                .field("key", "JIRAUSER10000")
                .field("name", a->username)
                .field("emailAddress", a->username + "@example.com")
                .field("displayName", a->display_name)
                .field("active", true)
                .field("timeZone", "UTC")
                .end_object();
            reply = w.take();
        }
    });
    if (reply.empty()) {
        return profile.unauthorized(call.res);
    }
    call.res.set_header("X-AUSERNAME", "sandbox");
    reply_jira(call.res, 200, std::move(reply));
}

void get_server_info(Call& call) {
    util::JsonWriter w;
    w.begin_object()
        .field("baseUrl", call.origin() + "/jira")
        .field("version", "9.12.2")
        .key("versionNumbers")
        .begin_array()
        .value(9)
        .value(12)
        .value(2)
        .end_array()
        .field("deploymentType", "Server")
        .field("buildNumber", 912002)
        .field("serverTitle", "issuebridge sandbox")
        .end_object();
    reply_jira(call.res, 200, w.take());
}

std::unique_ptr<ApiProfile> register_jira_dc_api(Router& router, Services& services) {
    auto profile = std::make_unique<JiraDcProfile>(services);
    const ApiProfile& p = *profile;
    Services* s = &services;
    // /myself first: the shared routes' Cloud /myself would answer with an accountId.
    router.api(p, Method::get, k_dc_base, "/myself", [s, &p](Call& c) { get_myself(*s, p, c); });
    router.api(p, Method::get, k_dc_base, "/serverInfo", [](Call& c) { get_server_info(c); });
    register_jira_issue_routes(router, services, p, k_dc_base);
    register_jira_dc_search(router, services, p, k_dc_base);
    router.api_fallback(p, k_dc_base);
    return profile;
}

// {"max_results": N, "window": N, "past_window": "error"|"empty"}: the instance's search settings
// (any may be left out).
void set_search_settings(Services& services, Call& call) {
    const auto body = Json::parse(call.req.body);
    bool bad = !body || !body->is_object();
    const auto max_results = bad ? std::nullopt : get_int(*body, "max_results", bad);
    const auto window = bad ? std::nullopt : get_int(*body, "window", bad);
    const auto past = bad ? std::nullopt : get_string(*body, "past_window", bad);
    if (bad || (max_results && *max_results < 1) || (window && *window < 1) ||
        (past && *past != "error" && *past != "empty")) {
        return reply_admin_error(call.res, 400,
                                 "expected {\"max_results\": N, \"window\": N, \"past_window\": "
                                 "\"error\"|\"empty\"} with N >= 1");
    }
    services.store.with([&](State& s) {
        JiraDcSettings& dc = s.get<JiraData>().dc;
        dc.max_results = max_results.value_or(dc.max_results);
        dc.window = window.value_or(dc.window);
        dc.window_empty = past ? *past == "empty" : dc.window_empty;
    });
    reply_json(call.res, 200, body->dump());
}

void register_jira_dc_admin(Router& router, Services& services) {
    Services* s = &services;
    router.admin(Method::post, "/_sandbox/jiradc/search",
                 [s](Call& c) { set_search_settings(*s, c); });
}

constexpr const char* k_max_results = "jiradc.max_results";

void add_options(CLI::App& app, Options& options) {
    app.add_option("--jira-dc-max-results", options.settings[k_max_results],
                   "Jira Data Center's maxResults cap (jira.search.views.default.max)")
        ->capture_default_str();
}

std::string check_options(const Options& options) {
    const auto it = options.settings.find(k_max_results);
    return it != options.settings.end() && it->second < 0
               ? "--jira-dc-max-results must not be negative"
               : "";
}

// The Jira state is Cloud's module's (listed first); this one sets its Data Center settings.
void fresh(State& state, const Options& options) {
    const auto it = options.settings.find(k_max_results);
    if (it != options.settings.end() && it->second > 0) {
        state.get<JiraData>().dc.max_results = it->second;
    }
}

// {"accounts": [{"username", "password", "token", "displayName"}], "max_results": N}
std::string seed(const Json& section, State& state, std::int64_t /*now_s*/) {
    if (std::string error = check_keys(section, "jiradc", {"accounts", "max_results"});
        !error.empty()) {
        return error;
    }
    JiraDcSettings& dc = state.get<JiraData>().dc;
    bool bad = false;
    if (auto max = get_int(section, "max_results", bad); max && *max > 0) {
        dc.max_results = *max;
    }
    if (const Json* accounts = section.get("accounts")) {
        dc.accounts.clear();
        for (const auto& a : accounts->is_array() ? accounts->as_array() : Json::Array{Json()}) {
            auto user = get_string(a, "username", bad);
            auto password = get_string(a, "password", bad);
            auto token = get_string(a, "token", bad);
            auto name = get_string(a, "displayName", bad);
            if (bad || !user) {
                return "jiradc.accounts: each account is {\"username\": ...} with optional "
                       "\"password\", \"token\" and \"displayName\" (strings)";
            }
            dc.accounts.push_back(
                {*user, password.value_or(""), token.value_or(""), name.value_or(*user)});
        }
    }
    return bad ? "jiradc.max_results: expected an integer" : "";
}

} // namespace

const Module& jira_dc_module() {
    static const Module module{
        "jiradc",
        "Jira Data Center REST v2",
        "  Jira DC   http://127.0.0.1:PORT/jira     /jira/rest/api/2/issue..., "
        "/jira/rest/api/2/search\n",
        "Jira DC personal access token sandbox-jira-pat (Bearer), or basic auth "
        "sandbox:sandbox-jira-password, unless the seed file lists others.\n",
        LimitConfig{},
        &add_options,
        &check_options,
        &fresh,
        &seed,
        &register_jira_dc_api,
        &register_jira_dc_admin,
    };
    return module;
}

} // namespace issuebridge::sandbox
