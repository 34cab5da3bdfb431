// GitLab REST v4 under /api/v4: GET /user, GET /projects/:id, GET /groups/:id/projects, GET
// /projects/:id/issues[/:iid] and GET /projects/:id/merge_requests[/:iid], :id a numeric id or a
// URL-encoded full path. Offset pagination (x-* headers and Link) with GitLab's maximum offset,
// keyset pagination for issues, updated_after, PRIVATE-TOKEN / Bearer / private_token auth,
// RateLimit-* headers and 429.

#include "clock.hpp"
#include "gitlab_data.hpp"
#include "gitlab_module.hpp"
#include "hash.hpp"
#include "services.hpp"

#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/strings.hpp"

#include <algorithm>
#include <tuple>

namespace issuebridge::sandbox {

namespace {

std::string message(std::string_view text) {
    util::JsonWriter w;
    w.begin_object().field("message", text).end_object();
    return w.take();
}

std::string error_body(std::string_view text) {
    util::JsonWriter w;
    w.begin_object().field("error", text).end_object();
    return w.take();
}

class GitLabProfile final : public ApiProfile {
public:
    explicit GitLabProfile(Services& services) : m_services(services) {}

    std::string_view name() const override { return "gitlab"; }

    bool authenticate(const httplib::Request& req) const override {
        std::string token = req.get_header_value("PRIVATE-TOKEN");
        if (token.empty()) {
            const std::string header = req.get_header_value("Authorization");
            if (util::to_lower(header.substr(0, 7)) == "bearer ") {
                token = std::string(util::trim(header.substr(7)));
            }
        }
        if (token.empty() && req.has_param("private_token")) {
            token = req.get_param_value("private_token");
        }
        return m_services.store.with([&](State& s) {
            const auto& tokens = s.get<GitLabData>().tokens;
            return std::find(tokens.begin(), tokens.end(), token) != tokens.end();
        });
    }

    void unauthorized(httplib::Response& res) const override {
        reply_json(res, 401, message("401 Unauthorized"));
    }

    void limited(httplib::Response& res, Admission why, const LimitStatus& status,
                 std::int64_t now_ms) const override {
        // GitLab's throttle answers in plain text, with Retry-After (API-FACTS §2.7). A burst plays
        // the limits whose answers carry no header at all ("Rate limiting responses for the
        // Projects, Groups, and Users APIs do not include informational headers").
        res.status = 429;
        res.set_content("Retry later\n", "text/plain");
        if (why == Admission::burst) {
            return;
        }
        res.set_header("Retry-After", std::to_string(std::max<std::int64_t>(
                                          1, (status.reset_ms - now_ms + 999) / 1000)));
        decorate(res, status);
    }

    void server_error(httplib::Response& res) const override {
        reply_json(res, 500, message("500 Internal Server Error"));
    }

    void not_found(httplib::Response& res) const override {
        reply_json(res, 404, error_body("404 Not Found"));
    }

