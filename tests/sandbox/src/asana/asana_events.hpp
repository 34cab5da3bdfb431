#pragma once
// Asana's Events API (asana_oas.yaml, tag Events, /events; API-FACTS §4 "Events API"): the event
// log that every change to a task writes, and GET /events?resource=&sync= that reads it back with
// sync tokens.

#include "asana_data.hpp"
#include "router.hpp"

#include <cstdint>
#include <string>

namespace issuebridge::sandbox {

struct Services;

// Records what changed from `before` to `after` as events by the user `user` at `now`: `before`
// null for a task just created ("added" to its project), `after` null for a deleted one
// ("deleted"); otherwise a move to another project ("removed", "added"), to another section
// ("added" with the section as parent) and one "changed" event per field that changed (name,
// notes, html_notes, completed, assignee, one per tag added or removed, external).
void record_task_events(AsanaData& d, std::int64_t now, const std::string& user,
                        const AsanaTask* before, const AsanaTask* after);
// Drops the oldest events beyond d.events_kept (the tokens that point before them expire).
void trim_events(AsanaData& d);

// GET /api/1.0/events?resource=<task or project gid>&sync=<token>: 412 with a fresh token when the
// token is missing, unknown or expired; else 200 with the events since the token (at most 100,
// oldest first), the next token and has_more.
void get_events(Services& services, Call& call);

} // namespace issuebridge::sandbox
