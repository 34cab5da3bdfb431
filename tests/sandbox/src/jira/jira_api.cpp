// Jira Cloud REST v3, and Data Center REST v2 (jira_dc.cpp) where the same handler serves both
// (data_center(call) says which was called): create, get, bulk fetch (v3) and edit issues,
// transitions and issue properties. Search is in jira_search.cpp.

#include "jira_api.hpp"

#include "clock.hpp"
#include "hash.hpp"
#include "jira_edit.hpp"
#include "jira_json.hpp"
#include "jira_module.hpp"
#include "services.hpp"

#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/strings.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace issuebridge::sandbox {

namespace {

constexpr std::string_view k_base = "/rest/api/3";
constexpr std::size_t k_max_property_length = 32768;
constexpr std::size_t k_max_bulk_fetch = 100;

class JiraProfile final : public ApiProfile {
public:
    explicit JiraProfile(Services& services) : m_services(services) {}

    std::string_view name() const override { return "jira"; }

    bool authenticate(const httplib::Request& req) const override {
        return m_services.store.with(
            [&](State& s) { return authenticated_account(s.get<JiraData>(), req) != nullptr; });
    }

    void unauthorized(httplib::Response& res) const override {
        reply_jira(res, 401, error_body("Client must be authenticated to access this resource."));
        res.set_header("X-Seraph-LoginReason", "AUTHENTICATED_FAILED");
        res.set_header("WWW-Authenticate", "Basic realm=\"protected-area\"");
    }

    void limited(httplib::Response& res, Admission why, const LimitStatus& status,
                 std::int64_t now_ms) const override {
        const std::int64_t reset_ms = why == Admission::burst ? now_ms + 1000 : status.reset_ms;
        const std::int64_t retry_s =
            std::max<std::int64_t>(1, floor_div(reset_ms - now_ms + 999, 1000));
        reply_jira(res, 429, error_body("Rate limit exceeded."));
        res.set_header("Retry-After", std::to_string(retry_s));
        // X-RateLimit-Reset has minute precision; round up so a client that waits for it is never
        // early.
        res.set_header("X-RateLimit-Reset",
                       format_minute_utc(floor_div(reset_ms + 59999, 60000) * 60000));
        if (status.limited) {
            res.set_header("X-RateLimit-Limit", std::to_string(status.limit));
            res.set_header("X-RateLimit-Remaining", "0");
        }
        if (why == Admission::burst) {
            res.set_header("RateLimit-Reason", "jira-burst-based");
        }
    }

    void server_error(httplib::Response& res) const override {
        reply_jira(res, 500, error_body("Internal server error"));
    }

