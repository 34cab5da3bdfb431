// GitHub REST as a target writes it: POST /repos/{owner}/{repo}/issues, PATCH
// .../issues/{issue_number} (a "milestone" by number), GET and POST .../labels and .../milestones,
// GET /user (at the github.com root and under
// /api/v3); GitHub's secondary limit on content creation when the admin API sets one (POST
// /_sandbox/github/content-limit); and the admin hooks for a repository's access (PUT
// /_sandbox/github/repos/{owner}/{repo}/access).

#include "github_json.hpp"
#include "github_list.hpp"
#include "github_module.hpp"
#include "services.hpp"

#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/strings.hpp"

#include <algorithm>

namespace issuebridge::sandbox {

namespace {

constexpr std::string_view k_create_docs =
    "https://docs.github.com/rest/issues/issues#create-an-issue";
constexpr std::string_view k_update_docs =
    "https://docs.github.com/rest/issues/issues#update-an-issue";
constexpr std::string_view k_labels_docs = "https://docs.github.com/rest/issues/labels";
constexpr std::string_view k_milestones_docs = "https://docs.github.com/rest/issues/milestones";
constexpr std::string_view k_secondary_docs =
    "https://docs.github.com/rest/using-the-rest-api/"
    "rate-limits-for-the-rest-api#about-secondary-rate-limits";

std::string error_body(std::string_view message, std::string_view docs, int status) {
    util::JsonWriter w;
    w.begin_object()
        .field("message", message)
        .field("documentation_url", docs)
        .field("status", std::to_string(status))
        .end_object();
    return w.take();
}

// 422 as GitHub words it: {"message":"Validation Failed","errors":[{"resource","code","field"}]}.
std::string validation_error(std::string_view resource, std::string_view field,
                             std::string_view code, std::string_view docs) {
    util::JsonWriter w;
    w.begin_object().field("message", "Validation Failed").key("errors").begin_array();
    w.begin_object()
        .field("resource", resource)
        .field("code", code)
        .field("field", field)
        .end_object();
    w.end_array().field("documentation_url", docs).field("status", "422").end_object();
    return w.take();
}

GhUrls urls_of(const Call& call) {
    return {call.origin() + std::string(call.prefix), call.origin()};
}

// The content-creation limit, when set: more than `per_minute` writes in the last 60 s, or a write
// sooner than `min_interval_ms` after the previous one, is refused as GitHub refuses it. Returns
// the seconds to wait, or 0.
std::int64_t secondary_wait(GitHubData& d, std::int64_t now_ms) {
    ContentLimit& l = d.content_limit;
    if (l.per_minute <= 0 && l.min_interval_ms <= 0) {
        return 0;
    }
    std::erase_if(l.writes_ms, [now_ms](std::int64_t t) { return t <= now_ms - 60'000; });
    std::int64_t wait_ms = 0;
    if (l.per_minute > 0 && static_cast<std::int64_t>(l.writes_ms.size()) >= l.per_minute) {
        wait_ms = l.writes_ms.front() + 60'000 - now_ms;
    }
    if (l.min_interval_ms > 0 && !l.writes_ms.empty() &&
        now_ms - l.writes_ms.back() < l.min_interval_ms) {
        wait_ms = std::max(wait_ms, l.writes_ms.back() + l.min_interval_ms - now_ms);
    }
    if (wait_ms > 0) {
        ++l.refused;
        return std::max<std::int64_t>(1, (wait_ms + 999) / 1000);
    }
    l.writes_ms.push_back(now_ms);
    return 0;
}

bool refuse_if_limited(Services& services, Call& call, GitHubData& d) {
    const std::int64_t wait = secondary_wait(d, services.clock.now_ms());
    if (wait == 0) {
        return false;
    }
    reply_json(
        call.res, 403,
        error_body("You have exceeded a secondary rate limit. Please wait a few minutes before you "
                   "try again. "
                   "If you reach out to GitHub Support for help, please include the request ID.",
                   k_secondary_docs, 403));
    call.res.set_header("retry-after", std::to_string(wait));
    return true;
}

// Only what the REST API takes in these bodies: the admin forms' extra keys (number, user, break,
// ...) are not GitHub's and are refused.
std::string api_fields(const Json& body, std::initializer_list<std::string_view> allowed) {
    if (!body.is_object()) {
        return "the body must be a JSON object";
    }
    for (const auto& [key, value] : body.as_object()) {
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            return key;
        }
    }
    return "";
}

// The API's "milestone" of an issue create or update: the number of one of the repository's
// milestones (an integer, or its digits as a string, as the spec's oneOf allows) or null for none.
// `given` is false when the body has none; `bad` when it names no milestone of the repository
// (GitHub: 422, field milestone, code invalid).
struct MilestoneField {
    bool given = false;
    bool bad = false;
    std::optional<int> number;
};

MilestoneField milestone_field(const GhRepo& repo, const Json& body) {
    MilestoneField f;
    const Json* v = body.get("milestone");
    if (v == nullptr) {
        return f;
    }
    f.given = true;
    if (v->is_null()) {
        return f;
    }
    std::optional<std::int64_t> n;
    if (v->is_int()) {
        n = v->as_int();
    } else if (v->is_string() && !v->as_string().empty() && v->as_string().size() <= 9 &&
               v->as_string().find_first_not_of("0123456789") == std::string::npos) {
        n = std::stoll(v->as_string());
    }
    const bool known = n && std::any_of(repo.milestones.begin(), repo.milestones.end(),
                                        [&](const GhMilestone& m) { return m.number == *n; });
    f.bad = !known;
    f.number = known ? std::optional(static_cast<int>(*n)) : std::nullopt;
    return f;
}

// `body` without `key`.
Json without(const Json& body, std::string_view key) {
    Json::Object kept;
    for (const auto& [k, v] : body.as_object()) {
        if (k != key) {
            kept.emplace_back(k, v);
        }
    }
    return Json(std::move(kept));
}

void create_issue_route(Services& services, Call& call) {
    const auto body = Json::parse(call.req.body);
    int status = 0;
    std::string reply;
    std::string location;
    services.store.with([&](State& s) {
        GitHubData& d = s.get<GitHubData>();
        GhRepo* repo = find_repo(d, call.param(0), call.param(1));
        if (repo == nullptr) {
            status = 404;
            reply = error_body("Not Found", k_create_docs, 404);
            return;
        }
        if (!repo->has_issues) {
            status = 410;
            reply = error_body("Issues are disabled for this repo", k_create_docs, 410);
            return;
        }
        bool bad = false;
        if (!body ||
            !api_fields(*body, {"title", "body", "labels", "assignees", "assignee", "milestone"})
                 .empty() ||
            !get_string(*body, "title", bad) || bad) {
            status = 422;
            reply = validation_error("Issue", "title", body && !bad ? "missing_field" : "invalid",
                                     k_create_docs);
            return;
        }
        const MilestoneField milestone = milestone_field(*repo, *body);
        if (milestone.bad) {
            status = 422;
            reply = validation_error("Issue", "milestone", "invalid", k_create_docs);
            return;
        }
        if (refuse_if_limited(services, call, d)) {
            return;
        }
        const CreateResult r =
            create_issue(d, *repo, without(*body, "milestone"), services.clock.now_s());
        if (!r.error.empty()) {
            status = 422;
            reply = validation_error("Issue", "labels", "invalid", k_create_docs);
            return;
        }
        GhIssue& issue = repo->issues.at(r.number);
        issue.user = "sandbox-bot";
        issue.milestone = milestone.number;
        util::JsonWriter w;
        write_issue(w, d, *repo, issue, urls_of(call));
        status = 201;
        reply = w.take();
        location = urls_of(call).api + "/repos/" + repo->owner + "/" + repo->name + "/issues/" +
                   std::to_string(r.number);
    });
    if (status == 0) {
        return; // refused by the secondary limit
    }
    if (!location.empty()) {
        call.res.set_header("Location", location);
    }
    reply_json(call.res, status, std::move(reply));
}

void update_issue_route(Services& services, Call& call) {
    const auto body = Json::parse(call.req.body);
    int status = 0;
    std::string reply;
    services.store.with([&](State& s) {
        GitHubData& d = s.get<GitHubData>();
        GhRepo* repo = find_repo(d, call.param(0), call.param(1));
        const std::string number = call.param(2);
        GhIssue* issue = nullptr;
        if (repo != nullptr && number.size() <= 9 &&
            number.find_first_not_of("0123456789") == std::string::npos) {
            const auto it = repo->issues.find(std::stoi(number));
            issue = it == repo->issues.end() ? nullptr : &it->second;
        }
        if (issue == nullptr) {
            status = 404;
            reply = error_body("Not Found", k_update_docs, 404);
            return;
        }
        const std::string unknown =
            body ? api_fields(*body, {"title", "body", "labels", "assignees", "assignee", "state",
                                      "state_reason", "milestone"})
                 : std::string("body");
        if (!unknown.empty()) {
            status = 422;
            reply = validation_error("Issue", unknown, "invalid", k_update_docs);
            return;
        }
        const MilestoneField milestone = milestone_field(*repo, *body);
        if (milestone.bad) {
            status = 422;
            reply = validation_error("Issue", "milestone", "invalid", k_update_docs);
            return;
        }
        if (refuse_if_limited(services, call, d)) {
            return;
        }
        // GitHub: "state_reason ... Ignored unless state is changed"; null clears it.
        Json patch = without(*body, "milestone");
        const Json* reason = body->get("state_reason");
        const bool clear_reason = reason != nullptr && reason->is_null();
        if (clear_reason) {
            patch = without(patch, "state_reason");
        }
        if (std::string error = patch_issue(d, *repo, *issue, patch, services.clock.now_s());
            !error.empty()) {
            status = 422;
            reply = validation_error("Issue", "body", "invalid", k_update_docs);
            return;
        }
        if (milestone.given) {
            issue->milestone = milestone.number;
        }
        if (clear_reason && issue->open) {
            issue->state_reason.reset();
        }
        // What the PATCH changed, beside its route's count, so tests can tell edits from closes and
        // reopens.
        const std::string route =
            "PATCH " + std::string(call.prefix) + "/repos/{owner}/{repo}/issues/{issue_number}";
        if (body->get("state") != nullptr) {
            services.requests.record("github", route + " [state]", "200");
        }
        for (const char* field :
             {"title", "body", "labels", "assignees", "assignee", "milestone"}) {
            if (body->get(field) != nullptr) {
                services.requests.record("github", route + " [fields]", "200");
                break;
            }
        }
        util::JsonWriter w;
        write_issue(w, d, *repo, *issue, urls_of(call));
        status = 200;
        reply = w.take();
    });
    if (status != 0) {
        reply_json(call.res, status, std::move(reply));
    }
}

// A paged listing of one repository's `what` ("labels", "milestones") as GitHub serves it: per_page
// (30, at most 100) and page, with a Link header; 404 when there is no such repository. `items`
// gives the repository's entries, in order; `write` writes one of them.
template <typename Items, typename Write>
void paged_route(Services& services, Call& call, std::string_view what, std::string_view docs,
                 Items items, Write write) {
    std::string reply;
    std::string link;
    bool found = false;
    services.store.with([&](State& s) {
        GitHubData& d = s.get<GitHubData>();
        GhRepo* repo = find_repo(d, call.param(0), call.param(1));
        if (repo == nullptr) {
            return;
        }
        found = true;
        const auto number = [&](const char* key, int fallback) {
            const std::string v = call.req.get_param_value(key);
            return v.empty() || v.size() > 6 ||
                           v.find_first_not_of("0123456789") != std::string::npos
                       ? fallback
                       : std::max(1, std::stoi(v));
        };
        const int per_page = std::min(100, number("per_page", 30));
        const int page = number("page", 1);
        const auto all = items(*repo);
        const int count = static_cast<int>(all.size());
        const int last = std::max(1, (count + per_page - 1) / per_page);
        const GhUrls urls = urls_of(call);
        const std::string repo_url = urls.api + "/repos/" + repo->owner + "/" + repo->name;
        util::JsonWriter w;
        w.begin_array();
        for (int i = (page - 1) * per_page; i < std::min(count, page * per_page); ++i) {
            write(w, d, *repo, *all[static_cast<std::size_t>(i)], urls, repo_url);
        }
        w.end_array();
        reply = w.take();
        link = link_header(repo_url + "/" + std::string(what), call.req.target, page, last);
    });
    if (!found) {
        return reply_json(call.res, 404, error_body("Not Found", docs, 404));
    }
    if (!link.empty()) {
        call.res.set_header("Link", link);
    }
    reply_json(call.res, 200, std::move(reply));
}

// GET /repos/{owner}/{repo}/labels, by name.
void list_labels_route(Services& services, Call& call) {
    paged_route(
        services, call, "labels", k_labels_docs,
        [](const GhRepo& repo) {
            std::vector<const GhLabel*> all;
            for (const auto& [name, label] : repo.labels) {
                all.push_back(&label);
            }
            return all;
        },
        [](util::JsonWriter& w, const GitHubData&, const GhRepo&, const GhLabel& label,
           const GhUrls&, const std::string& repo_url) {
            w.begin_object()
                .field("id", label.id)
                .field("url", repo_url + "/labels/" + util::url_encode(label.name))
                .field("name", label.name)
                .field("color", label.color)
                .key("description");
            label.description ? w.value(*label.description) : w.null();
            w.field("default", label.is_default).end_object();
        });
}

// GET /repos/{owner}/{repo}/milestones: state open (the default), closed or all; by number.
void list_milestones_route(Services& services, Call& call) {
    const std::string state =
        call.req.has_param("state") ? call.req.get_param_value("state") : "open";
    paged_route(
        services, call, "milestones", k_milestones_docs,
        [&](const GhRepo& repo) {
            std::vector<const GhMilestone*> shown;
            for (const auto& m : repo.milestones) {
                if (state == "all" || (state == "closed") != m.open) {
                    shown.push_back(&m);
                }
            }
            return shown;
        },
        write_milestone);
}

// POST /repos/{owner}/{repo}/milestones {"title", "state", "description", "due_on"}: 201 with the
// milestone; a title the repository has already is 422 already_exists.
void create_milestone_route(Services& services, Call& call) {
    const auto body = Json::parse(call.req.body);
    int status = 0;
    std::string reply;
    services.store.with([&](State& s) {
        GitHubData& d = s.get<GitHubData>();
        GhRepo* repo = find_repo(d, call.param(0), call.param(1));
        if (repo == nullptr) {
            status = 404;
            reply = error_body("Not Found", k_milestones_docs, 404);
            return;
        }
        bool bad = false;
        const auto title = body ? get_string(*body, "title", bad) : std::nullopt;
        const auto state = body ? get_string(*body, "state", bad) : std::nullopt;
        if (!title || title->empty() || bad ||
            !api_fields(*body, {"title", "state", "description", "due_on"}).empty() ||
            (state && *state != "open" && *state != "closed")) {
            status = 422;
            reply = validation_error("Milestone", "title", title ? "invalid" : "missing_field",
                                     k_milestones_docs);
            return;
        }
        for (const auto& m : repo->milestones) {
            if (m.title == *title) {
                status = 422;
                reply = validation_error("Milestone", "title", "already_exists", k_milestones_docs);
                return;
            }
        }
        if (refuse_if_limited(services, call, d)) {
            return;
        }
        std::string error;
        const auto number = register_milestone(d, *repo, *body, services.clock.now_s(), error);
        const GhUrls urls = urls_of(call);
        util::JsonWriter w;
        write_milestone(w, d, *repo, repo->milestones.at(static_cast<std::size_t>(*number - 1)),
                        urls, urls.api + "/repos/" + repo->owner + "/" + repo->name);
        status = 201;
        reply = w.take();
    });
    if (status != 0) {
        reply_json(call.res, status, std::move(reply));
    }
}

void create_label_route(Services& services, Call& call) {
    const auto body = Json::parse(call.req.body);
    int status = 0;
    std::string reply;
    services.store.with([&](State& s) {
        GitHubData& d = s.get<GitHubData>();
        GhRepo* repo = find_repo(d, call.param(0), call.param(1));
        if (repo == nullptr) {
            status = 404;
            reply = error_body("Not Found", k_labels_docs, 404);
            return;
        }
        bool bad = false;
        const auto name = body ? get_string(*body, "name", bad) : std::nullopt;
        const auto color = body ? get_string(*body, "color", bad) : std::nullopt;
        if (!name || name->empty() || name->size() > 50 || bad ||
            !api_fields(*body, {"name", "color", "description"}).empty()) {
            status = 422;
            reply = validation_error("Label", "name", "invalid", k_labels_docs);
            return;
        }
        if (color && (color->size() != 6 ||
                      color->find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)) {
            status = 422;
            reply = validation_error("Label", "color", "invalid", k_labels_docs);
            return;
        }
        for (const auto& [existing, label] : repo->labels) {
            if (util::to_lower(existing) == util::to_lower(*name)) {
                status = 422;
                reply = validation_error("Label", "name", "already_exists", k_labels_docs);
                return;
            }
        }
        if (refuse_if_limited(services, call, d)) {
            return;
        }
        GhLabel label{d.next_label_id++, *name, color.value_or("ededed"),
                      get_string(*body, "description", bad), false};
        repo->labels.emplace(*name, label);
        ++repo->labels_created;
        util::JsonWriter w;
        w.begin_object()
            .field("id", label.id)
            .field("name", label.name)
            .field("color", label.color);
        w.key("description");
        label.description ? w.value(*label.description) : w.null();
        w.field("default", false).end_object();
        status = 201;
        reply = w.take();
    });
    if (status != 0) {
        reply_json(call.res, status, std::move(reply));
    }
}

void user_route(Services&, Call& call) {
    util::JsonWriter w;
    w.begin_object()
        .field("login", "sandbox-bot")
        .field("id", std::int64_t{41898282})
        .field("type", "User")
        .field("html_url", call.origin() + "/sandbox-bot")
        .end_object();
    reply_json(call.res, 200, w.take());
}

// PUT /_sandbox/github/repos/{owner}/{repo}/access {"push":bool,"has_issues":bool}: what the token
// may do there.
void put_access(Services& services, Call& call) {
    const auto body = Json::parse(call.req.body);
    if (!body || !body->is_object()) {
        return reply_admin_error(call.res, 400,
                                 "the body is a JSON object {\"push\":bool,\"has_issues\":bool}");
    }
    bool bad = false;
    const auto push = get_bool(*body, "push", bad);
    const auto has_issues = get_bool(*body, "has_issues", bad);
    if (bad) {
        return reply_admin_error(call.res, 400, "push and has_issues are booleans");
    }
    services.store.with([&](State& s) {
        GhRepo& repo =
            ensure_repo(s.get<GitHubData>(), call.param(0), call.param(1), services.clock.now_s());
        repo.push = push.value_or(repo.push);
        repo.has_issues = has_issues.value_or(repo.has_issues);
    });
    reply_json(call.res, 200, "{}");
}

// POST /_sandbox/github/content-limit {"per_minute":80,"min_interval_ms":1000}: GitHub's secondary
// limit on content creation, for every write route above; zeros turn it off. GET gives the settings
// and how many writes it refused.
void post_content_limit(Services& services, Call& call) {
    const auto body = Json::parse(call.req.body);
    bool bad = false;
    const auto per_minute = body ? get_int(*body, "per_minute", bad) : std::nullopt;
    const auto interval = body ? get_int(*body, "min_interval_ms", bad) : std::nullopt;
    if (!body || bad) {
        return reply_admin_error(call.res, 400,
                                 "the body is {\"per_minute\":N,\"min_interval_ms\":M}");
    }
    services.store.with([&](State& s) {
        ContentLimit& l = s.get<GitHubData>().content_limit;
        l = ContentLimit{};
        l.per_minute = per_minute.value_or(0);
        l.min_interval_ms = interval.value_or(0);
    });
    reply_json(call.res, 200, "{}");
}

void get_content_limit(Services& services, Call& call) {
    util::JsonWriter w;
    services.store.with([&](State& s) {
        const ContentLimit& l = s.get<GitHubData>().content_limit;
        w.begin_object()
            .field("per_minute", l.per_minute)
            .field("min_interval_ms", l.min_interval_ms)
            .field("refused", l.refused)
            .end_object();
    });
    reply_json(call.res, 200, w.take());
}

// GET /_sandbox/github/repos/{owner}/{repo}/labels: every label with its colour, and how many the
// API created.
void get_labels(Services& services, Call& call) {
    util::JsonWriter w;
    bool found = false;
    services.store.with([&](State& s) {
        const GhRepo* repo = find_repo(s.get<GitHubData>(), call.param(0), call.param(1));
        if (repo == nullptr) {
            return;
        }
        found = true;
        w.begin_object().field("created_by_api", repo->labels_created).key("labels").begin_array();
        for (const auto& [name, label] : repo->labels) {
            w.begin_object().field("name", name).field("color", label.color).end_object();
        }
        w.end_array().end_object();
    });
    if (!found) {
        return reply_admin_error(call.res, 404,
                                 "no repository " + call.param(0) + "/" + call.param(1));
    }
    reply_json(call.res, 200, w.take());
}

// GET /_sandbox/github/repos/{owner}/{repo}/issues: every issue and pull request as the API shows
// them, oldest first, uncounted (the tests' view of a target repository).
void get_issues(Services& services, Call& call) {
    util::JsonWriter w;
    bool found = false;
    services.store.with([&](State& s) {
        GitHubData& d = s.get<GitHubData>();
        const GhRepo* repo = find_repo(d, call.param(0), call.param(1));
        if (repo == nullptr) {
            return;
        }
        found = true;
        w.begin_array();
        for (const auto& [number, issue] : repo->issues) {
            write_issue(w, d, *repo, issue, {call.origin(), call.origin()});
        }
        w.end_array();
    });
    if (!found) {
        return reply_admin_error(call.res, 404,
                                 "no repository " + call.param(0) + "/" + call.param(1));
    }
    reply_json(call.res, 200, w.take());
}

} // namespace

void register_github_write_api(Router& router, Services& services, const ApiProfile& profile) {
    Services* s = &services;
    for (const std::string_view prefix : {"", "/api/v3"}) {
        router.api(profile, Method::post, prefix, "/repos/{owner}/{repo}/issues",
                   [s](Call& c) { create_issue_route(*s, c); });
        router.api(profile, Method::patch, prefix, "/repos/{owner}/{repo}/issues/{issue_number}",
                   [s](Call& c) { update_issue_route(*s, c); });
        router.api(profile, Method::get, prefix, "/repos/{owner}/{repo}/labels",
                   [s](Call& c) { list_labels_route(*s, c); });
        router.api(profile, Method::post, prefix, "/repos/{owner}/{repo}/labels",
                   [s](Call& c) { create_label_route(*s, c); });
        router.api(profile, Method::get, prefix, "/repos/{owner}/{repo}/milestones",
                   [s](Call& c) { list_milestones_route(*s, c); });
        router.api(profile, Method::post, prefix, "/repos/{owner}/{repo}/milestones",
                   [s](Call& c) { create_milestone_route(*s, c); });
        router.api(profile, Method::get, prefix, "/user", [s](Call& c) { user_route(*s, c); });
    }
}

// POST /_sandbox/github/repos/{owner}/{repo}/milestones {"title", "description"?, "state"?}: a
// milestone made by hand (201 {"number"}); the same title again gives the same number.
void post_milestone(Services& services, Call& call) {
    const auto body = Json::parse(call.req.body);
    std::string error = body ? "" : "the body is {\"title\":\"...\"}";
    std::optional<int> number;
    if (body) {
        services.store.with([&](State& s) {
            GitHubData& d = s.get<GitHubData>();
            GhRepo& repo = ensure_repo(d, call.param(0), call.param(1), services.clock.now_s());
            number = register_milestone(d, repo, *body, services.clock.now_s(), error);
        });
    }
    if (!error.empty() || !number) {
        return reply_admin_error(call.res, 400,
                                 error.empty() ? "a milestone needs a title" : error);
    }
    reply_json(call.res, 201, "{\"number\":" + std::to_string(*number) + "}");
}

void register_github_write_admin(Router& router, Services& services) {
    Services* s = &services;
    router.admin(Method::put, "/_sandbox/github/repos/{owner}/{repo}/access",
                 [s](Call& c) { put_access(*s, c); });
    router.admin(Method::get, "/_sandbox/github/repos/{owner}/{repo}/labels",
                 [s](Call& c) { get_labels(*s, c); });
    router.admin(Method::get, "/_sandbox/github/repos/{owner}/{repo}/issues",
                 [s](Call& c) { get_issues(*s, c); });
    router.admin(Method::post, "/_sandbox/github/repos/{owner}/{repo}/milestones",
                 [s](Call& c) { post_milestone(*s, c); });
    router.admin(Method::post, "/_sandbox/github/content-limit",
                 [s](Call& c) { post_content_limit(*s, c); });
    router.admin(Method::get, "/_sandbox/github/content-limit",
                 [s](Call& c) { get_content_limit(*s, c); });
}

} // namespace issuebridge::sandbox
