// Asana API 1.0 as issuebridge uses it (asana_oas.yaml; API-FACTS §4, §4.1): users/me, projects
// and their sections and tasks (limit/offset pages with expiring offsets), tags, tasks (create,
// get by gid or external:<gid>, update, addTag/removeTag), section addTask, the batch API and
// events (asana_events.cpp). Errors use Asana's {"errors":[{"message"}]} envelope; 429s carry
// Retry-After. Requests act as the tokens' user: every change they make to a task is in the event
// log as theirs.

#include "asana_data.hpp"
#include "asana_events.hpp"
#include "asana_module.hpp"
#include "clock.hpp"
#include "services.hpp"

#include "issuebridge/util/strings.hpp"

#include <algorithm>
#include <functional>
#include <regex>

namespace issuebridge::sandbox {

namespace {

constexpr std::string_view k_base = "/api/1.0";

std::string bearer(const httplib::Request& req) {
    const std::string h = req.get_header_value("Authorization");
    return h.starts_with("Bearer ") ? h.substr(7) : std::string();
}

class AsanaProfile final : public ApiProfile {
public:
    explicit AsanaProfile(Services& services) : m_services(services) {}

    std::string_view name() const override { return "asana"; }

    bool authenticate(const httplib::Request& req) const override {
        return m_services.store.with(
            [&](State& s) { return s.get<AsanaData>().tokens.contains(bearer(req)); });
    }

    void unauthorized(httplib::Response& res) const override {
        reply_json(res, 401, asana_error("Not Authorized"));
    }

    void limited(httplib::Response& res, Admission why, const LimitStatus& status,
                 std::int64_t now_ms) const override {
        const std::int64_t reset_ms = why == Admission::burst ? now_ms + 1000 : status.reset_ms;
        const std::int64_t retry_s =
            std::max<std::int64_t>(1, floor_div(reset_ms - now_ms + 999, 1000));
        reply_json(res, 429,
                   asana_error("You've made too many requests and hit a rate limit. Please retry "
                               "after the given amount of time."));
        res.set_header("Retry-After", std::to_string(retry_s));
    }

    void server_error(httplib::Response& res) const override {
        reply_json(res, 500, asana_error("Server Error"));
    }

