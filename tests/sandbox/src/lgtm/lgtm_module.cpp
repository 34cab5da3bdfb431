// The LGTM module: its state, seed section and admin routes (/_sandbox/lgtm/...):
//   POST /_sandbox/lgtm/projects {"url_identifier":"g/org/name","id":N}        -> {"id":N}
//   POST /_sandbox/lgtm/projects/{id}/analyses {"commit","alerts":[...],"generate":{...}}
//        a new latest analysis holding exactly these alerts                   ->
//        {"id":"<analysis>"}
//   GET  /_sandbox/lgtm/projects/{id}/alerts   every alert ever found, with its state now
//   PATCH /_sandbox/lgtm/projects/{id}/alerts/{key} {fields, "state":"open"|"suppressed"|"fixed"}
//        a new latest analysis: the latest's alerts with that one changed (fixed: left out)
// An alert is {"key","rule","rule_name","help_uri","level","path","line","message","suppressed"}.
// Seed: "lgtm": {"tokens":[...], "projects": {"g/org/name": {"id":N, "analyses":[...]}}}.

#include "lgtm_module.hpp"
#include "lgtm_data.hpp"
#include "seed.hpp"
#include "services.hpp"

#include "issuebridge/util/json_writer.hpp"

namespace issuebridge::sandbox {

namespace {

std::string add_analyses(LgProject& project, const Json& analyses, std::int64_t now_s) {
    if (!analyses.is_array()) {
        return "analyses: expected an array";
    }
    for (std::size_t i = 0; i < analyses.as_array().size(); ++i) {
        std::string id;
        if (std::string e = lg_add_analysis(project, analyses.as_array()[i], now_s, id);
            !e.empty()) {
            return "analysis " + std::to_string(i) + ": " + e;
        }
    }
    return "";
}

std::string seed_lgtm(LgData& data, const Json& section, std::int64_t now_s) {
    if (std::string error = check_keys(section, "lgtm", {"tokens", "projects"}); !error.empty()) {
        return error;
    }
    bool bad = false;
    if (auto tokens = get_strings(section, "tokens", bad)) {
        data.tokens = *tokens;
    }
    if (bad) {
        return "lgtm.tokens: expected an array of strings";
    }
    const Json* projects = section.get("projects");
    if (projects == nullptr) {
        return "";
    }
    if (!projects->is_object()) {
        return "lgtm.projects: expected an object keyed by \"provider/org/name\"";
    }
    for (const auto& [name, spec] : projects->as_object()) {
        const std::string where = "lgtm.projects." + name;
        if (std::string error = check_keys(spec, where, {"id", "analyses"}); !error.empty()) {
            return error;
        }
        std::string error;
        LgProject* p = lg_ensure(data, name, get_int(spec, "id", bad).value_or(0), error);
        if (p != nullptr && spec.get("analyses") != nullptr) {
            error = add_analyses(*p, *spec.get("analyses"), now_s);
        }
        if (bad) {
            error = "id: expected an integer";
        }
        if (!error.empty()) {
            return where + ": " + error;
        }
    }
    return "";
}

void fresh(State& state, const Options&) { state.put(LgData{}); }

std::string seed(const Json& section, State& state, std::int64_t now_s) {
    return seed_lgtm(state.get<LgData>(), section, now_s);
}

std::int64_t project_id(const std::string& text) {
    return !text.empty() && text.size() < 18 &&
                   text.find_first_not_of("0123456789") == std::string::npos
               ? std::stoll(text)
               : -1;
}

void register_admin(Router& router, Services& services) {
    Services* s = &services;
    router.admin(Method::get, "/_sandbox/lgtm/projects/{id}/alerts", [s](Call& c) {
        std::string body;
        s->store.with([&](State& st) {
            if (const LgProject* p = lg_find(st.get<LgData>(), project_id(c.param(0)))) {
                util::JsonWriter w;
                lg_write_alerts(w, *p);
                body = w.take();
            }
        });
        if (body.empty()) {
            return reply_admin_error(c.res, 404, "no project " + c.param(0));
        }
        reply_json(c.res, 200, std::move(body));
    });
    router.admin(Method::patch, "/_sandbox/lgtm/projects/{id}/alerts/{key}", [s](Call& c) {
        const auto body = Json::parse(c.req.body.empty() ? "{}" : c.req.body);
        if (!body) {
            return reply_admin_error(c.res, 400, "the body is not valid JSON");
        }
        std::string error = "no project " + c.param(0);
        s->store.with([&](State& st) {
            if (LgProject* p = lg_find(st.get<LgData>(), project_id(c.param(0)))) {
                error = lg_change(*p, c.param(1), *body, s->clock.now_s());
            }
        });
        if (!error.empty()) {
            return reply_admin_error(c.res, error.starts_with("no ") ? 404 : 400, error);
        }
        reply_json(c.res, 200, "{}");
    });
    router.admin(Method::post, "/_sandbox/lgtm/projects", [s](Call& c) {
        const auto body = Json::parse(c.req.body.empty() ? "{}" : c.req.body);
        bool bad = false;
        const auto name = body ? get_string(*body, "url_identifier", bad) : std::nullopt;
        const std::int64_t id = body ? get_int(*body, "id", bad).value_or(0) : 0;
        if (!name || bad) {
            return reply_admin_error(c.res, 400,
                                     "expected {\"url_identifier\":\"g/org/name\",\"id\":N}");
        }
        std::string error;
        std::int64_t made = 0;
        s->store.with([&](State& st) {
            if (LgProject* p = lg_ensure(st.get<LgData>(), *name, id, error)) {
                made = p->id;
            }
        });
        if (!error.empty()) {
            return reply_admin_error(c.res, 400, error);
        }
        util::JsonWriter w;
        w.begin_object().field("id", made).end_object();
        reply_json(c.res, 201, w.take());
    });
    router.admin(Method::post, "/_sandbox/lgtm/projects/{id}/analyses", [s](Call& c) {
        const auto body = Json::parse(c.req.body.empty() ? "{}" : c.req.body);
        if (!body) {
            return reply_admin_error(c.res, 400, "the body is not valid JSON");
        }
        const std::string project = c.param(0);
        std::string id;
        std::string error = "no project " + project;
        s->store.with([&](State& st) {
            if (LgProject* p = lg_find(st.get<LgData>(), project_id(project))) {
                error = lg_add_analysis(*p, *body, s->clock.now_s(), id);
            }
        });
        if (!error.empty()) {
            return reply_admin_error(c.res, error.starts_with("no project") ? 404 : 400, error);
        }
        util::JsonWriter w;
        w.begin_object().field("id", id).end_object();
        reply_json(c.res, 201, w.take());
    });
}

} // namespace

const Module& lgtm_module() {
    static const Module module{
        "lgtm",
        "LGTM Enterprise",
        "  LGTM           http://127.0.0.1:PORT/api/v1.0  GET /projects/{id}, "
        "/projects/g/{org}/{name},\n"
        "                 /analyses/{project}/commits/latest, /analyses/{id}/alerts (SARIF)\n",
        "LGTM \"Authorization: Bearer sandbox-lgtm-token\";\n",
        LimitConfig{6000, 3600},
        nullptr,
        nullptr,
        &fresh,
        &seed,
        &register_lgtm_api,
        &register_admin,
    };
    return module;
}

} // namespace issuebridge::sandbox
