// Jira Cloud REST v3: an issue's transitions and its entity properties.

#include "jira_api.hpp"
#include "services.hpp"

#include "issuebridge/util/json_writer.hpp"

namespace issuebridge::sandbox {

namespace {

void write_transition(util::JsonWriter& w, const JiraStatus& to, const std::string& origin) {
    w.begin_object().field("id", to.transition_id).field("name", to.name).key("to");
    write_status(w, to, origin);
    w.field("hasScreen", false)
        .field("isGlobal", true)
        .field("isInitial", false)
        .field("isAvailable", true)
        .field("isConditional", false)
        .field("isLooped", false)
        .end_object();
}

void get_transitions(Services& services, Call& call) {
    std::string reply;
    const std::string only = call.req.get_param_value("transitionId");
    services.store.with([&](State& s) {
        const JiraIssue* issue = find_issue(s.get<JiraData>(), call.param(0));
        if (issue == nullptr) {
            return;
        }
        util::JsonWriter w;
        w.begin_object().field("expand", "transitions").key("transitions").begin_array();
        for (const auto& status : jira_statuses()) {
            if (status.name != issue->status && (only.empty() || only == status.transition_id)) {
                write_transition(w, status, call.origin());
            }
        }
        w.end_array().end_object();
        reply = w.take();
    });
    if (reply.empty()) {
        return reply_jira(call.res, 404, issue_not_found());
    }
    reply_jira(call.res, 200, std::move(reply));
}

void do_transition(Services& services, Call& call) {
    const auto body = Json::parse(call.req.body);
    if (!body || !body->is_object()) {
        return reply_jira(call.res, 400, invalid_payload());
    }
    const std::int64_t now = services.clock.now_ms();
    ErrorCollection errors;
    bool unknown_id = false;
    const bool found = services.store.with([&](State& s) {
        JiraIssue* issue = find_issue(s.get<JiraData>(), call.param(0));
        if (issue == nullptr) {
            return false;
        }
        const Json* transition = body->get("transition");
        if (transition == nullptr || !transition->is_object()) {
            errors.messages.emplace_back("Missing 'transition' identifier");
            return true;
        }
        const JiraStatus* target = read_transition(transition, issue->status, errors);
        const Json* id = transition->get("id");
        unknown_id = target == nullptr && (id == nullptr || !id->is_string() ||
                                           find_status_by_transition(id->as_string()) == nullptr);
        const FieldChanges changes = read_changes(
            s.get<JiraData>(), body->get("fields"), body->get("update"), EditMode::edit,
            project_of(s.get<JiraData>(), *issue), errors, data_center(call));
        if (!errors.empty()) {
            return true;
        }
        apply_changes(*issue, changes, now);
        set_status(*issue, *target, now);
        issue->updated_ms = std::max(now, issue->updated_ms);
        reindex(*issue, now);
        return true;
    });
    if (!found) {
        return reply_jira(call.res, 404, issue_not_found());
    }
    if (!errors.empty() && unknown_id && data_center(call)) {
        // Data Center: "500 If transition ID is incorrect" (doTransition in the DC OpenAPI file).
        return reply_jira(call.res, 500, errors.to_json());
    }
    if (!errors.empty()) {
        return reply_jira(call.res, 400, errors.to_json());
    }
    reply_jira(call.res, 204, "");
}

void get_property(Services& services, Call& call) {
    bool issue_found = false;
    std::string reply;
    const std::string key = call.param(1);
    services.store.with([&](State& s) {
        const JiraIssue* issue = find_issue(s.get<JiraData>(), call.param(0));
        issue_found = issue != nullptr;
        if (!issue_found) {
            return;
        }
        for (const auto& [k, value] : issue->properties) {
            if (k == key) {
                util::JsonWriter w;
                w.begin_object().field("key", k).key("value");
                value.write(w);
                reply = w.end_object().take();
            }
        }
    });
    if (!issue_found) {
        return reply_jira(call.res, 404, issue_not_found());
    }
    if (reply.empty()) {
        return reply_jira(call.res, 404,
                          error_body("The property with key '" + key + "' does not exist."));
    }
    reply_jira(call.res, 200, std::move(reply));
}

void put_property(Services& services, Call& call) {
    const auto value = Json::parse(call.req.body);
    if (!value) {
        return reply_jira(call.res, 400,
                          error_body("The property value must be a valid, non-empty JSON."));
    }
    const std::string key = call.param(1);
    if (std::string error = check_property(key, call.req.body); !error.empty()) {
        return reply_jira(call.res, 400, error_body(error));
    }
    int status = 404;
    services.store.with([&](State& s) {
        if (JiraIssue* issue = find_issue(s.get<JiraData>(), call.param(0))) {
            const bool existed = std::any_of(issue->properties.begin(), issue->properties.end(),
                                             [&](const auto& p) { return p.first == key; });
            set_property(*issue, key, *value);
            status = existed ? 200 : 201;
        }
    });
    if (status == 404) {
        return reply_jira(call.res, 404, issue_not_found());
    }
    // The spec gives this answer an application/json body (schema {}); an empty object satisfies
    // it.
    reply_jira(call.res, status, "{}");
}

} // namespace

void register_jira_workflow(Router& router, Services& services, const ApiProfile& profile,
                            std::string_view base) {
    Services* s = &services;
    router.api(profile, Method::get, base, "/issue/{issueIdOrKey}/transitions",
               [s](Call& c) { get_transitions(*s, c); });
    router.api(profile, Method::post, base, "/issue/{issueIdOrKey}/transitions",
               [s](Call& c) { do_transition(*s, c); });
    router.api(profile, Method::get, base, "/issue/{issueIdOrKey}/properties/{propertyKey}",
               [s](Call& c) { get_property(*s, c); });
    router.api(profile, Method::put, base, "/issue/{issueIdOrKey}/properties/{propertyKey}",
               [s](Call& c) { put_property(*s, c); });
}

} // namespace issuebridge::sandbox
