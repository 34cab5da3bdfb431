// /_sandbox/jira/...: look at every issue, edit or delete one by hand (as a person in Jira's UI
// would), add projects and users, change the search lag.

#include "adf.hpp"
#include "clock.hpp"
#include "jira_edit.hpp"
#include "jira_module.hpp"
#include "services.hpp"

#include "issuebridge/util/json_writer.hpp"

namespace issuebridge::sandbox {

namespace {

void write_admin_issue(util::JsonWriter& w, const JiraIssue& issue) {
    w.begin_object()
        .field("key", issue.key)
        .field("id", std::to_string(issue.id))
        .field("project", issue.project_key)
        .field("issuetype", issue.issue_type)
        .key("fields")
        .begin_object()
        .field("summary", issue.summary)
        .key("description");
    issue.description ? issue.description->write(w) : void(w.null());
    w.key("labels").begin_array();
    for (const auto& label : issue.labels) {
        w.value(label);
    }
    w.end_array().key("assignee");
    issue.assignee ? void(w.value(*issue.assignee)) : void(w.null());
    w.field("status", issue.status).end_object().key("properties").begin_object();
    for (const auto& [key, value] : issue.properties) {
        w.key(key);
        value.write(w);
    }
    w.end_object()
        .field("created", format_jira_time(issue.created_ms))
        .field("updated", format_jira_time(issue.updated_ms))
        .end_object();
}

void list_issues(Services& services, Call& call) {
    const std::string project = call.req.get_param_value("project");
    util::JsonWriter w;
    services.store.with([&](State& s) {
        w.begin_array();
        for (const auto& [id, issue] : s.get<JiraData>().issues) {
            if (project.empty() || issue.project_key == project) {
                write_admin_issue(w, issue);
            }
        }
        w.end_array();
    });
    reply_json(call.res, 200, w.take());
}

// The hand edit as API fields: description may be plain text, assignee a bare accountId.
Json as_api_fields(const Json& body) {
    Json fields(Json::Object{});
    for (const auto& [key, value] : body.as_object()) {
        if (key == "description" && value.is_string()) {
            fields.set(key, text_to_adf(value.as_string()));
        } else if (key == "assignee" && value.is_string()) {
            fields.set(key, Json(Json::Object{{"accountId", value}}));
        } else if (key != "status") {
            fields.set(key, value);
        }
    }
    return fields;
}

void edit_issue(Services& services, Call& call) {
    const auto body = Json::parse(call.req.body);
    if (!body || !body->is_object()) {
        return reply_admin_error(call.res, 400, "the body is a JSON object");
    }
    bool bad = false;
    const auto status_name = get_string(*body, "status", bad);
    const JiraStatus* status = status_name ? find_status(*status_name) : nullptr;
    if (bad || (status_name && status == nullptr)) {
        return reply_admin_error(call.res, 400,
                                 "status: one of \"To Do\", \"In Progress\", \"Done\"");
    }
    const std::int64_t now = services.clock.now_ms();
    int code = 200;
    std::string reply;
    services.store.with([&](State& s) {
        JiraIssue* issue = find_issue(s.get<JiraData>(), call.param(0));
        if (issue == nullptr) {
            code = 404;
            return;
        }
        ErrorCollection errors;
        const Json fields = as_api_fields(*body);
        const FieldChanges changes =
            read_changes(s.get<JiraData>(), &fields, nullptr, EditMode::edit,
                         project_of(s.get<JiraData>(), *issue), errors);
        if (!errors.empty()) {
            code = 400;
            reply = errors.to_json();
            return;
        }
        apply_changes(*issue, changes, now);
        if (status != nullptr) {
            set_status(*issue, *status, now);
        }
        // A person saving the issue always moves "updated", even without a visible change.
        issue->updated_ms = std::max(now, issue->updated_ms);
        reindex(*issue, now);
        util::JsonWriter w;
        write_admin_issue(w, *issue);
        reply = w.take();
    });
    if (code == 404) {
        return reply_admin_error(call.res, 404, "no Jira issue '" + call.param(0) + "'");
    }
    reply_json(call.res, code, std::move(reply));
}

void delete_issue(Services& services, Call& call) {
    const bool found = services.store.with([&](State& s) {
        JiraIssue* issue = find_issue(s.get<JiraData>(), call.param(0));
        if (issue != nullptr) {
            s.get<JiraData>().issues.erase(issue->id);
        }
        return issue != nullptr;
    });
    if (!found) {
        return reply_admin_error(call.res, 404, "no Jira issue '" + call.param(0) + "'");
    }
    call.res.status = 204;
}

void add(Services& services, Call& call, std::string (*adder)(JiraData&, const Json&)) {
    const auto body = Json::parse(call.req.body);
    if (!body) {
        return reply_admin_error(call.res, 400, "the body is not valid JSON");
    }
    const std::string error =
        services.store.with([&](State& s) { return adder(s.get<JiraData>(), *body); });
    if (!error.empty()) {
        return reply_admin_error(call.res, 400, error);
    }
    reply_json(call.res, 201, body->dump());
}

void set_search_lag(Services& services, Call& call) {
    const auto body = Json::parse(call.req.body);
    bool bad = false;
    const auto ms = body ? get_int(*body, "ms", bad) : std::nullopt;
    if (!ms || bad || *ms < 0) {
        return reply_admin_error(call.res, 400, "expected {\"ms\": N} with N >= 0");
    }
    services.store.with([&](State& s) { s.get<JiraData>().search_lag_ms = *ms; });
    reply_json(call.res, 200, body->dump());
}

// {"keys": [...]}: the issues bulk fetch leaves out from now on (replacing the list; [] shows all
// again).
void hide_from_bulk_fetch(Services& services, Call& call) {
    const auto body = Json::parse(call.req.body);
    bool bad = false;
    const auto keys = body && body->is_object() ? get_strings(*body, "keys", bad) : std::nullopt;
    if (!keys || bad) {
        return reply_admin_error(call.res, 400, "expected {\"keys\": [\"KEY-1\", ...]}");
    }
    const std::string unknown = services.store.with([&](State& s) {
        std::set<std::int64_t> ids;
        for (const auto& key : *keys) {
            const JiraIssue* issue = find_issue(s.get<JiraData>(), key);
            if (issue == nullptr) {
                return key;
            }
            ids.insert(issue->id);
        }
        s.get<JiraData>().hidden_from_bulk_fetch = std::move(ids);
        return std::string();
    });
    if (!unknown.empty()) {
        return reply_admin_error(call.res, 404, "no Jira issue '" + unknown + "'");
    }
    reply_json(call.res, 200, body->dump());
}

} // namespace

void register_jira_admin(Router& router, Services& services) {
    Services* s = &services;
    router.admin(Method::get, "/_sandbox/jira/issues", [s](Call& c) { list_issues(*s, c); });
    router.admin(Method::put, "/_sandbox/jira/issues/{key}", [s](Call& c) { edit_issue(*s, c); });
    router.admin(Method::del, "/_sandbox/jira/issues/{key}", [s](Call& c) { delete_issue(*s, c); });
    router.admin(Method::post, "/_sandbox/jira/projects",
                 [s](Call& c) { add(*s, c, &add_project); });
    router.admin(Method::post, "/_sandbox/jira/users", [s](Call& c) { add(*s, c, &add_user); });
    router.admin(Method::post, "/_sandbox/jira/search-lag",
                 [s](Call& c) { set_search_lag(*s, c); });
    router.admin(Method::post, "/_sandbox/jira/bulkfetch-hidden",
                 [s](Call& c) { hide_from_bulk_fetch(*s, c); });
}

} // namespace issuebridge::sandbox