    void not_found(httplib::Response& res) const override {
        reply_jira(res, 404, error_body("No resource was found for this request."));
    }

private:
    Services& m_services;
};

// properties: [{"key": ..., "value": ...}] as accepted at creation and edit.
std::vector<std::pair<std::string, Json>> read_properties(const Json* list,
                                                          ErrorCollection& errors) {
    std::vector<std::pair<std::string, Json>> out;
    if (list == nullptr || list->is_null()) {
        return out;
    }
    if (!list->is_array()) {
        errors.messages.emplace_back(
            "Invalid request payload. Refer to the REST API documentation and try again.");
        return out;
    }
    for (const auto& item : list->as_array()) {
        bool bad = false;
        const auto key = get_string(item, "key", bad);
        const Json* value = item.get("value");
        if (bad || !key || key->empty() || value == nullptr) {
            errors.messages.emplace_back("The property key and value are required.");
        } else if (std::string error = check_property(*key, value->dump()); !error.empty()) {
            errors.messages.push_back(error);
        } else {
            out.emplace_back(*key, *value);
        }
    }
    return out;
}

// The status a transition {"id": ...} leads to, if it is available from the issue's status.

JiraIssue new_issue(JiraData& data, JiraProject& project, std::int64_t now_ms) {
    JiraIssue issue;
    issue.id = data.next_issue_id++;
    issue.key = project.key + "-" + std::to_string(project.next_number++);
    issue.project_key = project.key;
    issue.created_ms = issue.updated_ms = issue.status_changed_ms = now_ms;
    return issue;
}

void create(Services& services, Call& call) {
    const auto body = Json::parse(call.req.body);
    if (!body || !body->is_object()) {
        return reply_jira(call.res, 400, invalid_payload());
    }
    const std::int64_t now = services.clock.now_ms();
    ErrorCollection errors;
    std::string reply;
    services.store.with([&](State& s) {
        const FieldChanges changes =
            read_changes(s.get<JiraData>(), body->get("fields"), body->get("update"),
                         EditMode::create, nullptr, errors, data_center(call));
        const auto properties = read_properties(body->get("properties"), errors);
        const JiraStatus* target = read_transition(body->get("transition"), "To Do", errors);
        if (!errors.empty()) {
            return;
        }
        JiraIssue issue =
            new_issue(s.get<JiraData>(), *find_project(s.get<JiraData>(), *changes.project), now);
        apply_changes(issue, changes, now);
        if (target != nullptr) {
            set_status(issue, *target, now);
        }
        issue.properties = properties;
        reindex(issue, now);
        util::JsonWriter w;
        w.begin_object()
            .field("id", std::to_string(issue.id))
            .field("key", issue.key)
            .field("self",
                   call.origin() + std::string(call.prefix) + "/issue/" + std::to_string(issue.id));
        if (target != nullptr) {
            w.key("transition")
                .begin_object()
                .field("status", 200)
                .key("errorCollection")
                .raw(ErrorCollection{}.to_json());
            w.end_object();
        }
        w.end_object();
        reply = w.take();
        s.get<JiraData>().issues.emplace(issue.id, std::move(issue));
    });
    if (!errors.empty()) {
        return reply_jira(call.res, 400, errors.to_json());
    }
    reply_jira(call.res, 201, std::move(reply));
}

void get(Services& services, Call& call) {
    std::string reply;
    services.store.with([&](State& s) {
        if (const JiraIssue* issue = find_issue(s.get<JiraData>(), call.param(0))) {
            util::JsonWriter w;
            write_issue_bean(w, s.get<JiraData>(), *issue, bean_options(call.req, false),
                             call.origin());
            reply = w.take();
        }
    });
    if (reply.empty()) {
        return reply_jira(call.res, 404, issue_not_found());
    }
    reply_jira(call.res, 200, std::move(reply));
}

// POST /issue/bulkfetch: the issues named by id or key (mixed, keys case-insensitive), read from
// the issue store, not the lagging search index; ascending by id, each once. Names that match no
// issue are left out, as Jira leaves out issues the caller cannot see: issueErrors stays empty.
void bulk_fetch(Services& services, Call& call) {
    static const std::set<std::string> k_allowed{"expand", "fields", "fieldsByKeys",
                                                 "issueIdsOrKeys", "properties"};
    const auto body = Json::parse(call.req.body);
    if (!body || !body->is_object()) {
        return reply_jira(call.res, 400, invalid_payload());
    }
    bool bad = false;
    for (const auto& [key, value] : body->as_object()) {
        bad = bad || k_allowed.count(key) == 0;
    }
    const auto names = get_strings(*body, "issueIdsOrKeys", bad);
    const auto fields = get_strings(*body, "fields", bad);
    const auto properties = get_strings(*body, "properties", bad);
    get_strings(*body, "expand", bad); // accepted; the sandbox has no expansions
    get_bool(*body, "fieldsByKeys", bad);
    if (bad) {
        return reply_jira(call.res, 400, invalid_payload());
    }
    if (!names || names->empty()) {
        return reply_jira(call.res, 400, error_body("At least one issue ID or key is required."));
    }
    if (names->size() > k_max_bulk_fetch) {
        return reply_jira(call.res, 400, error_body("You can request up to 100 issues."));
    }
    if (properties && properties->size() > 5) {
        return reply_jira(call.res, 400,
                          error_body("A maximum of 5 issue property keys can be specified."));
    }
    // The default is *navigable, which in the sandbox is every field.
    const BeanOptions options{
        FieldSelection::parse(fields.value_or(std::vector<std::string>{}), true),
        properties.value_or(std::vector<std::string>{}), false};
    std::string reply;
    services.store.with([&](State& s) {
        std::map<std::int64_t, const JiraIssue*> found; // by id: ascending, each once
        for (const auto& name : *names) {
            const JiraIssue* issue = find_issue(s.get<JiraData>(), name);
            if (issue != nullptr &&
                s.get<JiraData>().hidden_from_bulk_fetch.count(issue->id) == 0) {
                found.emplace(issue->id, issue);
            }
        }
        util::JsonWriter w;
        // No top-level "expand": the spec's example has one, but its BulkIssueResults schema
        // forbids it (additionalProperties: false), and Prism flags it.
        w.begin_object().key("issues").begin_array();
        for (const auto& [id, issue] : found) {
            write_issue_bean(w, s.get<JiraData>(), *issue, options, call.origin());
        }
        reply = w.end_array().key("issueErrors").begin_array().end_array().end_object().take();
    });
    reply_jira(call.res, 200, std::move(reply));
}

void edit(Services& services, Call& call) {
    const auto body = Json::parse(call.req.body);
    if (!body || !body->is_object()) {
        return reply_jira(call.res, 400, invalid_payload());
    }
    const std::int64_t now = services.clock.now_ms();
    ErrorCollection errors;
    std::string reply;
    const bool found = services.store.with([&](State& s) {
        JiraIssue* issue = find_issue(s.get<JiraData>(), call.param(0));
        if (issue == nullptr) {
            return false;
        }
        const FieldChanges changes = read_changes(
            s.get<JiraData>(), body->get("fields"), body->get("update"), EditMode::edit,
            project_of(s.get<JiraData>(), *issue), errors, data_center(call));
        const auto properties = read_properties(body->get("properties"), errors);
        if (!errors.empty()) {
            return true;
        }
        if (apply_changes(*issue, changes, now)) {
            reindex(*issue, now);
        }
        for (const auto& [key, value] : properties) {
            set_property(*issue, key, value);
        }
        if (call.req.get_param_value("returnIssue") == "true") {
            util::JsonWriter w;
            write_issue_bean(w, s.get<JiraData>(), *issue, bean_options(call.req, false),
                             call.origin());
            reply = w.take();
        }
        return true;
    });
    if (!found) {
        return reply_jira(call.res, 404, issue_not_found());
    }
    if (!errors.empty()) {
        return reply_jira(call.res, 400, errors.to_json());
    }
    if (!reply.empty()) {
        return reply_jira(call.res, 200, std::move(reply));
    }
    reply_jira(call.res, 204, "");
}

} // namespace

