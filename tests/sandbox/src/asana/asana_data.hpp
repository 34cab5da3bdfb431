#pragma once
// The emulated Asana's state: one workspace with its users and tags, projects with sections, and
// tasks; the tokens it accepts (a personal access token and an OAuth token) and whether a PAT may
// use `external` (undocumented: API-FACTS §4.1, so a switch).

#include "json.hpp"

#include "issuebridge/util/json_writer.hpp"

#include <cstdint>
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

    std::string new_gid() { return std::to_string(next_gid++); }
    const AsanaUser* user(std::string_view gid_or_email) const;
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