    void not_found(httplib::Response& res) const override {
        reply_json(res, 404, asana_error("Unknown object: the resource does not exist"));
    }

private:
    Services& m_services;
};

// Whether this request's token may use `external`, and what a PAT's attempt gets.
bool is_oauth(const AsanaData& d, const httplib::Request& req) {
    const auto it = d.tokens.find(bearer(req));
    return it != d.tokens.end() && it->second;
}

bool may_see_external(const AsanaData& d, const httplib::Request& req) {
    return is_oauth(d, req) || d.pat_external == PatExternal::allow;
}

std::set<std::string> opt_fields(const httplib::Request& req) {
    std::set<std::string> out;
    for (const auto& f : util::split(req.get_param_value("opt_fields"), ',')) {
        if (!f.empty()) {
            out.insert(f);
        }
    }
    return out;
}

void error(Call& call, int status, std::string_view message) {
    reply_json(call.res, status, asana_error(message));
}

void reply_data(Call& call, int status, const std::function<void(util::JsonWriter&)>& data) {
    util::JsonWriter w;
    w.begin_object().key("data");
    data(w);
    w.end_object();
    reply_json(call.res, status, w.take());
}

// The request's {"data": {...}}, or an error answered.
std::optional<Json> read_data(Call& call) {
    const auto body = Json::parse(call.req.body);
    const Json* data = body ? body->get("data") : nullptr;
    if (data == nullptr || !data->is_object()) {
        error(call, 400, "data: Missing input");
        return std::nullopt;
    }
    return *data;
}

// A task gid, or external:<gid> (API-FACTS §4: "the notation external:custom_gid ... anywhere").
AsanaTask* find_task(AsanaData& d, const httplib::Request& req, const std::string& ref,
                     std::string& why) {
    if (ref.starts_with("external:")) {
        if (!may_see_external(d, req)) {
            why = d.pat_external == PatExternal::reject
                      ? "external: OAuth Required: external data is visible to OAuth apps only"
                      : "Unknown object: " + ref;
            return nullptr;
        }
        const std::string gid = ref.substr(9);
        for (auto& [g, t] : d.tasks) {
            if (t.external_gid == gid) {
                return &t;
            }
        }
        why = "Unknown object: " + ref;
        return nullptr;
    }
    const auto it = d.tasks.find(ref);
    if (it == d.tasks.end()) {
        why = "Unknown object: " + ref;
        return nullptr;
    }
    return &it->second;
}

void answer_missing(Call& call, const std::string& why) {
    error(call, why.starts_with("external:") ? 400 : 404, why);
}

void get_me(Services& services, Call& call) {
    services.store.with([&](State& s) {
        const AsanaData& d = s.get<AsanaData>();
        const AsanaUser& u = d.users.front();
        reply_data(call, 200, [&](util::JsonWriter& w) {
            w.begin_object().field("gid", u.gid).field("resource_type", "user");
            w.field("name", u.name).field("email", u.email).key("workspaces").begin_array();
            w.begin_object().field("gid", d.workspace_gid).field("name", d.workspace_name);
            w.end_object().end_array().end_object();
        });
    });
}

void get_project(Services& services, Call& call) {
    services.store.with([&](State& s) {
        const AsanaData& d = s.get<AsanaData>();
        const auto it = d.projects.find(call.param(0));
        if (it == d.projects.end()) {
            return error(call, 404, "Unknown object: " + call.param(0));
        }
        reply_data(call, 200, [&](util::JsonWriter& w) {
            w.begin_object().field("gid", it->second.gid).field("resource_type", "project");
            w.field("name", it->second.name).key("workspace").begin_object();
            w.field("gid", d.workspace_gid)
                .field("name", d.workspace_name)
                .end_object()
                .end_object();
        });
    });
}

void get_sections(Services& services, Call& call) {
    services.store.with([&](State& s) {
        const AsanaData& d = s.get<AsanaData>();
        const auto it = d.projects.find(call.param(0));
        if (it == d.projects.end()) {
            return error(call, 404, "Unknown object: " + call.param(0));
        }
        reply_data(call, 200, [&](util::JsonWriter& w) {
            w.begin_array();
            for (const auto& [gid, name] : it->second.sections) {
                w.begin_object().field("gid", gid).field("resource_type", "section");
                w.field("name", name).end_object();
            }
            w.end_array();
        });
    });
}

// limit=1..100, else an error answered; 0 when absent (everything, as older endpoints do).
std::optional<std::int64_t> read_limit(Call& call) {
    if (!call.req.has_param("limit")) {
        return 0;
    }
    const std::string v = call.req.get_param_value("limit");
    std::int64_t n = 0;
    try {
        n = std::stoll(v);
    } catch (const std::exception&) {
        n = -1;
    }
    if (n < 1 || n > 100) {
        error(call, 400, "limit: Must be between 1 and 100");
        return std::nullopt;
    }
    return n;
}

// "<generation>.<issued ms>.<last gid>": only what this server handed out, and only for a while.
std::string make_offset(const AsanaData& d, std::int64_t now, const std::string& last) {
    return std::to_string(d.offset_generation) + "." + std::to_string(now) + "." + last;
}

// The gid after which the page starts ("" for the first), or an error answered.
std::optional<std::string> read_offset(Call& call, const AsanaData& d, std::int64_t now) {
    if (!call.req.has_param("offset")) {
        return std::string();
    }
    const auto parts = util::split(call.req.get_param_value("offset"), '.');
    std::int64_t generation = 0;
    std::int64_t issued = 0;
    try {
        if (parts.size() != 3) {
            throw std::invalid_argument("parts");
        }
        generation = std::stoll(parts[0]);
        issued = std::stoll(parts[1]);
    } catch (const std::exception&) {
        error(call, 400, "offset: Not a valid offset");
        return std::nullopt;
    }
    if (generation != d.offset_generation || now - issued > d.offset_ttl_ms) {
        error(call, 400,
              "offset: Your pagination token has expired. Please restart pagination from the "
              "beginning.");
        return std::nullopt;
    }
    return parts[2];
}

// Items after `after`, `limit` at most (0: all), with next_page when a limit was sent.
template <typename Range, typename Write>
void reply_page(Call& call, const AsanaData& d, std::int64_t now, const Range& items,
                std::int64_t limit, const std::string& after, Write write) {
    util::JsonWriter w;
    w.begin_object().key("data").begin_array();
    std::int64_t n = 0;
    std::string last;
    bool more = false;
    for (const auto* item : items) {
        if (!after.empty() && !(item->gid.size() > after.size() ||
                                (item->gid.size() == after.size() && item->gid > after))) {
            continue;
        }
        if (limit > 0 && n == limit) {
            more = true;
            break;
        }
        write(w, *item);
        last = item->gid;
        ++n;
    }
    w.end_array();
    if (limit > 0) {
        w.key("next_page");
        if (more) {
            const std::string offset = make_offset(d, now, last);
            w.begin_object().field("offset", offset);
            w.field("path", "/projects/tasks?limit=" + std::to_string(limit) + "&offset=" + offset);
            w.field("uri", call.origin() + std::string(k_base) + "/...?offset=" + offset);
            w.end_object();
        } else {
            w.null();
        }
    }
    w.end_object();
    reply_json(call.res, 200, w.take());
}

void list_project_tasks(Services& services, Call& call) {
    const std::int64_t now = services.clock.now_ms();
    services.store.with([&](State& s) {
        const AsanaData& d = s.get<AsanaData>();
        if (!d.projects.contains(call.param(0))) {
            return error(call, 404, "Unknown object: " + call.param(0));
        }
        const auto limit = read_limit(call);
        if (!limit) {
            return;
        }
        const auto after = read_offset(call, d, now);
        if (!after) {
            return;
        }
        std::vector<const AsanaTask*> tasks;
        for (const auto& [gid, t] : d.tasks) {
            if (t.project == call.param(0)) {
                tasks.push_back(&t);
            }
        }
        const auto fields = opt_fields(call.req);
        const bool external = may_see_external(d, call.req);
        reply_page(call, d, now, tasks, *limit, *after,
                   [&](util::JsonWriter& w, const AsanaTask& t) {
                       write_task(w, d, t, fields, external);
                   });
    });
}

struct TagView {
    std::string gid;
    std::string name;
};

void list_tags(Services& services, Call& call) {
    const std::int64_t now = services.clock.now_ms();
    services.store.with([&](State& s) {
        const AsanaData& d = s.get<AsanaData>();
        if (call.param(0) != d.workspace_gid) {
            return error(call, 404, "Unknown object: " + call.param(0));
        }
        const auto limit = read_limit(call);
        if (!limit) {
            return;
        }
        const auto after = read_offset(call, d, now);
        if (!after) {
            return;
        }
        std::vector<TagView> views;
        for (const auto& [gid, name] : d.tags) {
            views.push_back({gid, name});
        }
        std::vector<const TagView*> list;
        for (const auto& v : views) {
            list.push_back(&v);
        }
        reply_page(call, d, now, list, *limit, *after, [](util::JsonWriter& w, const TagView& t) {
            w.begin_object().field("gid", t.gid).field("resource_type", "tag");
            w.field("name", t.name).end_object();
        });
    });
}

void create_tag(Services& services, Call& call) {
    const auto data = read_data(call);
    if (!data) {
        return;
    }
    bool bad = false;
    const auto name = get_string(*data, "name", bad);
    const auto workspace = get_string(*data, "workspace", bad);
    services.store.with([&](State& s) {
        AsanaData& d = s.get<AsanaData>();
        if (bad || !name || name->empty()) {
            return error(call, 400, "name: Missing input");
        }
        if (!workspace || *workspace != d.workspace_gid) {
            return error(call, 400, "workspace: Missing input");
        }
        // Asana allows two tags of one name: a client that creates blindly duplicates them.
        const std::string gid = d.new_gid();
        d.tags[gid] = *name;
        reply_data(call, 201, [&](util::JsonWriter& w) {
            w.begin_object().field("gid", gid).field("resource_type", "tag").field("name", *name);
            w.end_object();
        });
    });
}

// Writes the fields of a create or update body onto `t`. "" or why the body is refused.
std::string apply_fields(AsanaData& d, const httplib::Request& req, const Json& data, AsanaTask& t,
                         bool create, std::int64_t now) {
    bool bad = false;
    const auto name = get_string(data, "name", bad);
    if (bad) {
        return "name: Value is not a string";
    }
    const auto notes = get_string(data, "notes", bad);
    const auto html = get_string(data, "html_notes", bad);
    if (bad) {
        return "notes: Value is not a string";
    }
    const auto completed = get_bool(data, "completed", bad);
    if (bad) {
        return "completed: Value is not a boolean";
    }
    if (notes && html) {
        return "You may only provide one of notes or html_notes";
    }
    if (html) {
        if (std::string why = check_html_notes(*html); !why.empty()) {
            return "html_notes: " + why;
        }
    }
    std::optional<std::string> assignee;
    bool unassign = false;
    if (const Json* a = data.get("assignee")) {
        if (a->is_null()) {
            unassign = true;
        } else if (!a->is_string() || d.user(a->as_string()) == nullptr) {
            return "assignee: Not a recognized user: " + (a->is_string() ? a->as_string() : "?");
        } else {
            assignee = d.user(a->as_string())->gid;
        }
    }
    std::optional<std::pair<std::string, std::string>> external;
    if (const Json* e = data.get("external")) {
        const auto gid = e->is_object() ? get_string(*e, "gid", bad) : std::nullopt;
        const auto blob = e->is_object() ? get_string(*e, "data", bad) : std::nullopt;
        if (bad || !gid || gid->empty() || gid->size() > 1024 || blob.value_or("").size() > 32768) {
            return "external: Invalid external data";
        }
        if (!is_oauth(d, req) && d.pat_external == PatExternal::reject) {
            return "external: OAuth Required: external data can only be set by OAuth apps";
        }
        if (is_oauth(d, req) || d.pat_external == PatExternal::allow) {
            external = std::pair{*gid, blob.value_or("")};
        }
    }
    if (create) {
        if (!name) {
            return "name: Missing input";
        }
        const auto tags = get_strings(data, "tags", bad);
        if (bad) {
            return "tags: Value is not an array of strings";
        }
        for (const auto& tag : tags.value_or(std::vector<std::string>{})) {
            if (!d.tags.contains(tag)) {
                return "tags: Unknown object: " + tag;
            }
            t.tags.push_back(tag);
        }
    } else if (data.get("tags") != nullptr) {
        return "tags: Cannot write this property; use addTag and removeTag";
    }
    if (name) {
        t.name = *name;
    }
    if (html) {
        t.html_notes = *html;
        t.notes = html_to_text(*html);
    } else if (notes) {
        t.notes = *notes;
        t.html_notes = text_to_html(*notes);
    }
    if (completed) {
        t.completed = *completed;
    }
    if (assignee) {
        t.assignee = *assignee;
    } else if (unassign) {
        t.assignee.clear();
    }
    if (external) {
        t.external_gid = external->first;
        t.external_data = external->second;
    }
    t.modified_ms = now;
    return "";
}

void create_task(Services& services, Call& call) {
    const auto data = read_data(call);
    if (!data) {
        return;
    }
    const std::int64_t now = services.clock.now_ms();
    services.store.with([&](State& s) {
        AsanaData& d = s.get<AsanaData>();
        bool bad = false;
        const auto projects = get_strings(*data, "projects", bad);
        if (bad || !projects || projects->size() != 1 || !d.projects.contains(projects->front())) {
            return error(call, 400, "projects: a task is created in one known project here");
        }
        AsanaTask t;
        t.project = projects->front();
        if (const Json* m = data->get("memberships");
            m && m->is_array() && !m->as_array().empty()) {
            const auto section = get_string(m->as_array().front(), "section", bad);
            const auto& sections = d.projects.at(t.project).sections;
            if (!section || std::none_of(sections.begin(), sections.end(),
                                         [&](const auto& p) { return p.first == *section; })) {
                return error(call, 400, "memberships: Unknown section");
            }
            t.section = *section;
        }
        // A task in a project is always in one of its sections (asana_oas.yaml:
        // memberships[].section is a SectionCompact, never null): without one named, the project's
        // first.
        if (const auto& sections = d.projects.at(t.project).sections;
            t.section.empty() && !sections.empty()) {
            t.section = sections.front().first;
        }
        if (std::string why = apply_fields(d, call.req, *data, t, true, now); !why.empty()) {
            return error(call, 400, why);
        }
        t.gid = d.new_gid();
        t.created_ms = now;
        const AsanaTask& made = d.tasks.emplace(t.gid, std::move(t)).first->second;
        record_task_events(d, now, d.token_user(), nullptr, &made);
        const auto fields = opt_fields(call.req);
        reply_data(call, 201, [&](util::JsonWriter& w) {
            write_task(w, d, made,
                       fields.empty()
                           ? std::set<std::string>{"name", "notes", "completed", "external", "tags"}
                           : fields,
                       may_see_external(d, call.req));
        });
    });
}

void get_task(Services& services, Call& call) {
    services.store.with([&](State& s) {
        AsanaData& d = s.get<AsanaData>();
        std::string why;
        const AsanaTask* t = find_task(d, call.req, call.param(0), why);
        if (t == nullptr) {
            return answer_missing(call, why);
        }
        const auto fields = opt_fields(call.req);
        reply_data(call, 200, [&](util::JsonWriter& w) {
            write_task(w, d, *t,
                       fields.empty() ? std::set<std::string>{"name", "notes", "completed"}
                                      : fields,
                       may_see_external(d, call.req));
        });
    });
}

void update_task(Services& services, Call& call) {
    const auto data = read_data(call);
    if (!data) {
        return;
    }
    const std::int64_t now = services.clock.now_ms();
    services.store.with([&](State& s) {
        AsanaData& d = s.get<AsanaData>();
        std::string why;
        AsanaTask* t = find_task(d, call.req, call.param(0), why);
        if (t == nullptr) {
            return answer_missing(call, why);
        }
        AsanaTask edited = *t;
        if (std::string refused = apply_fields(d, call.req, *data, edited, false, now);
            !refused.empty()) {
            return error(call, 400, refused);
        }
        // What the edit changed, for the tests' counts of field edits and state changes.
        const bool fields = edited.name != t->name || edited.notes != t->notes ||
                            edited.html_notes != t->html_notes || edited.assignee != t->assignee;
        const bool state = edited.completed != t->completed;
        const AsanaTask before = *t;
        *t = std::move(edited);
        record_task_events(d, now, d.token_user(), &before, t);
        if (fields) {
            services.requests.record("asana", "~ task fields edited", "200");
        }
        if (state) {
            services.requests.record("asana", "~ task completed changed", "200");
        }
        reply_data(call, 200, [&](util::JsonWriter& w) {
            write_task(w, d, *t, {"name", "notes", "completed"}, may_see_external(d, call.req));
        });
    });
}

// addTag/removeTag on a task: "" or (status, message) of the refusal.
std::pair<int, std::string> tag_task(AsanaData& d, const httplib::Request& req,
                                     const std::string& ref, const Json& data, bool add,
                                     std::int64_t now) {
    std::string why;
    AsanaTask* t = find_task(d, req, ref, why);
    if (t == nullptr) {
        return {why.starts_with("external:") ? 400 : 404, why};
    }
    bool bad = false;
    const auto tag = get_string(data, "tag", bad);
    if (bad || !tag || !d.tags.contains(*tag)) {
        return {400, "tag: Unknown object: " + tag.value_or("")};
    }
    const AsanaTask before = *t;
    const auto it = std::find(t->tags.begin(), t->tags.end(), *tag);
    if (add && it == t->tags.end()) {
        t->tags.push_back(*tag);
    } else if (!add && it != t->tags.end()) {
        t->tags.erase(it);
    }
    t->modified_ms = now;
    record_task_events(d, now, d.token_user(), &before, t);
    return {200, ""};
}

void tag_route(Services& services, Call& call, bool add) {
    const auto data = read_data(call);
    if (!data) {
        return;
    }
    const std::int64_t now = services.clock.now_ms();
    services.store.with([&](State& s) {
        const auto [status, why] =
            tag_task(s.get<AsanaData>(), call.req, call.param(0), *data, add, now);
        if (status != 200) {
            return error(call, status, why);
        }
        services.requests.record("asana", "~ task fields edited", "200");
        reply_data(call, 200, [](util::JsonWriter& w) { w.begin_object().end_object(); });
    });
}

void add_to_section(Services& services, Call& call) {
    const auto data = read_data(call);
    if (!data) {
        return;
    }
    const std::int64_t now = services.clock.now_ms();
    services.store.with([&](State& s) {
        AsanaData& d = s.get<AsanaData>();
        bool bad = false;
        const auto task = get_string(*data, "task", bad);
        std::string why;
        AsanaTask* t = task ? find_task(d, call.req, *task, why) : nullptr;
        if (t == nullptr) {
            return error(call, 400, "task: Unknown object");
        }
        for (const auto& [gid, p] : d.projects) {
            for (const auto& [section, name] : p.sections) {
                if (section == call.param(0)) {
                    const AsanaTask before = *t;
                    t->project = gid;
                    t->section = section;
                    record_task_events(d, now, d.token_user(), &before, t);
                    return reply_data(call, 200,
                                      [](util::JsonWriter& w) { w.begin_object().end_object(); });
                }
            }
        }
        error(call, 404, "Unknown object: " + call.param(0));
    });
}

// POST /batch: at most 10 actions; 200 with each action's own status (API-FACTS §4.1). Here only
// the actions issuebridge sends: POST /tasks/{gid}/addTag and /removeTag. One batch that changes a
// task's tags counts as one field edit of it.
void batch(Services& services, Call& call) {
    const auto data = read_data(call);
    if (!data) {
        return;
    }
    const Json* actions = data->get("actions");
    if (actions == nullptr || !actions->is_array() || actions->as_array().empty() ||
        actions->as_array().size() > 10) {
        return error(call, 400, "actions: between 1 and 10 actions");
    }
    const std::int64_t now = services.clock.now_ms();
    static const std::regex k_path("/tasks/([^/]+)/(addTag|removeTag)");
    services.store.with([&](State& s) {
        AsanaData& d = s.get<AsanaData>();
        util::JsonWriter w;
        w.begin_object().key("data").begin_array();
        std::set<std::string> edited;
        for (const Json& a : actions->as_array()) {
            bool bad = false;
            const auto method = get_string(a, "method", bad);
            const auto path = get_string(a, "relative_path", bad);
            const Json* body = a.get("data");
            std::smatch m;
            std::pair<int, std::string> r{400, "relative_path: not supported by this sandbox"};
            if (!bad && method && util::to_lower(*method) == "post" && path && body &&
                std::regex_match(*path, m, k_path)) {
                r = tag_task(d, call.req, m[1].str(), *body, m[2].str() == "addTag", now);
                if (r.first == 200) {
                    edited.insert(m[1].str());
                }
            }
            w.begin_object()
                .field("status_code", r.first)
                .key("headers")
                .begin_object()
                .end_object();
            w.key("body");
            r.first == 200 ? void(w.raw(R"({"data":{}})")) : void(w.raw(asana_error(r.second)));
            w.end_object();
        }
        w.end_array().end_object();
        for (std::size_t i = 0; i < edited.size(); ++i) {
            services.requests.record("asana", "~ task fields edited", "200");
        }
        reply_json(call.res, 200, w.take());
    });
}

} // namespace

std::unique_ptr<ApiProfile> register_asana_api(Router& router, Services& services) {
    auto profile = std::make_unique<AsanaProfile>(services);
    Services* s = &services;
    const ApiProfile& p = *profile;
    router.api(p, Method::get, k_base, "/users/me", [s](Call& c) { get_me(*s, c); });
    router.api(p, Method::get, k_base, "/projects/{project_gid}",
               [s](Call& c) { get_project(*s, c); });
    router.api(p, Method::get, k_base, "/projects/{project_gid}/sections",
               [s](Call& c) { get_sections(*s, c); });
    router.api(p, Method::get, k_base, "/projects/{project_gid}/tasks",
               [s](Call& c) { list_project_tasks(*s, c); });
    router.api(p, Method::get, k_base, "/workspaces/{workspace_gid}/tags",
               [s](Call& c) { list_tags(*s, c); });
    router.api(p, Method::post, k_base, "/tags", [s](Call& c) { create_tag(*s, c); });
    router.api(p, Method::post, k_base, "/tasks", [s](Call& c) { create_task(*s, c); });
    router.api(p, Method::get, k_base, "/tasks/{task_gid}", [s](Call& c) { get_task(*s, c); });
    // An external gid that decodes to a path with slashes (a URI) needs the rest of the path.
    router.api(p, Method::get, k_base, "/tasks/{task_gid+}", [s](Call& c) { get_task(*s, c); });
    router.api(p, Method::put, k_base, "/tasks/{task_gid}", [s](Call& c) { update_task(*s, c); });
    router.api(p, Method::post, k_base, "/tasks/{task_gid}/addTag",
               [s](Call& c) { tag_route(*s, c, true); });
    router.api(p, Method::post, k_base, "/tasks/{task_gid}/removeTag",
               [s](Call& c) { tag_route(*s, c, false); });
    router.api(p, Method::post, k_base, "/sections/{section_gid}/addTask",
               [s](Call& c) { add_to_section(*s, c); });
    router.api(p, Method::post, k_base, "/batch", [s](Call& c) { batch(*s, c); });
    router.api(p, Method::get, k_base, "/events", [s](Call& c) { get_events(*s, c); });
    router.api_fallback(p, k_base);
    return profile;
}

} // namespace issuebridge::sandbox