const JiraAccount* authenticated_account(const JiraData& data, const httplib::Request& req) {
    const std::string header = req.get_header_value("Authorization");
    if (header.size() < 6 || util::to_lower(header.substr(0, 6)) != "basic ") {
        return nullptr;
    }
    const auto decoded = base64_decode(util::trim(header.substr(6)));
    const auto colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon == std::string::npos) {
        return nullptr;
    }
    const std::string email = decoded->substr(0, colon);
    const std::string token = decoded->substr(colon + 1);
    const auto it =
        std::find_if(data.accounts.begin(), data.accounts.end(),
                     [&](const JiraAccount& a) { return a.email == email && a.token == token; });
    return it == data.accounts.end() ? nullptr : &*it;
}

void reply_jira(httplib::Response& res, int status, std::string body) {
    reply_json(res, status, std::move(body), "application/json;charset=UTF-8");
}

std::string error_body(std::string_view message) {
    ErrorCollection errors;
    errors.messages.emplace_back(message);
    return errors.to_json();
}

std::string invalid_payload() {
    return error_body(
        "Invalid request payload. Refer to the REST API documentation and try again.");
}

std::string issue_not_found() {
    return error_body("Issue does not exist or you do not have permission to see it.");
}

std::string check_property(const std::string& key, const std::string& value_json) {
    if (key.size() > 255) {
        return "The property key cannot be longer than 255 characters.";
    }
    if (value_json.size() > k_max_property_length) {
        return "The property value cannot be longer than 32768 characters.";
    }
    return "";
}

BeanOptions bean_options(const httplib::Request& req, bool search) {
    std::vector<std::string> fields;
    std::vector<std::string> properties;
    for (std::size_t i = 0; i < req.get_param_value_count("fields"); ++i) {
        fields.push_back(req.get_param_value("fields", i));
    }
    for (std::size_t i = 0; i < req.get_param_value_count("properties"); ++i) {
        properties.push_back(req.get_param_value("properties", i));
    }
    return {FieldSelection::parse(fields, !search), split_list(properties), !search};
}

void set_property(JiraIssue& issue, const std::string& key, Json value) {
    for (auto& [k, v] : issue.properties) {
        if (k == key) {
            v = std::move(value);
            return;
        }
    }
    issue.properties.emplace_back(key, std::move(value));
}

const JiraStatus* read_transition(const Json* transition, const std::string& current,
                                  ErrorCollection& errors) {
    if (transition == nullptr || transition->is_null()) {
        return nullptr;
    }
    bool bad = false;
    auto id = get_string(*transition, "id", bad);
    if (!id) {
        if (auto n = get_int(*transition, "id", bad)) {
            id = std::to_string(*n);
        }
    }
    const JiraStatus* target = id ? find_status_by_transition(*id) : nullptr;
    if (target == nullptr || target->name == current) {
        errors.messages.push_back("Transition id '" + id.value_or("") +
                                  "' is not valid for this issue.");
        return nullptr;
    }
    return target;
}

void register_jira_issue_routes(Router& router, Services& services, const ApiProfile& p,
                                std::string_view base) {
    Services* s = &services;
    router.api(p, Method::post, base, "/issue", [s](Call& c) { create(*s, c); });
    if (base == k_base) { // Data Center has no bulk fetch
        router.api(p, Method::post, base, "/issue/bulkfetch", [s](Call& c) { bulk_fetch(*s, c); });
    }
    router.api(p, Method::get, base, "/issue/{issueIdOrKey}", [s](Call& c) { get(*s, c); });
    router.api(p, Method::put, base, "/issue/{issueIdOrKey}", [s](Call& c) { edit(*s, c); });
    register_jira_workflow(router, services, p, base);
    register_jira_meta(router, services, p, base);
}

std::unique_ptr<ApiProfile> register_jira_api(Router& router, Services& services) {
    auto profile = std::make_unique<JiraProfile>(services);
    const ApiProfile& p = *profile;
    register_jira_issue_routes(router, services, p, k_base);
    register_jira_search(router, services, p);
    router.api_fallback(p, k_base);
    return profile;
}

} // namespace issuebridge::sandbox
