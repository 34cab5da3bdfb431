// GitHub code scanning: GET /repos/{owner}/{repo}/code-scanning/alerts[/{alert_number}] at the
// github.com root and under /api/v3 (GHES), as code-scanning/list-alerts-for-repo and
// code-scanning/get-alert describe them: sort, direction, state, tool_name, ref, per_page (max
// 100), page or before/after cursors in Link, ETag and 304, and 403 code_scanning_forbidden_read
// when Advanced Security is off.

#include "clock.hpp"
#include "cs_data.hpp"
#include "cs_module.hpp"
#include "hash.hpp"
#include "services.hpp"

#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/strings.hpp"

#include <algorithm>

namespace issuebridge::sandbox {

namespace {

constexpr std::string_view k_list_docs = "https://docs.github.com/rest/code-scanning/"
                                         "code-scanning#list-code-scanning-alerts-for-a-repository";

std::string basic_error(std::string_view message, std::string_view docs, int status) {
    util::JsonWriter w;
    w.begin_object()
        .field("message", message)
        .field("documentation_url", docs)
        .field("status", std::to_string(status))
        .end_object();
    return w.take();
}

class CodeScanningProfile final : public ApiProfile {
public:
    explicit CodeScanningProfile(Services& services) : m_services(services) {}
    std::string_view name() const override { return "codescanning"; }
    bool authenticate(const httplib::Request& req) const override {
        const std::string header = req.get_header_value("Authorization");
        const auto space = header.find(' ');
        if (space == std::string::npos) {
            return false;
        }
        const std::string scheme = util::to_lower(header.substr(0, space));
        const std::string token(util::trim(header.substr(space + 1)));
        if (scheme != "bearer" && scheme != "token") {
            return false;
        }
        return m_services.store.with([&](State& s) {
            const auto& tokens = s.get<CsData>().tokens;
            return std::find(tokens.begin(), tokens.end(), token) != tokens.end();
        });
    }
    void unauthorized(httplib::Response& res) const override {
        reply_json(res, 401, basic_error("Bad credentials", "https://docs.github.com/rest", 401));
    }
    void limited(httplib::Response& res, Admission why, const LimitStatus& status,
                 std::int64_t) const override {
        reply_json(
            res, 403,
            basic_error(
                why == Admission::burst ? "You have exceeded a secondary rate limit. Please wait a "
                                          "few minutes before you try again."
                                        : "API rate limit exceeded for user ID 1.",
                "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api",
                403));
        if (why == Admission::burst) {
            res.set_header("retry-after", "1");
        }
        decorate(res, status);
    }
    void server_error(httplib::Response& res) const override {
        reply_json(res, 500, basic_error("Server Error", "https://docs.github.com/rest", 500));
    }
    void not_found(httplib::Response& res) const override {
        reply_json(res, 404, basic_error("Not Found", "https://docs.github.com/rest", 404));
    }
    void decorate(httplib::Response& res, const LimitStatus& status) const override {
        res.set_header("x-ratelimit-limit", std::to_string(status.limit));
        res.set_header("x-ratelimit-remaining", std::to_string(status.remaining));
        res.set_header("x-ratelimit-reset", std::to_string(floor_div(status.reset_ms + 999, 1000)));
        res.set_header("x-ratelimit-used", std::to_string(status.used));
        res.set_header("x-ratelimit-resource", "code_scanning");
        res.set_header("x-github-api-version-selected", "2022-11-28");
    }
    bool not_modified_is_free() const override { return true; }

private:
    Services& m_services;
};

bool etag_matches(const httplib::Request& req, const std::string& etag) {
    for (const auto& part : util::split(req.get_header_value("If-None-Match"), ',')) {
        std::string_view tag = util::trim(part);
        if (tag.substr(0, 2) == "W/") {
            tag.remove_prefix(2);
        }
        if (tag == "*" || tag == etag) {
            return true;
        }
    }
    return false;
}

struct Query {
    std::string sort = "created";
    std::string direction = "desc";
    std::string state; // "" all
    std::string tool_name;
    std::string ref;
    std::size_t per_page = 30;
    std::size_t offset = 0; // from page= or after=/before=
};

// The query, or the names of the parameters that are invalid.
std::vector<std::string> parse_query(const httplib::Request& req, Query& q) {
    std::vector<std::string> invalid;
    const auto in = [](const std::string& v, std::initializer_list<std::string_view> words) {
        return std::find(words.begin(), words.end(), v) != words.end();
    };
    const auto number = [](const std::string& v, std::size_t& out) {
        if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos) {
            return false;
        }
        out = std::stoul(v);
        return true;
    };
    if (req.has_param("sort") &&
        !in(q.sort = req.get_param_value("sort"), {"created", "updated", "number"})) {
        invalid.emplace_back("sort");
    }
    if (req.has_param("direction") &&
        !in(q.direction = req.get_param_value("direction"), {"asc", "desc"})) {
        invalid.emplace_back("direction");
    }
    if (req.has_param("state") &&
        !in(q.state = req.get_param_value("state"), {"open", "closed", "dismissed", "fixed"})) {
        invalid.emplace_back("state");
    }
    q.tool_name = req.get_param_value("tool_name");
    q.ref = req.get_param_value("ref");
    if (req.has_param("per_page") && (!number(req.get_param_value("per_page"), q.per_page) ||
                                      q.per_page < 1 || q.per_page > 100)) {
        invalid.emplace_back("per_page");
    }
    std::size_t page = 1;
    if (req.has_param("page") && (!number(req.get_param_value("page"), page) || page < 1)) {
        invalid.emplace_back("page");
    }
    q.offset = (page - 1) * q.per_page;
    if (req.has_param("after")) {
        // The sandbox's cursors are "cs" + an offset: opaque to a client that follows Link, as it
        // must.
        const std::string after = req.get_param_value("after");
        if (!after.starts_with("cs") || !number(after.substr(2), q.offset)) {
            invalid.emplace_back("after");
        }
    }
    return invalid;
}

// The client's own parameters, in its order, less the paging ones.
std::string kept_params(const std::string& target) {
    std::string kept;
    const auto q = target.find('?');
    if (q != std::string::npos) {
        for (const auto& part : util::split(target.substr(q + 1), '&')) {
            if (!part.empty() && !part.starts_with("page=") && !part.starts_with("after=") &&
                !part.starts_with("before=")) {
                kept += part + "&";
            }
        }
    }
    return kept;
}

void list_alerts(Services& services, Call& call) {
    Query q;
    const auto invalid = parse_query(call.req, q);
    int status = 200;
    std::string body;
    std::string link;
    services.store.with([&](State& s) {
        CsRepo* repo = cs_find_repo(s.get<CsData>(), call.param(0), call.param(1));
        if (repo == nullptr) {
            status = 404;
            return;
        }
        if (!repo->enabled) {
            status = 403;
            return;
        }
        if (!invalid.empty()) {
            status = 422;
            return;
        }
        std::vector<const CsAlert*> selected;
        for (const auto& [number, a] : repo->alerts) {
            const bool closed = a.state == "fixed" || a.state == "dismissed";
            if ((!q.state.empty() && q.state != a.state && !(q.state == "closed" && closed)) ||
                (!q.tool_name.empty() && q.tool_name != a.tool) ||
                (!q.ref.empty() && q.ref != a.ref)) {
                continue;
            }
            selected.push_back(&a);
        }
        const auto key = [&q](const CsAlert* a) {
            return q.sort == "updated"   ? a->updated_s
                   : q.sort == "created" ? a->created_s
                                         : a->number;
        };
        std::stable_sort(selected.begin(), selected.end(), [&](const CsAlert* a, const CsAlert* b) {
            const auto ka = key(a), kb = key(b);
            if (ka != kb) {
                return q.direction == "asc" ? ka < kb : ka > kb;
            }
            return q.direction == "asc" ? a->number < b->number : a->number > b->number;
        });
        const std::string api = call.origin() + std::string(call.prefix);
        util::JsonWriter w;
        w.begin_array();
        for (std::size_t i = q.offset; i < selected.size() && i < q.offset + q.per_page; ++i) {
            cs_write_alert(w, *repo, *selected[i], api);
        }
        w.end_array();
        body = w.take();
        if (q.offset + q.per_page < selected.size()) {
            const std::string base = api + "/repos/" + repo->full_name + "/code-scanning/alerts?" +
                                     kept_params(call.req.target);
            const std::size_t next = q.offset + q.per_page;
            if (repo->cursor_paging) {
                link = "<" + base + "after=cs" + std::to_string(next) + ">; rel=\"next\"";
            } else {
                const std::size_t last = (selected.size() + q.per_page - 1) / q.per_page;
                link = "<" + base + "page=" + std::to_string(next / q.per_page + 1) +
                       ">; rel=\"next\", <" + base + "page=" + std::to_string(last) +
                       ">; rel=\"last\"";
            }
        }
    });
    if (status == 404) {
        return reply_json(call.res, 404, basic_error("Not Found", k_list_docs, 404));
    }
    if (status == 403) {
        return reply_json(
            call.res, 403,
            basic_error(
                "Advanced Security must be enabled for this repository to use code scanning.",
                k_list_docs, 403));
    }
    if (status == 422) {
        return reply_json(
            call.res, 422,
            basic_error("Invalid parameter: " + util::join(invalid, ", "), k_list_docs, 422));
    }
    const std::string etag = "\"" + digest_hex(body + "\n" + link) + "\"";
    call.res.set_header("ETag", etag);
    call.res.set_header("Cache-Control", "private, max-age=60, s-maxage=60");
    if (etag_matches(call.req, etag)) {
        call.res.status = 304;
        return;
    }
    if (!link.empty()) {
        call.res.set_header("Link", link);
    }
    reply_json(call.res, 200, std::move(body));
}

void get_alert(Services& services, Call& call) {
    int status = 404;
    std::string body;
    services.store.with([&](State& s) {
        CsRepo* repo = cs_find_repo(s.get<CsData>(), call.param(0), call.param(1));
        const std::string number = call.param(2);
        if (repo == nullptr || number.size() > 9 ||
            number.find_first_not_of("0123456789") != std::string::npos) {
            return;
        }
        if (!repo->enabled) {
            status = 403;
            return;
        }
        const auto it = repo->alerts.find(std::stoll(number));
        if (it != repo->alerts.end()) {
            util::JsonWriter w;
            cs_write_alert(w, *repo, it->second, call.origin() + std::string(call.prefix));
            body = w.take();
            status = 200;
        }
    });
    if (status == 403) {
        return reply_json(
            call.res, 403,
            basic_error(
                "Advanced Security must be enabled for this repository to use code scanning.",
                k_list_docs, 403));
    }
    if (status == 404) {
        return reply_json(call.res, 404, basic_error("Not Found", k_list_docs, 404));
    }
    reply_json(call.res, 200, std::move(body));
}

} // namespace

std::unique_ptr<ApiProfile> register_codescanning_api(Router& router, Services& services) {
    auto profile = std::make_unique<CodeScanningProfile>(services);
    for (const std::string_view prefix : {"", "/api/v3"}) {
        router.api(*profile, Method::get, prefix, "/repos/{owner}/{repo}/code-scanning/alerts",
                   [&services](Call& call) { list_alerts(services, call); });
        router.api(*profile, Method::get, prefix,
                   "/repos/{owner}/{repo}/code-scanning/alerts/{alert_number}",
                   [&services](Call& call) { get_alert(services, call); });
    }
    return profile;
}

} // namespace issuebridge::sandbox
