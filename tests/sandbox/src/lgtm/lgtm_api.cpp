// LGTM Enterprise API v1.0 under /api/v1.0 (lgtm/openapi.yaml): getProject,
// getProjectByUrlIdentifier, getAnalysisForCommit (`latest` or a commit id), getAnalysis, getAlerts
// (SARIF 2.1.0 only) and getIssue, with a bearer access token (securitySchemes.access-token). The
// specification words no error bodies; the sandbox answers {"code": <status>, "error": <text>}.

#include "lgtm_data.hpp"
#include "lgtm_module.hpp"
#include "services.hpp"

#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/strings.hpp"

#include <algorithm>

namespace issuebridge::sandbox {

namespace {

constexpr std::string_view k_prefix = "/api/v1.0";

std::string error_body(int code, std::string_view text) {
    util::JsonWriter w;
    w.begin_object().field("code", code).field("error", text).end_object();
    return w.take();
}

class LgtmProfile final : public ApiProfile {
public:
    explicit LgtmProfile(Services& services) : m_services(services) {}
    std::string_view name() const override { return "lgtm"; }
    bool authenticate(const httplib::Request& req) const override {
        const std::string header = req.get_header_value("Authorization");
        if (util::to_lower(header.substr(0, 7)) != "bearer ") {
            return false;
        }
        const std::string token(util::trim(header.substr(7)));
        return m_services.store.with([&](State& s) {
            const auto& tokens = s.get<LgData>().tokens;
            return std::find(tokens.begin(), tokens.end(), token) != tokens.end();
        });
    }
    void unauthorized(httplib::Response& res) const override {
        reply_json(res, 401, error_body(401, "Authentication failed: invalid access token"));
        res.set_header("WWW-Authenticate", "Bearer");
    }
    void limited(httplib::Response& res, Admission why, const LimitStatus& status,
                 std::int64_t now_ms) const override {
        reply_json(res, 429, error_body(429, "Too many requests"));
        const std::int64_t wait =
            why == Admission::burst
                ? 1
                : std::max<std::int64_t>(1, (status.reset_ms - now_ms + 999) / 1000);
        res.set_header("Retry-After", std::to_string(wait));
    }
    void server_error(httplib::Response& res) const override {
        reply_json(res, 500, error_body(500, "Internal server error"));
    }
    void not_found(httplib::Response& res) const override {
        reply_json(res, 404, error_body(404, "Not found"));
    }

private:
    Services& m_services;
};

std::int64_t number(const std::string& s) {
    return !s.empty() && s.size() < 18 && s.find_first_not_of("0123456789") == std::string::npos
               ? std::stoll(s)
               : -1;
}

// Runs `answer` on the data; replies with its body, or a 404 naming `what` when it gives none.
template <typename F>
void respond(Services& services, Call& call, std::string_view what, F answer,
             std::string_view type = "application/json; charset=utf-8") {
    std::string body;
    services.store.with([&](State& s) { body = answer(s.get<LgData>(), call.origin()); });
    if (body.empty()) {
        return reply_json(call.res, 404, error_body(404, std::string(what) + " not found"));
    }
    reply_json(call.res, 200, std::move(body), type);
}

std::string project_body(const LgProject* p, const std::string& web) {
    if (p == nullptr) {
        return "";
    }
    util::JsonWriter w;
    lg_write_project(w, *p, web);
    return w.take();
}

void register_routes(Router& router, const ApiProfile& profile, Services& services) {
    Services* s = &services;
    router.api(profile, Method::get, k_prefix, "/projects/{project}", [s](Call& c) {
        respond(*s, c, "Project", [&](LgData& d, const std::string& web) {
            return project_body(lg_find(d, number(c.param(0))), web);
        });
    });
    router.api(profile, Method::get, k_prefix, "/projects/{provider}/{org}/{name}", [s](Call& c) {
        respond(*s, c, "Project", [&](LgData& d, const std::string& web) {
            return project_body(lg_find(d, c.param(0) + "/" + c.param(1) + "/" + c.param(2)), web);
        });
    });
    router.api(
        profile, Method::get, k_prefix, "/analyses/{project}/commits/{commit}", [s](Call& c) {
            respond(*s, c, "Analysis", [&](LgData& d, const std::string& web) -> std::string {
                const LgProject* p = lg_find(d, number(c.param(0)));
                const std::string commit = c.param(1);
                if (p == nullptr || p->analyses.empty()) {
                    return "";
                }
                const auto it =
                    commit == "latest"
                        ? std::prev(p->analyses.end())
                        : std::find_if(p->analyses.begin(), p->analyses.end(),
                                       [&](const LgAnalysis& a) { return a.commit == commit; });
                if (it == p->analyses.end()) {
                    return "";
                }
                util::JsonWriter w;
                lg_write_analysis(w, *p, *it, web);
                return w.take();
            });
        });
    router.api(profile, Method::get, k_prefix, "/analyses/{analysis}", [s](Call& c) {
        respond(*s, c, "Analysis", [&](LgData& d, const std::string& web) -> std::string {
            const LgProject* p = nullptr;
            const LgAnalysis* a = lg_find_analysis(d, c.param(0), &p);
            if (a == nullptr) {
                return "";
            }
            util::JsonWriter w;
            lg_write_analysis(w, *p, *a, web);
            return w.take();
        });
    });
    router.api(profile, Method::get, k_prefix, "/analyses/{analysis}/alerts", [s](Call& c) {
        const std::string version = c.req.get_param_value("sarif-version");
        if (!version.empty() && version != "2.1.0") {
            return reply_json(c.res, 400, error_body(400, "the sandbox gives SARIF 2.1.0 only"));
        }
        respond(
            *s, c, "Analysis",
            [&](LgData& d, const std::string&) -> std::string {
                const LgAnalysis* a = lg_find_analysis(d, c.param(0));
                if (a == nullptr) {
                    return "";
                }
                std::vector<const LgAlert*> alerts;
                for (const auto& alert : a->alerts) {
                    alerts.push_back(&alert);
                }
                return lg_sarif(alerts);
            },
            "application/sarif+json");
    });
    // The alert key may hold '/' (it is base64): one or more segments.
    router.api(profile, Method::get, k_prefix, "/issues/{project}/{key+}", [s](Call& c) {
        respond(
            *s, c, "Issue",
            [&](LgData& d, const std::string&) -> std::string {
                const LgProject* p = lg_find(d, number(c.param(0)));
                if (p == nullptr || p->analyses.empty()) {
                    return "";
                }
                for (const auto& alert : p->analyses.back().alerts) {
                    if (alert.key == c.param(1)) {
                        return lg_sarif({&alert});
                    }
                }
                return "";
            },
            "application/sarif+json");
    });
    router.api_fallback(profile, k_prefix);
}

} // namespace

std::unique_ptr<ApiProfile> register_lgtm_api(Router& router, Services& services) {
    auto profile = std::make_unique<LgtmProfile>(services);
    register_routes(router, *profile, services);
    return profile;
}

} // namespace issuebridge::sandbox