    void decorate(httplib::Response& res, const LimitStatus& status) const override {
        if (status.limit == 0) {
            return;
        }
        const std::int64_t reset_s = floor_div(status.reset_ms + 999, 1000);
        res.set_header("RateLimit-Limit", std::to_string(status.limit));
        res.set_header("RateLimit-Observed", std::to_string(status.used));
        res.set_header("RateLimit-Remaining", std::to_string(status.remaining));
        res.set_header("RateLimit-Reset", std::to_string(reset_s));
    }

private:
    Services& m_services;
};

// The :id segment as the client sent it (still encoded), or "" when the client sent a path with
// literal slashes, which GitLab does not route.
std::string raw_project(const Call& call) {
    const std::string& target = call.req.target;
    const auto start = target.find("/projects/");
    if (start == std::string::npos) {
        return "";
    }
    const auto from = start + 10;
    const auto end = target.find_first_of("/?", from);
    const std::string raw =
        target.substr(from, end == std::string::npos ? std::string::npos : end - from);
    return httplib::detail::decode_url(raw, false) == call.param(0) ? raw : "";
}

struct Listed {
    int status = 200;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

std::string query_without(const httplib::Request& req,
                          std::initializer_list<std::string_view> drop) {
    std::string q;
    for (const auto& [k, v] : req.params) {
        if (std::find(drop.begin(), drop.end(), k) != drop.end()) {
            continue;
        }
        q += (q.empty() ? "" : "&") + util::url_encode(k) + "=" + util::url_encode(v);
    }
    return q;
}

Listed list(GitLabData& data, GlProject& project, bool mr, const Call& call,
            const std::string& base) {
    const httplib::Request& req = call.req;
    const auto param = [&req](const char* k, std::string fallback) {
        return req.has_param(k) ? req.get_param_value(k) : fallback;
    };
    const std::string order_by = param("order_by", "created_at");
    const std::string sort = param("sort", "desc");
    const std::string state = param("state", "all");
    if (order_by != "created_at" && order_by != "updated_at") {
        return {400, error_body("order_by does not have a valid value"), {}};
    }
    if (sort != "asc" && sort != "desc") {
        return {400, error_body("sort does not have a valid value"), {}};
    }
    std::optional<std::int64_t> after;
    if (req.has_param("updated_after")) {
        after = parse_iso8601_ms(req.get_param_value("updated_after"));
        if (!after) {
            return {400, error_body("updated_after is invalid"), {}};
        }
    }
    int per_page = 20;
    int page = 1;
    try {
        per_page = std::clamp(std::stoi(param("per_page", "20")), 1, 100);
        page = std::max(1, std::stoi(param("page", "1")));
    } catch (const std::exception&) {
        return {400, error_body("page is invalid"), {}};
    }
    const bool keyset = param("pagination", "") == "keyset" && !mr;
    if (keyset && !data.keyset_issues) {
        return {405,
                message("405 Method Not Allowed - Keyset pagination is not yet available for this "
                        "type of request"),
                {}};
    }
    using Key = std::tuple<std::int64_t, std::int64_t>;
    const auto key = [&](const GlItem& i) {
        return Key{order_by == "updated_at" ? i.updated_ms : i.created_ms, i.id};
    };
    std::vector<const GlItem*> items;
    for (const auto& [iid, item] : mr ? project.merge_requests : project.issues) {
        if ((after && item.updated_ms < *after) || (state != "all" && item.state != state)) {
            continue;
        }
        items.push_back(&item);
    }
    std::sort(items.begin(), items.end(), [&](const GlItem* a, const GlItem* b) {
        return sort == "asc" ? key(*a) < key(*b) : key(*b) < key(*a);
    });
    const std::string web = call.origin();
    const std::string url = base + "?";
    Listed out;
    std::vector<const GlItem*> shown;
    if (keyset) {
        std::size_t begin = 0;
        if (req.has_param("cursor")) {
            const auto cursor = base64_decode(req.get_param_value("cursor"));
            const auto bar = cursor ? cursor->find('|') : std::string::npos;
            if (bar == std::string::npos) {
                return {400, error_body("cursor is invalid"), {}};
            }
            const Key last{std::stoll(cursor->substr(0, bar)), std::stoll(cursor->substr(bar + 1))};
            while (begin < items.size() &&
                   (sort == "asc" ? !(last < key(*items[begin])) : !(key(*items[begin]) < last))) {
                ++begin;
            }
        }
        const std::size_t end = std::min(items.size(), begin + static_cast<std::size_t>(per_page));
        shown.assign(items.begin() + static_cast<std::ptrdiff_t>(begin),
                     items.begin() + static_cast<std::ptrdiff_t>(end));
        if (end < items.size()) {
            const auto [k, id] = key(*items[end - 1]);
            const std::string cursor = base64_encode(std::to_string(k) + "|" + std::to_string(id));
            out.headers.emplace_back("Link", "<" + url + query_without(req, {"cursor"}) +
                                                 "&cursor=" + util::url_encode(cursor) +
                                                 ">; rel=\"next\"");
        }
    } else {
        if (data.max_offset > 0 && std::int64_t{page} * per_page > data.max_offset) {
            return {405,
                    message("Offset pagination has a maximum allowed offset of " +
                            std::to_string(data.max_offset) +
                            " for requests that return objects of type " +
                            (mr ? "MergeRequest" : "Issue") +
                            ". Remaining records can be retrieved using keyset pagination."),
                    {}};
        }
        const auto total = static_cast<std::int64_t>(items.size());
        const std::int64_t pages = std::max<std::int64_t>(1, (total + per_page - 1) / per_page);
        const auto begin = std::min<std::size_t>(
            items.size(), static_cast<std::size_t>(page - 1) * static_cast<std::size_t>(per_page));
        const auto end = std::min(items.size(), begin + static_cast<std::size_t>(per_page));
        shown.assign(items.begin() + static_cast<std::ptrdiff_t>(begin),
                     items.begin() + static_cast<std::ptrdiff_t>(end));
        const std::string q = url + query_without(req, {"page"}) + "&page=";
        std::string link;
        const auto rel = [&](std::int64_t p, const char* name) {
            link +=
                (link.empty() ? "<" : ", <") + q + std::to_string(p) + ">; rel=\"" + name + "\"";
        };
        const bool more = page < pages;
        if (page > 1) {
            rel(page - 1, "prev");
        }
        if (more) {
            rel(page + 1, "next");
        }
        rel(1, "first");
        const bool totals = total <= 10000; // GitLab leaves totals out above 10,000 records
        if (totals) {
            rel(pages, "last");
        }
        out.headers = {{"Link", link},
                       {"X-Page", std::to_string(page)},
                       {"X-Per-Page", std::to_string(per_page)},
                       {"X-Next-Page", more ? std::to_string(page + 1) : ""},
                       {"X-Prev-Page", page > 1 ? std::to_string(page - 1) : ""}};
        if (totals) {
            out.headers.emplace_back("X-Total", std::to_string(total));
            out.headers.emplace_back("X-Total-Pages", std::to_string(pages));
        }
    }
    util::JsonWriter w;
    w.begin_array();
    for (const GlItem* item : shown) {
        write_item(w, project, *item, mr, web);
    }
    w.end_array();
    out.body = w.take();
    return out;
}

void reply(Call& call, Listed listed) {
    for (const auto& [k, v] : listed.headers) {
        call.res.set_header(k, v);
    }
    if (listed.status == 200) {
        // A body digest, as Rack::ETag gives (API-FACTS §2.5); it saves no request.
        call.res.set_header("ETag", "W/\"" + digest_hex(listed.body) + "\"");
        call.res.set_header("Cache-Control", "max-age=0, private, must-revalidate");
    }
    reply_json(call.res, listed.status, std::move(listed.body), "application/json");
}

void list_items(Services& services, Call& call, bool mr) {
    const std::string raw = raw_project(call);
    Listed listed{404, message("404 Project Not Found"), {}};
    if (!raw.empty()) {
        services.store.with([&](State& s) {
            GitLabData& data = s.get<GitLabData>();
            if (GlProject* project = find_project(data, call.param(0))) {
                if (!(mr ? project->merge_requests_enabled : project->issues_enabled)) {
                    listed = {403, message("403 Forbidden"), {}};
                    return;
                }
                listed = list(data, *project, mr, call,
                              call.origin() + "/api/v4/projects/" + raw +
                                  (mr ? "/merge_requests" : "/issues"));
            }
        });
    }
    reply(call, std::move(listed));
}

void get_item(Services& services, Call& call, bool mr) {
    Listed found{404, message(mr ? "404 Not found" : "404 Not found"), {}};
    if (raw_project(call).empty()) {
        return reply(call, std::move(found));
    }
    services.store.with([&](State& s) {
        GlProject* project = find_project(s.get<GitLabData>(), call.param(0));
        if (project == nullptr) {
            found.body = message("404 Project Not Found");
            return;
        }
        const std::string iid = call.param(1);
        if (iid.empty() || iid.size() > 12 ||
            iid.find_first_not_of("0123456789") != std::string::npos) {
            return;
        }
        const auto& items = mr ? project->merge_requests : project->issues;
        const auto it = items.find(std::stoll(iid));
        if (it == items.end()) {
            return;
        }
        util::JsonWriter w;
        write_item(w, *project, it->second, mr, call.origin());
        found = {200, w.take(), {}};
    });
    reply(call, std::move(found));
}

void get_project(Services& services, Call& call) {
    Listed found{404, message("404 Project Not Found"), {}};
    if (!raw_project(call).empty()) {
        services.store.with([&](State& s) {
            if (GlProject* project = find_project(s.get<GitLabData>(), call.param(0))) {
                util::JsonWriter w;
                write_project(w, *project, call.origin());
                found = {200, w.take(), {}};
            }
        });
    }
    reply(call, std::move(found));
}

// GET /groups/:id/projects: the projects whose namespace is the group (or, with include_subgroups,
// lies under it), ordered by id (order_by=id&sort=asc; GitLab's default is created_at desc),
// archived=false leaving archived ones out, offset pages linked by Link. A group exists while a
// project lies under it: :id is the URL-encoded full path.
void list_group_projects(Services& services, Call& call) {
    const httplib::Request& req = call.req;
    const std::string& target = req.target;
    const auto from = target.find("/groups/") + 8;
    const std::string raw = target.substr(from, target.find_first_of("/?", from) - from);
    const std::string group = util::to_lower(call.param(0));
    if (httplib::detail::decode_url(raw, false) != call.param(0)) {
        return reply(call, {404, message("404 Group Not Found"), {}});
    }
    const bool deep = req.get_param_value("include_subgroups") == "true";
    const std::string archived = req.get_param_value("archived");
    const bool simple = req.get_param_value("simple") == "true";
    int per_page = 20;
    int page = 1;
    try {
        per_page = std::clamp(
            std::stoi(req.has_param("per_page") ? req.get_param_value("per_page") : "20"), 1, 100);
        page = std::max(1, std::stoi(req.has_param("page") ? req.get_param_value("page") : "1"));
    } catch (const std::exception&) {
        return reply(call, {400, error_body("page is invalid"), {}});
    }
    Listed out;
    services.store.with([&](State& s) {
        std::vector<const GlProject*> found;
        bool exists = false;
        for (const auto& [key, project] : s.get<GitLabData>().projects) {
            if (!key.starts_with(group + "/")) {
                continue;
            }
            exists = true;
            const bool direct = key.find('/', group.size() + 1) == std::string::npos;
            if ((direct || deep) && !(archived == "false" && project.archived) &&
                !(archived == "true" && !project.archived)) {
                found.push_back(&project);
            }
        }
        if (!exists) {
            out = {404, message("404 Group Not Found"), {}};
            return;
        }
        std::sort(found.begin(), found.end(),
                  [](const GlProject* a, const GlProject* b) { return a->id < b->id; });
        const auto begin = std::min(found.size(), static_cast<std::size_t>((page - 1) * per_page));
        const auto end = std::min(found.size(), begin + static_cast<std::size_t>(per_page));
        util::JsonWriter w;
        w.begin_array();
        for (auto i = begin; i < end; ++i) {
            if (simple) { // GitLab's simple form: no archived, no features
                const GlProject& p = *found[i];
                w.begin_object()
                    .field("id", p.id)
                    .field("path", p.path.substr(p.path.rfind('/') + 1))
                    .field("path_with_namespace", p.path)
                    .field("web_url", call.origin() + "/" + p.path)
                    .end_object();
            } else {
                write_project(w, *found[i], call.origin());
            }
        }
        w.end_array();
        out.body = w.take();
        if (end < found.size()) {
            out.headers.emplace_back("Link", "<" + call.origin() + "/api/v4/groups/" + raw +
                                                 "/projects?" + query_without(req, {"page"}) +
                                                 "&page=" + std::to_string(page + 1) +
                                                 ">; rel=\"next\"");
        }
        out.headers.emplace_back("X-Page", std::to_string(page));
        out.headers.emplace_back("X-Per-Page", std::to_string(per_page));
        out.headers.emplace_back("X-Next-Page", end < found.size() ? std::to_string(page + 1) : "");
    });
    reply(call, std::move(out));
}

} // namespace

std::unique_ptr<ApiProfile> register_gitlab_api(Router& router, Services& services) {
    auto profile = std::make_unique<GitLabProfile>(services);
    Services* s = &services;
    const std::string_view p = "/api/v4";
    router.api(*profile, Method::get, p, "/user", [](Call& call) {
        reply_json(call.res, 200,
                   R"({"id":1,"username":"root","name":"Administrator","state":"active"})",
                   "application/json");
    });
    router.api(*profile, Method::get, p, "/projects/{id+}/issues/{iid}",
               [s](Call& call) { get_item(*s, call, false); });
    router.api(*profile, Method::get, p, "/projects/{id+}/merge_requests/{iid}",
               [s](Call& call) { get_item(*s, call, true); });
    router.api(*profile, Method::get, p, "/projects/{id+}/issues",
               [s](Call& call) { list_items(*s, call, false); });
    router.api(*profile, Method::get, p, "/projects/{id+}/merge_requests",
               [s](Call& call) { list_items(*s, call, true); });
    router.api(*profile, Method::get, p, "/projects/{id+}",
               [s](Call& call) { get_project(*s, call); });
    router.api(*profile, Method::get, p, "/groups/{id+}/projects",
               [s](Call& call) { list_group_projects(*s, call); });
    router.api_fallback(*profile, p);
    return profile;
}

} // namespace issuebridge::sandbox
