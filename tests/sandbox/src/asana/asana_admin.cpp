// /_sandbox/asana/...: look at every task (external ids included), edit or delete one by hand (as
// a person in Asana's UI would: Dana unless told otherwise, and the event log says so), switch
// what PATs may do with `external`, and expire offsets or sync tokens.

#include "asana_data.hpp"
#include "asana_events.hpp"
#include "asana_module.hpp"
#include "services.hpp"

#include "issuebridge/util/json_writer.hpp"

#include <optional>

namespace issuebridge::sandbox {

namespace {

void list_tasks(Services& services, Call& call) {
    util::JsonWriter w;
    services.store.with([&](State& s) {
        const AsanaData& d = s.get<AsanaData>();
        w.begin_array();
        for (const auto& [gid, t] : d.tasks) {
            write_task(w, d, t,
                       {"name", "notes", "html_notes", "completed", "assignee", "tags",
                        "memberships", "external"},
                       true);
        }
        w.end_array();
    });
    reply_json(call.res, 200, w.take());
}

// The user an edit acts as: `by` (a gid or e-mail) or Dana; nullptr when `by` names nobody.
const AsanaUser* acting_user(const AsanaData& d, const std::optional<std::string>& by) {
    return d.user(by.value_or(d.person_gid));
}

// {"name", "notes", "completed", "assignee" (gid or e-mail, or null), "tags" (names: the task's
// whole list; a missing tag is made), "by" (who edits: a user gid or e-mail; default Dana)}. All
// or nothing: a refused body changes nothing.
void edit_task(Services& services, Call& call) {
    const auto body = Json::parse(call.req.body);
    if (!body || !body->is_object()) {
        return reply_admin_error(call.res, 400, "the body is a JSON object");
    }
    bool bad = false;
    const auto name = get_string(*body, "name", bad);
    const auto notes = get_string(*body, "notes", bad);
    const auto completed = get_bool(*body, "completed", bad);
    const auto tags = get_strings(*body, "tags", bad);
    const auto by = get_string(*body, "by", bad);
    if (bad) {
        return reply_admin_error(call.res, 400, "a field has the wrong type");
    }
    const std::int64_t now = services.clock.now_ms();
    services.store.with([&](State& s) {
        AsanaData& d = s.get<AsanaData>();
        const auto it = d.tasks.find(call.param(0));
        if (it == d.tasks.end()) {
            return reply_admin_error(call.res, 404, "no task " + call.param(0));
        }
        const AsanaUser* actor = acting_user(d, by);
        if (actor == nullptr) {
            return reply_admin_error(call.res, 400, "by: no such user");
        }
        AsanaTask t = it->second;
        if (const Json* a = body->get("assignee")) {
            const AsanaUser* u = a->is_string() ? d.user(a->as_string()) : nullptr;
            if (!a->is_null() && u == nullptr) {
                return reply_admin_error(call.res, 400, "assignee: no such user");
            }
            t.assignee = u ? u->gid : std::string();
        }
        if (name) {
            t.name = *name;
        }
        if (notes) {
            t.notes = *notes;
            t.html_notes = text_to_html(*notes);
        }
        if (completed) {
            t.completed = *completed;
        }
        if (tags) {
            t.tags.clear();
            for (const auto& tag : *tags) {
                std::string gid;
                for (const auto& [g, n] : d.tags) {
                    if (n == tag) {
                        gid = g;
                        break;
                    }
                }
                if (gid.empty()) {
                    gid = d.new_gid();
                    d.tags[gid] = tag;
                }
                t.tags.push_back(gid);
            }
        }
        t.modified_ms = now;
        record_task_events(d, now, actor->gid, &it->second, &t);
        it->second = std::move(t);
        reply_json(call.res, 200, "{}");
    });
}

// ?by=<user gid or e-mail>: who deletes it (default Dana).
void delete_task(Services& services, Call& call) {
    const std::int64_t now = services.clock.now_ms();
    const auto by = call.req.has_param("by")
                        ? std::optional<std::string>(call.req.get_param_value("by"))
                        : std::nullopt;
    services.store.with([&](State& s) {
        AsanaData& d = s.get<AsanaData>();
        const auto it = d.tasks.find(call.param(0));
        if (it == d.tasks.end()) {
            return reply_admin_error(call.res, 404, "no task " + call.param(0));
        }
        const AsanaUser* actor = acting_user(d, by);
        if (actor == nullptr) {
            return reply_admin_error(call.res, 400, "by: no such user");
        }
        record_task_events(d, now, actor->gid, &it->second, nullptr);
        d.tasks.erase(it);
        reply_json(call.res, 200, "{}");
    });
}

void list_tags(Services& services, Call& call) {
    util::JsonWriter w;
    services.store.with([&](State& s) {
        w.begin_array();
        for (const auto& [gid, name] : s.get<AsanaData>().tags) {
            w.begin_object().field("gid", gid).field("name", name).end_object();
        }
        w.end_array();
    });
    reply_json(call.res, 200, w.take());
}

// {"pat_external": "reject"|"ignore"|"allow", "offset_ttl_ms": n, "events_kept": n (>= 1)}
void settings(Services& services, Call& call) {
    const auto body = Json::parse(call.req.body);
    if (!body || !body->is_object()) {
        return reply_admin_error(call.res, 400, "the body is a JSON object");
    }
    bool bad = false;
    const auto pat = get_string(*body, "pat_external", bad);
    const auto ttl = get_int(*body, "offset_ttl_ms", bad);
    const auto kept = get_int(*body, "events_kept", bad);
    if (bad || (pat && *pat != "reject" && *pat != "ignore" && *pat != "allow") ||
        (kept && *kept < 1)) {
        return reply_admin_error(call.res, 400,
                                 "pat_external is \"reject\", \"ignore\" or \"allow\"; "
                                 "offset_ttl_ms a number; events_kept a number from 1");
    }
    services.store.with([&](State& s) {
        AsanaData& d = s.get<AsanaData>();
        if (pat) {
            d.pat_external = *pat == "reject"   ? PatExternal::reject
                             : *pat == "ignore" ? PatExternal::ignore
                                                : PatExternal::allow;
        }
        if (ttl) {
            d.offset_ttl_ms = *ttl;
        }
        if (kept) {
            d.events_kept = *kept;
            trim_events(d);
        }
    });
    reply_json(call.res, 200, "{}");
}

void expire_offsets(Services& services, Call& call) {
    services.store.with([&](State& s) { ++s.get<AsanaData>().offset_generation; });
    reply_json(call.res, 200, "{}");
}

// Every sync token handed out so far is refused from now on (412 with a fresh one), as Asana's
// "may expire sooner".
void expire_sync_tokens(Services& services, Call& call) {
    services.store.with([&](State& s) { ++s.get<AsanaData>().sync_generation; });
    reply_json(call.res, 200, "{}");
}

} // namespace

void register_asana_admin(Router& router, Services& services) {
    Services* s = &services;
    router.admin(Method::get, "/_sandbox/asana/tasks", [s](Call& c) { list_tasks(*s, c); });
    router.admin(Method::put, "/_sandbox/asana/tasks/{gid}", [s](Call& c) { edit_task(*s, c); });
    router.admin(Method::del, "/_sandbox/asana/tasks/{gid}", [s](Call& c) { delete_task(*s, c); });
    router.admin(Method::get, "/_sandbox/asana/tags", [s](Call& c) { list_tags(*s, c); });
    router.admin(Method::post, "/_sandbox/asana/settings", [s](Call& c) { settings(*s, c); });
    router.admin(Method::post, "/_sandbox/asana/expire-offsets",
                 [s](Call& c) { expire_offsets(*s, c); });
    router.admin(Method::post, "/_sandbox/asana/expire-sync-tokens",
                 [s](Call& c) { expire_sync_tokens(*s, c); });
}

} // namespace issuebridge::sandbox
