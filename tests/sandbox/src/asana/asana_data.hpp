#pragma once
// The emulated Asana's state: one workspace with its users and tags, projects with sections, and
// tasks; the tokens it accepts (a personal access token and an OAuth token) and whether a PAT may
// use `external` (undocumented: API-FACTS §4.1, so a switch); the event log the Events API reads.

#include "json.hpp"

#include "issuebridge/util/json_writer.hpp"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace issuebridge::sandbox {

// What a PAT request that sets or reads `external` gets: a 400 naming it, the field silently
// dropped, or the same as an OAuth token.
enum class PatExternal { reject, ignore, allow };

struct AsanaUser {
    std::string gid;
    std::string name;
    std::string email;
};

struct AsanaProject {
    std::string gid;
    std::string name;
    std::vector<std::pair<std::string, std::string>> sections; // gid, name
};

struct AsanaTask {
    std::string gid;
    std::string name;
    std::string notes;
    std::string html_notes;
    bool completed = false;
    std::string assignee;          // user gid
    std::vector<std::string> tags; // gids, in the order added
    std::string project;
    std::string section;
    std::string external_gid; // "" when unset
    std::string external_data;
    std::int64_t created_ms = 0;
    std::int64_t modified_ms = 0;
};

// One entry of the event log (asana_oas.yaml EventResponse): what happened to a task, who did it
// and when. Events are numbered 1, 2, ... in the order they happened; a sync token is a position
// in that numbering (asana_events.cpp).
struct AsanaEvent {
    std::int64_t seq = 0;
    std::int64_t created_ms = 0;
    std::string user;      // the acting user's gid
    std::string task;      // the resource: a task gid
    std::string task_name; // its name when the event happened
    std::string project;   // the project the task was in then: a project's subscription sees it
    std::string action;    // changed, added, removed, deleted
    // For added/removed: the project or section; "" for null.
    std::string parent_gid;
    std::string parent_type;
    std::string parent_name;
    // For changed: the field, how it changed (changed, added, removed) and the new, added or
    // removed value when it is a resource ("" otherwise: the spec gives a value only for those).
    std::string field;
    std::string change_action;
    std::string value_gid;
    std::string value_type;
    std::string value_name;
};

struct AsanaData {
    std::string workspace_gid = "1000";
    std::string workspace_name = "Sandbox workspace";
    std::map<std::string, bool> tokens; // token -> is an OAuth token
    PatExternal pat_external = PatExternal::reject;
    std::vector<AsanaUser> users;
    std::map<std::string, AsanaProject> projects;
    std::map<std::string, std::string> tags; // gid -> name
    std::map<std::string, AsanaTask>
        tasks; // by gid (numeric strings of one length: ordered by age)
    std::int64_t next_gid = 1200000000000100;
    // Offsets carry this; bumping it (admin) expires every offset handed out.
    std::int64_t offset_generation = 1;
    std::int64_t offset_ttl_ms = 60'000;
    // The event log: the latest `events_kept` events, oldest first; a sync token older than the
    // oldest kept is expired. Tokens carry the generation (bumping it, admin, expires all) and
    // their issue time ("Sync tokens always expire after 24 hours, but may expire sooner").
    std::deque<AsanaEvent> events;
    std::int64_t next_event_seq = 1;
    std::int64_t events_kept = 10'000;
    std::int64_t sync_generation = 1;
    std::int64_t sync_ttl_ms = 24LL * 3600 * 1000;
    // Who the admin routes that edit or delete a task act as, unless told ("by"): Dana.
    std::string person_gid = "3001";

    std::string new_gid() { return std::to_string(next_gid++); }
    const AsanaUser* user(std::string_view gid_or_email) const;
    // Who API requests act as: both tokens belong to the first user (Sandbox Bot).
    const std::string& token_user() const { return users.front().gid; }
};

// The fresh state: workspace 1000, project 2000 "End to end" with sections 2001 "To do" and 2002
// "Done", users 3000 (Sandbox Bot, the tokens' user) and 3001 (Dana); tokens sandbox-asana-pat (a
// PAT) and sandbox-asana-oauth (OAuth).
AsanaData fresh_asana();

// Asana's html_notes check: well-formed XML under one <body>, only the tags it allows. "" when
// valid, else why not.
std::string check_html_notes(std::string_view html);
// The plain notes Asana derives from html_notes: tags dropped, entities decoded.
std::string html_to_text(std::string_view html);
// A plain text as html_notes.
std::string text_to_html(std::string_view text);

// The task as the API shows it, limited to `fields` (opt_fields; compact when empty), with
// `external` only when `show_external`.
void write_task(util::JsonWriter& w, const AsanaData& data, const AsanaTask& task,
                const std::set<std::string>& fields, bool show_external);

// {"errors":[{"message": ...}]}
std::string asana_error(std::string_view message);

} // namespace issuebridge::sandbox
