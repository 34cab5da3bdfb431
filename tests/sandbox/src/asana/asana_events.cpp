// Asana's Events API: the event log, its sync tokens and GET /events.
//
// A sync token is a position in the log (the number of the last event its holder has seen) and the
// instant it was handed out, bound to the subscribed resource and to the tokens' generation by a
// checksum, written as 48 hex digits. It is invalid (412, with a fresh token) when it does not
// decode for this resource and generation (POST /_sandbox/asana/expire-sync-tokens bumps it),
// when it is older than d.sync_ttl_ms (24 h, on the sandbox clock), when events after its position
// have been dropped from the log, or when it points past the log's end (a token from before a
// reset).

#include "asana_events.hpp"
#include "clock.hpp"
#include "hash.hpp"
#include "services.hpp"

#include "issuebridge/util/json_writer.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>

namespace issuebridge::sandbox {

namespace {

constexpr std::size_t k_page = 100; // "Asana limits a single sync token to 100 events"

constexpr std::string_view k_sync_invalid =
    "Sync token invalid or too old. If you are attempting to keep resources in sync, you must "
    "fetch the full dataset for this query now and use the new sync token for the next sync.";

// 2012-02-22T02:06:58.147Z, as the spec's examples.
std::string format_asana_time(std::int64_t ms) {
    const std::int64_t seconds = floor_div(ms, 1000);
    std::string out = format_github_time(seconds); // ...:SSZ
    char fraction[8];
    std::snprintf(fraction, sizeof fraction, ".%03dZ", static_cast<int>(ms - seconds * 1000));
    out.pop_back();
    return out + fraction;
}

std::string project_name(const AsanaData& d, const std::string& gid) {
    const auto it = d.projects.find(gid);
    return it == d.projects.end() ? std::string() : it->second.name;
}

std::string section_name(const AsanaData& d, const std::string& gid) {
    for (const auto& [project, p] : d.projects) {
        for (const auto& [section, name] : p.sections) {
            if (section == gid) {
                return name;
            }
        }
    }
    return "";
}

std::string tag_name(const AsanaData& d, const std::string& gid) {
    const auto it = d.tags.find(gid);
    return it == d.tags.end() ? std::string() : it->second;
}

AsanaEvent event_of(std::int64_t now, const std::string& user, const AsanaTask& t,
                    std::string action) {
    AsanaEvent e;
    e.created_ms = now;
    e.user = user;
    e.task = t.gid;
    e.task_name = t.name;
    e.project = t.project;
    e.action = std::move(action);
    return e;
}

void push(AsanaData& d, AsanaEvent e) {
    e.seq = d.next_event_seq++;
    d.events.push_back(std::move(e));
    trim_events(d);
}

// "added"/"removed": the task put into or taken out of a project or section.
void push_membership(AsanaData& d, std::int64_t now, const std::string& user, const AsanaTask& t,
                     const std::string& project, std::string action, std::string parent_type,
                     const std::string& parent_gid) {
    AsanaEvent e = event_of(now, user, t, std::move(action));
    e.project = project;
    e.parent_name =
        parent_type == "project" ? project_name(d, parent_gid) : section_name(d, parent_gid);
    e.parent_type = std::move(parent_type);
    e.parent_gid = parent_gid;
    push(d, std::move(e));
}

// "changed": a field of the task, with the new, added or removed value when it is a resource.
void push_change(AsanaData& d, std::int64_t now, const std::string& user, const AsanaTask& t,
                 std::string field, std::string change_action = "changed",
                 std::string value_type = "", std::string value_gid = "",
                 std::string value_name = "") {
    AsanaEvent e = event_of(now, user, t, "changed");
    e.field = std::move(field);
    e.change_action = std::move(change_action);
    e.value_type = std::move(value_type);
    e.value_gid = std::move(value_gid);
    e.value_name = std::move(value_name);
    push(d, std::move(e));
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

// A sync token: 16 hex digits each of the position and the issue time, masked, then the checksum.
std::uint64_t token_check(const std::string& resource, std::int64_t generation, std::int64_t seq,
                          std::int64_t issued_ms) {
    return fnv1a64("asana-sync:" + resource + ":" + std::to_string(generation) + ":" +
                   std::to_string(seq) + ":" + std::to_string(issued_ms));
}

std::string hex16(std::uint64_t v) {
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(v));
    return out;
}

std::string make_sync(const std::string& resource, std::int64_t generation, std::int64_t seq,
                      std::int64_t issued_ms) {
    const std::uint64_t check = token_check(resource, generation, seq, issued_ms);
    return hex16(static_cast<std::uint64_t>(seq) ^ mix64(check)) +
           hex16(static_cast<std::uint64_t>(issued_ms) ^ mix64(check ^ 1)) + hex16(check);
}

struct SyncPoint {
    std::int64_t seq = 0;
    std::int64_t issued_ms = 0;
};

std::optional<SyncPoint> read_sync(const std::string& token, const std::string& resource,
                                   std::int64_t generation) {
    if (token.size() != 48 || token.find_first_not_of("0123456789abcdef") != std::string::npos) {
        return std::nullopt;
    }
    const auto word = [&](std::size_t i) {
        return std::stoull(token.substr(i * 16, 16), nullptr, 16);
    };
    const std::uint64_t check = word(2);
    const SyncPoint p{static_cast<std::int64_t>(word(0) ^ mix64(check)),
                      static_cast<std::int64_t>(word(1) ^ mix64(check ^ 1))};
    if (token_check(resource, generation, p.seq, p.issued_ms) != check) {
        return std::nullopt;
    }
    return p;
}

void write_event(util::JsonWriter& w, const AsanaData& d, const AsanaEvent& e) {
    w.begin_object().key("user");
    if (const AsanaUser* u = e.user.empty() ? nullptr : d.user(e.user)) {
        w.begin_object().field("gid", u->gid).field("resource_type", "user");
        w.field("name", u->name).end_object();
    } else {
        w.null(); // "Some events are generated by the system, and will have null as the user"
    }
    w.key("resource").begin_object().field("gid", e.task).field("resource_type", "task");
    w.field("name", e.task_name).end_object();
    w.field("type", "task").field("action", e.action).key("parent");
    if (e.parent_gid.empty()) {
        w.null(); // "The parent will be null for other event types"
    } else {
        w.begin_object().field("gid", e.parent_gid).field("resource_type", e.parent_type);
        w.field("name", e.parent_name).end_object();
    }
    w.field("created_at", format_asana_time(e.created_ms));
    if (e.action ==
        "changed") { // "only present when the value of the property action ... is changed"
        w.key("change").begin_object().field("field", e.field).field("action", e.change_action);
        if (!e.value_gid.empty()) {
            w.key(e.change_action == "added"     ? "added_value"
                  : e.change_action == "removed" ? "removed_value"
                                                 : "new_value");
            w.begin_object().field("gid", e.value_gid).field("resource_type", e.value_type);
            w.field("name", e.value_name).end_object();
        }
        w.end_object();
    }
    w.end_object();
}

} // namespace

void trim_events(AsanaData& d) {
    while (!d.events.empty() && static_cast<std::int64_t>(d.events.size()) > d.events_kept) {
        d.events.pop_front();
    }
}

void record_task_events(AsanaData& d, std::int64_t now, const std::string& user,
                        const AsanaTask* before, const AsanaTask* after) {
    if (after == nullptr) {
        if (before != nullptr) {
            push(d, event_of(now, user, *before, "deleted"));
        }
        return;
    }
    const AsanaTask& t = *after;
    if (before == nullptr) {
        push_membership(d, now, user, t, t.project, "added", "project", t.project);
        return;
    }
    if (before->project != t.project) {
        if (!before->project.empty()) {
            push_membership(d, now, user, t, before->project, "removed", "project",
                            before->project);
        }
        push_membership(d, now, user, t, t.project, "added", "project", t.project);
    }
    if (before->section != t.section && !t.section.empty()) {
        push_membership(d, now, user, t, t.project, "added", "section", t.section);
    }
    if (before->name != t.name) {
        push_change(d, now, user, t, "name");
    }
    // A description edit changes both of its forms: two events (only html_notes for markup alone).
    if (before->notes != t.notes) {
        push_change(d, now, user, t, "notes");
    }
    if (before->html_notes != t.html_notes) {
        push_change(d, now, user, t, "html_notes");
    }
    if (before->completed != t.completed) {
        push_change(d, now, user, t, "completed");
    }
    if (before->assignee != t.assignee) {
        const AsanaUser* u = t.assignee.empty() ? nullptr : d.user(t.assignee);
        push_change(d, now, user, t, "assignee", "changed", "user", u ? u->gid : "",
                    u ? u->name : "");
    }
    for (const auto& tag : before->tags) {
        if (!contains(t.tags, tag)) {
            push_change(d, now, user, t, "tags", "removed", "tag", tag, tag_name(d, tag));
        }
    }
    for (const auto& tag : t.tags) {
        if (!contains(before->tags, tag)) {
            push_change(d, now, user, t, "tags", "added", "tag", tag, tag_name(d, tag));
        }
    }
    if (before->external_gid != t.external_gid || before->external_data != t.external_data) {
        push_change(d, now, user, t, "external");
    }
}

void get_events(Services& services, Call& call) {
    const std::int64_t now = services.clock.now_ms();
    services.store.with([&](State& s) {
        const AsanaData& d = s.get<AsanaData>();
        const std::string resource = call.req.get_param_value("resource");
        if (resource.empty()) {
            return reply_json(call.res, 400, asana_error("resource: Missing input"));
        }
        const bool task = d.tasks.contains(resource);
        if (!task && !d.projects.contains(resource)) {
            return reply_json(call.res, 404, asana_error("Unknown object: " + resource));
        }
        const std::int64_t last = d.next_event_seq - 1;
        const std::int64_t first_kept = d.events.empty() ? d.next_event_seq : d.events.front().seq;
        const auto from = read_sync(call.req.get_param_value("sync"), resource, d.sync_generation);
        if (!from || from->seq > last || from->seq + 1 < first_kept ||
            now - from->issued_ms > d.sync_ttl_ms) {
            util::JsonWriter w;
            w.begin_object().key("errors").begin_array().begin_object();
            w.field("message", k_sync_invalid).end_object().end_array();
            w.field("sync", make_sync(resource, d.sync_generation, last, now)).end_object();
            return reply_json(call.res, 412, w.take());
        }
        util::JsonWriter w;
        w.begin_object().key("data").begin_array();
        std::size_t n = 0;
        std::int64_t upto = last;
        bool more = false;
        for (auto i = static_cast<std::size_t>(from->seq + 1 - first_kept); i < d.events.size();
             ++i) {
            const AsanaEvent& e = d.events[i];
            if (task ? e.task != resource : e.project != resource) {
                continue;
            }
            if (n == k_page) {
                more = true;
                break;
            }
            write_event(w, d, e);
            upto = e.seq;
            ++n;
        }
        w.end_array();
        w.field("sync", make_sync(resource, d.sync_generation, more ? upto : last, now));
        w.field("has_more", more).end_object();
        reply_json(call.res, 200, w.take());
    });
}

} // namespace issuebridge::sandbox
