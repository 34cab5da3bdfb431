#pragma once
// Asana (API 1.0) as a target: tasks in one project. Private to targets/; reached through targets::make_target.
//
// Identity (API-FACTS §4, §4.1). Every task carries a marker line in its notes ("issuebridge: <external id>"), found
// by one paged scan of the project, indexed once per run (never the premium-only, lagging search). Where the token
// may write Asana's `external` field (OAuth apps; whether a personal access token may is undocumented), the create
// also sets external.gid to the external id, and once a create of this run has proved that the field is kept, lookups
// use GET /tasks/external:<id> instead. A create that is refused for `external` or whose answer lacks it switches the
// target to the notes marker; either answer about PATs works. What a run learnt is where the next one starts
// (targets::Memory), and a target once on the notes marker stays on it: its tasks made so far carry no external id,
// so a lookup by one would not find them.

#include "issuebridge/config/config.hpp"
#include "issuebridge/targets/target.hpp"

#include <simdjson.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace issuebridge::targets {
struct Row;
}

namespace issuebridge::targets::asana {

// Asana's registry row (row.cpp): schema, vendor limits, capabilities, make.
const Row& row();

// How the target finds its tasks again.
enum class Identity {
    unknown,  // no create of this run has told: the notes marker (always written) is what lookups trust
    external, // a create kept external.gid: GET /tasks/external:<id>
    notes,    // the token may not write `external`: the notes marker only
};
const char* to_string(Identity identity) noexcept;

// A task of the project as one listing shows it.
struct Task {
    std::string gid;
    std::string name;
    std::string notes;
    std::string html_notes;
    std::string external_id; // from external.gid, else the notes marker; empty: not ours
    bool completed = false;
    std::string assignee_gid;
    std::string assignee_email;
    std::map<std::string, std::string> tags; // name -> gid
};

// The settings and what every operation of one target learns in one run.
struct Context {
    std::string name;     // of the target in the config, for messages
    std::string base_url; // no trailing slash
    std::string authorization;
    std::string project;
    std::string section;
    std::string done_section;
    std::string workspace; // configured, or learnt from the project
    bool write_tags = true;

    Identity identity = Identity::unknown;

    // Tags of the workspace: name -> gid, once listed; names some operation is creating now.
    bool tags_listed = false;
    std::map<std::string, std::string> tag_gids;
    std::set<std::string> tags_creating;

    // The project's Events API stream (events.cpp), kept from run to run (targets::Memory): where the last reading
    // left it, our user's gid (events by anyone else count), and the tasks a check found in sync that nobody else
    // changed since.
    std::string events_sync;
    std::string me;
    std::set<std::string> trusted;

    // The project scan, once per run; items written since are read again before they are trusted.
    bool index_fresh = false;
    std::vector<Task> index;
    std::set<std::string> written; // gids written since the scan
};

class AsanaTarget final : public Target {
public:
    // Reads the token from the environment (util::ConfigError when unset).
    explicit AsanaTarget(const config::Target& target);

    Capabilities capabilities() const override;
    std::unique_ptr<Operation> write(const Change& change) override;
    std::unique_ptr<FindOperation> find(const std::vector<Sought>& items) override;
    std::unique_ptr<FindOperation> find_all() override;
    std::unique_ptr<InspectOperation> inspect(const std::vector<Expectation>& items) override;
    std::unique_ptr<ProbeOperation> probe() override;
    std::unique_ptr<ChangesOperation> changes() override;
    // {"identity": "external"|"notes", "events": {"sync", "me", "trusted": [gid, ...]}}; shown as "identity: ...".
    Memory memory() const override;
    void restore(const std::string& data) override;

private:
    std::shared_ptr<Context> m_context;
};

// The marker line in the notes, and the external id a notes text carries ("" when none).
inline constexpr std::string_view k_marker_prefix = "issuebridge: ";
std::string marker_line(std::string_view external_id);
std::string marker_of(std::string_view notes);

// What the task of `draft` shows: its name, its html_notes (a <body> document ending with the link back and the
// marker line), and the plain notes used when Asana refuses the rich text.
std::string name_of(const model::Draft& draft);
std::string html_notes_of(const model::Draft& draft);
std::string plain_notes_of(const model::Draft& draft);
// The task's page for people.
std::string task_url(std::string_view gid);

// A request to `path` (with its query) under the base URL with our credentials; a body is sent as JSON.
http::Request request(const Context& c, std::string method, std::string path, std::string body = {});

// The create's body: {"data": {...}}; `tag_gids` in the draft's label order; `external` and `rich` choose the
// identity field and html_notes (else notes).
std::string create_body(const Context& c, const model::Draft& draft, const std::vector<std::string>& tag_gids,
                        bool external, bool rich);
// An update's body for the fields (model::Field bits) other than labels, and `completed` when `move_state`; empty
// when there is nothing to PUT.
std::string update_body(const Context& c, const model::Draft& draft, unsigned fields, bool move_state, bool rich);

// Asana's memo: the tags this target wrote, as a JSON object name -> gid; none when empty or malformed.
std::string tags_memo(const std::map<std::string, std::string>& tags);
std::map<std::string, std::string> memo_tags(std::string_view memo);

// "name: Missing input" from Asana's {"errors":[{"message": ...}]} body, else a short excerpt.
std::string error_text(std::string_view body);
// nullopt for a 2xx answer, else the failure of `what`, with Asana's words.
std::optional<util::Failure> failure_of(const http::Outcome& outcome, const std::string& what);
// The token may not use `external` (OAuth only, API-FACTS §4.1): a 400 or 403 that names it.
bool refuses_external(const http::Outcome& outcome);
util::Failure not_json(const std::string& what);
util::Failure malformed(const std::string& what, const std::string& field);

// Reads one task object of a listing or a GET (opt_fields as task_fields()). False when it has no gid.
bool read_task(simdjson::dom::element element, Task& out);
// The opt_fields every read of tasks asks for.
std::string task_fields();

// Tag resolution, shared by the operations of one target (tags.cpp): the workspace's tags are listed once per run
// and a missing one is created once, by the first operation that needs it; the others wait for it.
class TagSteps {
public:
    TagSteps(std::shared_ptr<Context> c, std::vector<std::string> names);
    bool done() const { return m_done; }
    // Takes what other operations learnt since (the workspace, the listing, a tag made): skips steps no longer
    // needed. Call before done() when about to ask for the next request.
    void refresh();
    std::optional<http::Request> next();
    void on_outcome(const http::Outcome& outcome);
    const std::optional<util::Failure>& failure() const { return m_failure; }
    // name -> gid of every name asked for, once done without failure.
    std::map<std::string, std::string> gids() const;

private:
    enum class Step { project, list, create };
    std::shared_ptr<Context> m_c;
    std::vector<std::string> m_names;
    Step m_step = Step::list;
    std::string m_offset;
    std::string m_creating; // the name this operation creates
    bool m_done = false;
    std::optional<util::Failure> m_failure;
    void advance();
};

} // namespace issuebridge::targets::asana
