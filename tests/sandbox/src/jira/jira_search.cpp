// Jira Cloud REST v3: GET and POST /rest/api/3/search/jql, with nextPageToken pagination and an
// index that lags behind writes by --search-lag-ms unless the issue's id is in reconcileIssues.
// Jira Data Center REST v2: GET and POST /search with startAt, over the same lagging index.

#include "clock.hpp"
#include "hash.hpp"
#include "jira_api.hpp"
#include "jql.hpp"
#include "services.hpp"

#include "issuebridge/util/json_writer.hpp"

#include <algorithm>
#include <charconv>
#include <set>

namespace issuebridge::sandbox {

namespace {

struct SearchRequest {
    std::string jql;
    std::string next_page_token;
    std::optional<std::int64_t> max_results;
    std::vector<std::string> fields;
    std::vector<std::string> properties;
    std::set<std::int64_t> reconcile;
};

std::optional<std::int64_t> to_int(std::string_view s) {
    std::int64_t v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    return r.ec == std::errc() && r.ptr == s.data() + s.size() ? std::optional(v) : std::nullopt;
}

std::string from_query(const httplib::Request& req, SearchRequest& out) {
    out.jql = req.get_param_value("jql");
    out.next_page_token = req.get_param_value("nextPageToken");
    if (req.has_param("maxResults")) {
        out.max_results = to_int(req.get_param_value("maxResults"));
        if (!out.max_results) {
            return "The value '" + req.get_param_value("maxResults") +
                   "' is invalid for the parameter 'maxResults'.";
        }
    }
    for (const char* name : {"fields", "properties", "reconcileIssues"}) {
        std::vector<std::string> values;
        for (std::size_t i = 0; i < req.get_param_value_count(name); ++i) {
            values.push_back(req.get_param_value(name, i));
        }
        if (std::string_view(name) == "fields") {
            out.fields = values;
        } else if (std::string_view(name) == "properties") {
            out.properties = split_list(values);
        } else {
            for (const auto& id : split_list(values)) {
                const auto n = to_int(id);
                if (!n) {
                    return "The value '" + id + "' is invalid for the parameter 'reconcileIssues'.";
                }
                out.reconcile.insert(*n);
            }
        }
    }
    return "";
}

std::string from_body(const std::string& text, SearchRequest& out) {
    static const std::set<std::string> k_allowed{"expand",     "fields",         "fieldsByKeys",
                                                 "jql",        "maxResults",     "nextPageToken",
                                                 "properties", "reconcileIssues"};
    const auto body = Json::parse(text);
    if (!body || !body->is_object()) {
        return "Invalid request payload. Refer to the REST API documentation and try again.";
    }
    bool bad = false;
    for (const auto& [key, value] : body->as_object()) {
        bad = bad || k_allowed.count(key) == 0;
    }
    out.jql = get_string(*body, "jql", bad).value_or("");
    out.next_page_token = get_string(*body, "nextPageToken", bad).value_or("");
    out.max_results = get_int(*body, "maxResults", bad);
    out.fields = get_strings(*body, "fields", bad).value_or(std::vector<std::string>{});
    out.properties = get_strings(*body, "properties", bad).value_or(std::vector<std::string>{});
    if (const Json* ids = body->get("reconcileIssues"); ids != nullptr && ids->is_array()) {
        for (const auto& id : ids->as_array()) {
            bad = bad || !id.is_int();
            out.reconcile.insert(id.is_int() ? id.as_int() : 0);
        }
    } else {
        bad = bad || (ids != nullptr && !ids->is_null());
    }
    return bad ? "Invalid request payload. Refer to the REST API documentation and try again." : "";
}

// The token is opaque to clients; it names the query it belongs to so it cannot be replayed on
// another one.
std::string make_token(const std::string& jql, std::size_t offset) {
    return base64_encode(digest_hex(jql).substr(0, 8) + ":" + std::to_string(offset));
}

std::optional<std::size_t> read_token(const std::string& jql, const std::string& token) {
    if (token.empty()) {
        return 0;
    }
    const auto decoded = base64_decode(token);
    if (!decoded || decoded->size() < 10 ||
        decoded->substr(0, 9) != digest_hex(jql).substr(0, 8) + ":") {
        return std::nullopt;
    }
    const auto n = to_int(decoded->substr(9));
    return n && *n >= 0 ? std::optional<std::size_t>(static_cast<std::size_t>(*n)) : std::nullopt;
}

// What the index shows of each issue at `horizon_ms`; reconciled issues are read as they are now.
std::vector<JqlView> visible(const JiraData& data, const std::set<std::int64_t>& reconcile,
                             std::int64_t horizon_ms) {
    std::vector<JqlView> views;
    for (const auto& [id, issue] : data.issues) {
        if (reconcile.count(id) > 0) {
            views.push_back({&issue, &issue.labels, &issue.status, issue.updated_ms});
            continue;
        }
        const IndexEntry* seen = nullptr;
        for (const auto& entry : issue.index) {
            if (entry.at_ms <= horizon_ms) {
                seen = &entry;
            }
        }
        if (seen != nullptr) {
            views.push_back({&issue, &seen->labels, &seen->status, seen->updated_ms});
        }
    }
    return views;
}

std::string check_request(const SearchRequest& r) {
    if (r.reconcile.size() > 50) {
        return "The reconcileIssues parameter accepts at most 50 issue ids.";
    }
    if (r.properties.size() > 5) {
        return "The properties parameter accepts at most 5 issue properties.";
    }
    return "";
}

void search(Services& services, Call& call, const SearchRequest& request) {
    if (std::string error = check_request(request); !error.empty()) {
        return reply_jira(call.res, 400, error_body(error));
    }
    const std::int64_t now = services.clock.now_ms();
    auto parsed = parse_jql(request.jql, now);
    if (auto* error = std::get_if<JqlError>(&parsed)) {
        ErrorCollection errors;
        errors.messages = error->messages;
        return reply_jira(call.res, 400, errors.to_json());
    }
    JqlQuery query = std::get<JqlQuery>(std::move(parsed));
    if (query.clauses.empty()) {
        return reply_jira(call.res, 400,
                          error_body("Unbounded JQL queries are not allowed here. Please add a "
                                     "search restriction to your query."));
    }
    const auto offset = read_token(request.jql, request.next_page_token);
    if (!offset) {
        return reply_jira(call.res, 400,
                          error_body("The provided next page token is invalid or expired."));
    }
    const BeanOptions options{FieldSelection::parse(request.fields, false), request.properties,
                              false};
    const std::int64_t cap = options.fields.ids_only() ? 5000 : 100;
    const auto page_size = static_cast<std::size_t>(
        std::clamp<std::int64_t>(request.max_results.value_or(50), 1, cap));
    ErrorCollection errors;
    std::string reply;
    services.store.with([&](State& s) {
        JiraData& jira = s.get<JiraData>();
        errors.messages = resolve_jql_values(query, jira);
        if (!errors.empty()) {
            return;
        }
        std::vector<JqlView> views = visible(jira, request.reconcile, now - jira.search_lag_ms);
        views.erase(std::remove_if(views.begin(), views.end(),
                                   [&](const JqlView& v) { return !jql_matches(query, v); }),
                    views.end());
        std::sort(views.begin(), views.end(),
                  [&](const JqlView& a, const JqlView& b) { return jql_before(query, a, b); });
        util::JsonWriter w;
        w.begin_object().key("issues").begin_array();
        for (std::size_t i = *offset; i < views.size() && i < *offset + page_size; ++i) {
            write_issue_bean(w, s.get<JiraData>(), *views[i].issue, options, call.origin());
        }
        w.end_array();
        const bool last = *offset + page_size >= views.size();
        if (!last) {
            w.field("nextPageToken", make_token(request.jql, *offset + page_size));
        }
        reply = w.field("isLast", last).end_object().take();
    });
    if (!errors.empty()) {
        return reply_jira(call.res, 400, errors.to_json());
    }
    reply_jira(call.res, 200, std::move(reply));
}

// Data Center: POST /search's SearchRequestBean, or GET /search's query.
struct DcSearchRequest {
    std::string jql;
    std::int64_t start_at = 0;
    std::int64_t max_results = 50; // "defaults to 50"
    std::vector<std::string> fields;
    bool validate = true;
};

std::string dc_from_body(const std::string& text, DcSearchRequest& out) {
    static const std::set<std::string> k_allowed{"expand",  "fields",     "jql",
                                                 "startAt", "maxResults", "validateQuery"};
    const auto body = Json::parse(text);
    if (!body || !body->is_object()) {
        return "Invalid request payload. Refer to the REST API documentation and try again.";
    }
    bool bad = false;
    for (const auto& [key, value] : body->as_object()) {
        bad = bad || k_allowed.count(key) == 0;
    }
    out.jql = get_string(*body, "jql", bad).value_or("");
    out.start_at = get_int(*body, "startAt", bad).value_or(0);
    out.max_results = get_int(*body, "maxResults", bad).value_or(50);
    out.fields = get_strings(*body, "fields", bad).value_or(std::vector<std::string>{});
    get_strings(*body, "expand", bad); // accepted; the sandbox has no expansions
    out.validate = get_bool(*body, "validateQuery", bad).value_or(true);
    return bad ? "Invalid request payload. Refer to the REST API documentation and try again." : "";
}

std::string dc_from_query(const httplib::Request& req, DcSearchRequest& out) {
    out.jql = req.get_param_value("jql");
    for (const auto& [name, value] :
         {std::pair{"startAt", &out.start_at}, std::pair{"maxResults", &out.max_results}}) {
        if (req.has_param(name)) {
            const auto n = to_int(req.get_param_value(name));
            if (!n) {
                return "The value '" + req.get_param_value(name) +
                       "' is invalid for the parameter '" + name + "'.";
            }
            *value = *n;
        }
    }
    for (std::size_t i = 0; i < req.get_param_value_count("fields"); ++i) {
        out.fields.push_back(req.get_param_value("fields", i));
    }
    out.validate = req.get_param_value("validateQuery") != "false";
    return "";
}

// startAt pages of at most the instance's cap (a larger request is cut silently; the answer says
// the maxResults used), `total`, and an error past the search platform's 10,000-result window.
// Unvalidated, unknown values (a deleted issue's key) are warnings instead of a 400.
void dc_search(Services& services, Call& call, DcSearchRequest request) {
    const std::int64_t now = services.clock.now_ms();
    auto parsed = parse_jql(request.jql, now);
    if (auto* error = std::get_if<JqlError>(&parsed)) {
        ErrorCollection errors;
        errors.messages = error->messages;
        return reply_jira(call.res, 400, errors.to_json());
    }
    if (request.start_at < 0) {
        return reply_jira(call.res, 400, error_body("startAt must not be negative."));
    }
    JqlQuery query = std::get<JqlQuery>(std::move(parsed));
    const BeanOptions options{FieldSelection::parse(request.fields, false), {}, false};
    ErrorCollection errors;
    std::vector<std::string> warnings;
    std::string reply;
    services.store.with([&](State& s) {
        JiraData& jira = s.get<JiraData>();
        const std::int64_t page =
            std::clamp<std::int64_t>(request.max_results, 0, jira.dc.max_results);
        // Past the window: a 400, or (some versions) an empty page whose `total` still counts every
        // match.
        const bool past_window = request.start_at + page > jira.dc.window;
        if (past_window && !jira.dc.window_empty) {
            errors.messages.push_back(
                "Search limit exceeded. We couldn't complete your search because it requests " +
                std::to_string(request.start_at + page) +
                " results which exceeded the search platform limit of " +
                std::to_string(jira.dc.window) + ".");
            return;
        }
        (request.validate ? errors.messages : warnings) = resolve_jql_values(query, jira);
        if (!errors.empty()) {
            return;
        }
        std::vector<JqlView> views = visible(jira, {}, now - jira.search_lag_ms);
        views.erase(std::remove_if(views.begin(), views.end(),
                                   [&](const JqlView& v) { return !jql_matches(query, v); }),
                    views.end());
        std::sort(views.begin(), views.end(),
                  [&](const JqlView& a, const JqlView& b) { return jql_before(query, a, b); });
        const auto start = past_window ? views.size() : static_cast<std::size_t>(request.start_at);
        util::JsonWriter w;
        w.begin_object()
            .field("expand", "schema,names")
            .field("startAt", request.start_at)
            .field("maxResults", page)
            .field("total", static_cast<std::int64_t>(views.size()));
        if (!warnings.empty()) {
            w.key("warningMessages").begin_array();
            for (const auto& m : warnings) {
                w.value(m);
            }
            w.end_array();
        }
        w.key("issues").begin_array();
        for (std::size_t i = start; i < views.size() && i < start + static_cast<std::size_t>(page);
             ++i) {
            write_issue_bean(w, jira, *views[i].issue, options, call.origin());
        }
        reply = w.end_array().end_object().take();
    });
    if (!errors.empty()) {
        return reply_jira(call.res, 400, errors.to_json());
    }
    reply_jira(call.res, 200, std::move(reply));
}

} // namespace

void register_jira_dc_search(Router& router, Services& services, const ApiProfile& profile,
                             std::string_view base) {
    Services* s = &services;
    router.api(profile, Method::get, base, "/search", [s](Call& c) {
        DcSearchRequest request;
        if (std::string error = dc_from_query(c.req, request); !error.empty()) {
            return reply_jira(c.res, 400, error_body(error));
        }
        dc_search(*s, c, std::move(request));
    });
    router.api(profile, Method::post, base, "/search", [s](Call& c) {
        DcSearchRequest request;
        if (std::string error = dc_from_body(c.req.body, request); !error.empty()) {
            return reply_jira(c.res, 400, error_body(error));
        }
        dc_search(*s, c, std::move(request));
    });
}

void register_jira_search(Router& router, Services& services, const ApiProfile& profile) {
    Services* s = &services;
    router.api(profile, Method::get, "/rest/api/3", "/search/jql", [s](Call& c) {
        SearchRequest request;
        if (std::string error = from_query(c.req, request); !error.empty()) {
            return reply_jira(c.res, 400, error_body(error));
        }
        search(*s, c, request);
    });
    router.api(profile, Method::post, "/rest/api/3", "/search/jql", [s](Call& c) {
        SearchRequest request;
        if (std::string error = from_body(c.req.body, request); !error.empty()) {
            return reply_jira(c.res, 400, error_body(error));
        }
        search(*s, c, request);
    });
}

} // namespace issuebridge::sandbox
