// The GitLab module: its state, its seed section ({"tokens": [...], "projects": {"group/project":
// {"issues": [...], "merge_requests": [...], "generate": {...}, "archived": false}}}) and its admin
// routes (a project is made by the first route that names it; its path's groups exist while it
// does):
//   POST  /_sandbox/gitlab/projects/{path}/issues | merge_requests   one item or an array
//   POST  /_sandbox/gitlab/projects/{path}/generate                   {count, closed_fraction, ...}
//   PATCH /_sandbox/gitlab/projects/{path}/issues/{iid} | merge_requests/{iid}
//   POST  /_sandbox/gitlab/projects/{path}/move                       {"to": "new/path"}
//   PATCH /_sandbox/gitlab/projects/{path}                            {"archived": true} (made if
//   new) PUT   /_sandbox/gitlab/settings                                   {max_offset?,
//   keyset_issues?}

#include "gitlab_module.hpp"
#include "gitlab_data.hpp"
#include "seed.hpp"
#include "services.hpp"

#include "issuebridge/util/json_writer.hpp"

namespace issuebridge::sandbox {

namespace {

std::string create_all(GitLabData& data, GlProject& project, bool mr, const Json& body,
                       std::int64_t now_ms, std::vector<std::int64_t>& iids) {
    const Json::Array items = body.is_array() ? body.as_array() : Json::Array{body};
    for (std::size_t i = 0; i < items.size(); ++i) {
        std::string error;
        const std::int64_t iid = create_item(data, project, mr, items[i], now_ms, error);
        if (!error.empty()) {
            return "item " + std::to_string(i) + ": " + error;
        }
        iids.push_back(iid);
    }
    return "";
}

std::string seed_gitlab(GitLabData& data, const Json& gitlab, std::int64_t now_ms) {
    if (std::string error = check_keys(gitlab, "gitlab", {"tokens", "projects"}); !error.empty()) {
        return error;
    }
    bool bad = false;
    if (auto tokens = get_strings(gitlab, "tokens", bad)) {
        data.tokens = *tokens;
    }
    if (bad) {
        return "gitlab.tokens: expected an array of strings";
    }
    const Json* projects = gitlab.get("projects");
    if (projects == nullptr) {
        return "";
    }
    if (!projects->is_object()) {
        return "gitlab.projects: expected an object keyed by full path";
    }
    for (const auto& [path, spec] : projects->as_object()) {
        const std::string where = "gitlab.projects." + path;
        if (std::string error =
                check_keys(spec, where, {"issues", "merge_requests", "generate", "archived"});
            !error.empty()) {
            return error;
        }
        GlProject& project = ensure_project(data, path);
        const auto archived = get_bool(spec, "archived", bad);
        if (bad) {
            return where + ".archived: expected a boolean";
        }
        project.archived = archived.value_or(project.archived);
        std::vector<std::int64_t> iids;
        for (const bool mr : {false, true}) {
            if (const Json* items = spec.get(mr ? "merge_requests" : "issues")) {
                if (std::string error = create_all(data, project, mr, *items, now_ms, iids);
                    !error.empty()) {
                    return where + ": " + error;
                }
            }
        }
        if (const Json* generate = spec.get("generate")) {
            if (std::string error = generate_items(data, project, *generate, now_ms);
                !error.empty()) {
                return where + ": " + error;
            }
        }
    }
    return "";
}

void fresh(State& state, const Options&) { state.put(GitLabData{}); }

std::string seed(const Json& section, State& state, std::int64_t now_s) {
    return seed_gitlab(state.get<GitLabData>(), section, now_s * 1000);
}

std::optional<Json> body_of(Call& call) {
    auto body = Json::parse(call.req.body.empty() ? "{}" : call.req.body);
    if (!body) {
        reply_admin_error(call.res, 400, "the body is not valid JSON");
    }
    return body;
}

void post_items(Services& services, Call& call, bool mr) {
    const auto body = body_of(call);
    if (!body) {
        return;
    }
    std::vector<std::int64_t> iids;
    const std::string error = services.store.with([&](State& s) {
        GitLabData& data = s.get<GitLabData>();
        return create_all(data, ensure_project(data, call.param(0)), mr, *body,
                          services.clock.now_ms(), iids);
    });
    if (!error.empty()) {
        return reply_admin_error(call.res, 400, error);
    }
    util::JsonWriter w;
    w.begin_object().key("iids").begin_array();
    for (const auto iid : iids) {
        w.value(iid);
    }
    w.end_array().end_object();
    reply_json(call.res, 201, w.take());
}

void generate(Services& services, Call& call) {
    const auto body = body_of(call);
    if (!body) {
        return;
    }
    const std::string error = services.store.with([&](State& s) {
        GitLabData& data = s.get<GitLabData>();
        return generate_items(data, ensure_project(data, call.param(0)), *body,
                              services.clock.now_ms());
    });
    if (!error.empty()) {
        return reply_admin_error(call.res, 400, error);
    }
    reply_json(call.res, 201, "{}");
}

void patch(Services& services, Call& call, bool mr) {
    const auto body = body_of(call);
    if (!body) {
        return;
    }
    int status = 200;
    std::string result;
    services.store.with([&](State& s) {
        GlProject* project = find_project(s.get<GitLabData>(), call.param(0));
        const std::string iid = call.param(1);
        const auto missing = [&] {
            status = 404;
            result = "no such item " + call.param(0) + (mr ? "!" : "#") + iid;
        };
        if (project == nullptr || iid.empty() || iid.size() > 12 ||
            iid.find_first_not_of("0123456789") != std::string::npos) {
            return missing();
        }
        auto& items = mr ? project->merge_requests : project->issues;
        const auto it = items.find(std::stoll(iid));
        if (it == items.end()) {
            return missing();
        }
        result = patch_item(it->second, mr, *body, services.clock.now_ms());
        status = result.empty() ? 200 : 400;
        if (result.empty()) {
            util::JsonWriter w;
            write_item(w, *project, it->second, mr, call.origin());
            result = w.take();
        }
    });
    if (status != 200) {
        return reply_admin_error(call.res, status, result);
    }
    reply_json(call.res, 200, std::move(result));
}

void move(Services& services, Call& call) {
    const auto body = body_of(call);
    if (!body) {
        return;
    }
    bool bad = false;
    const auto to = get_string(*body, "to", bad);
    if (!to || bad) {
        return reply_admin_error(call.res, 400, "expected {\"to\": \"new/path\"}");
    }
    const std::string error = services.store.with(
        [&](State& s) { return move_project(s.get<GitLabData>(), call.param(0), *to); });
    if (!error.empty()) {
        return reply_admin_error(call.res, 400, error);
    }
    reply_json(call.res, 200, "{}");
}

void patch_project(Services& services, Call& call) {
    const auto body = body_of(call);
    if (!body) {
        return;
    }
    bool bad = false;
    const auto archived = get_bool(*body, "archived", bad);
    if (bad || !archived) {
        return reply_admin_error(call.res, 400, "expected {\"archived\": true|false}");
    }
    services.store.with([&](State& s) {
        GitLabData& data = s.get<GitLabData>();
        ensure_project(data, call.param(0)).archived = *archived;
    });
    reply_json(call.res, 200, "{}");
}

void settings(Services& services, Call& call) {
    const auto body = body_of(call);
    if (!body) {
        return;
    }
    bool bad = false;
    const auto max_offset = get_int(*body, "max_offset", bad);
    const auto keyset = get_bool(*body, "keyset_issues", bad);
    if (bad) {
        return reply_admin_error(call.res, 400,
                                 "max_offset is an integer, keyset_issues a boolean");
    }
    services.store.with([&](State& s) {
        GitLabData& data = s.get<GitLabData>();
        data.max_offset = max_offset.value_or(data.max_offset);
        data.keyset_issues = keyset.value_or(data.keyset_issues);
    });
    reply_json(call.res, 200, "{}");
}

} // namespace

void register_gitlab_admin(Router& router, Services& services) {
    Services* s = &services;
    const std::string base = "/_sandbox/gitlab/projects/{path+}";
    router.admin(Method::post, base + "/issues", [s](Call& c) { post_items(*s, c, false); });
    router.admin(Method::post, base + "/merge_requests", [s](Call& c) { post_items(*s, c, true); });
    router.admin(Method::post, base + "/generate", [s](Call& c) { generate(*s, c); });
    router.admin(Method::patch, base + "/issues/{iid}", [s](Call& c) { patch(*s, c, false); });
    router.admin(Method::patch, base + "/merge_requests/{iid}",
                 [s](Call& c) { patch(*s, c, true); });
    router.admin(Method::post, base + "/move", [s](Call& c) { move(*s, c); });
    router.admin(Method::patch, base, [s](Call& c) { patch_project(*s, c); });
    router.admin(Method::put, "/_sandbox/gitlab/settings", [s](Call& c) { settings(*s, c); });
}

const Module& gitlab_module() {
    // gitlab.com's published limit for authenticated API traffic: 2,000 requests a minute per user
    // (API-FACTS §2.7).
    static const Module module{
        "gitlab",
        "GitLab REST v4",
        "  GitLab    http://127.0.0.1:PORT/api/v4   GET "
        "/projects/{id}/issues|merge_requests[/{iid}], /groups/{id}/projects\n",
        "GitLab \"PRIVATE-TOKEN: sandbox-gitlab-token\" (or \"Authorization: Bearer ...\");\n",
        LimitConfig{2000, 60},
        nullptr,
        nullptr,
        &fresh,
        &seed,
        &register_gitlab_api,
        &register_gitlab_admin,
    };
    return module;
}

} // namespace issuebridge::sandbox
