#pragma once
// Jira Cloud (REST v3) and Jira Data Center / Server (REST v2) as a target: one set of operations, and what
// differs between the two named in a Dialect. Private to targets/; reached through targets::make_target.

#include "issuebridge/config/config.hpp"
#include "issuebridge/targets/target.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace issuebridge::targets {
struct Row;
}

namespace issuebridge::targets::jira {

// Jira's registry row (row.cpp): schema, vendor limits, capabilities, make.
const Row& row();

// The label that marks an item as ours and names its external id: "issuebridge-<16 hex digits>". Labels are what
// JQL can search exactly; the full id is kept in the issue property k_property too.
std::string marker_label(std::string_view external_id);
inline constexpr std::string_view k_property = "issuebridge";

// Jira labels cannot contain spaces: "good first issue" becomes "good_first_issue".
std::string to_label(std::string_view label);

// What differs between Jira Cloud (REST v3) and Jira Data Center / Server (REST v2), chosen by api_version
// (API-FACTS §6, §6.1). Every operation is shared and asks this; nothing else tells the two apart.
struct Dialect {
    int version;                 // the api_version setting: 3 or 2
    std::string_view api;        // the prefix of every path, under the base URL (which may carry a context path)
    bool wiki;                   // descriptions: ADF documents (Cloud) or wiki-markup strings (DC)
    bool start_at;               // search: POST /search/jql with nextPageToken and bulkfetch (Cloud), or POST
                                 // /search with startAt, key ranges and `key in (...)` (DC: no bulkfetch, no
                                 // properties in search answers, a maxResults cap and a 10,000-result window)
    std::string_view user_field; // an assignee is {"accountId": ...} (Cloud) or {"name": ...} (DC)
};
inline constexpr Dialect k_cloud{3, "/rest/api/3", false, false, "accountId"};
inline constexpr Dialect k_data_center{2, "/rest/api/2", true, true, "name"};

// The settings and the learnt transition ids that every operation of one target shares.
struct Context {
    std::string name;     // of the target in the config, for messages
    std::string base_url; // no trailing slash; with Data Center's context path if it has one
    Dialect dialect = k_cloud;
    std::string authorization;
    std::string auth_kind; // how we sign in, for config check --online: "basic auth as me@example.com"
    std::string project;
    std::string issue_type;
    std::string close_transition;
    std::string reopen_transition;
    // Transition name (lowercased) -> id, learnt from GET .../transitions; ids are per workflow, which is one
    // per project and issue type, so they hold for every item of this target.
    std::map<std::string, std::string> transition_ids;
    // The close transition's id from the status a new item starts in, once a create of this run has moved its own
    // new item with it: later creates of closed items carry it (one request, not three).
    std::string create_close_id;
};

class JiraTarget final : public Target {
public:
    // Reads the user and token from the environment (util::ConfigError when unset).
    explicit JiraTarget(const config::Target& target);

    // Search lags (120 s); items are created open, then transitioned (a closed one carries its transition once the
    // run has learnt it); one item per create.
    Capabilities capabilities() const override;
    std::unique_ptr<Operation> write(const Change& change) override;
    std::unique_ptr<FindOperation> find(const std::vector<Sought>& items) override;
    std::unique_ptr<FindOperation> find_all() override;
    std::unique_ptr<InspectOperation> inspect(const std::vector<Expectation>& items) override;
    std::unique_ptr<ProbeOperation> probe() override;

private:
    std::shared_ptr<Context> m_context;
};

// What the item of `draft` shows in Jira: its summary, its description (the JSON value of the field: an ADF
// document on Cloud, a wiki-markup string on Data Center) and the labels it must carry (the mapped labels and the
// marker).
std::string summary_of(const model::Draft& draft);
std::string description_of(const Dialect& dialect, const model::Draft& draft);
std::vector<std::string> labels_of(const model::Draft& draft);

// Whether two ADF documents (JSON text) are the same document: object members in any order, and the `localId`
// attributes Jira adds to some nodes ignored. False when either is not JSON.
bool same_document(std::string_view a, std::string_view b);

// A request to `path` under the base URL and the dialect's API prefix ("/issue" is <base>/rest/api/3/issue) with
// our credentials; a body is sent as JSON.
http::Request request(const Context& c, std::string method, std::string path, std::string body = {});

// Request bodies and response readers, exposed for the unit tests.
// The create's body; with `transition_id`, the transition the new item takes at once (its `transition`).
std::string create_body(const Context& context, const model::Draft& draft, const std::string& transition_id = {});
// Labels are edited with add and remove operations (never set), so that labels added by hand stay; only those the
// memo says were written (see labels_memo) that the draft no longer has are removed.
std::string update_body(const Context& context, const model::Draft& draft, unsigned fields, std::string_view memo = {});
// Jira's memo (OperationResult::memo): the draft's labels as written, before to_label, as a JSON array of strings;
// the format of the links' labels column before schema 6, so older links keep protecting hand-added labels.
std::string labels_memo(const model::Draft& draft);
// The labels of a memo; none when it is empty or not such an array (unknown: nothing is removed).
std::vector<std::string> memo_labels(std::string_view memo);
// "summary: You must specify a summary" from Jira's {"errorMessages":[],"errors":{}} body, else a short excerpt.
std::string error_text(std::string_view body);
// The setting of ours that a create's 400 body refuses, for every item alike: "project" or "issue_type" when its
// `errors` name that field, else empty.
std::string refused_setting(std::string_view body);
// The parse Failure for an answer that is not valid JSON: "<what>: the body is not valid JSON".
util::Failure not_json(const std::string& what);

} // namespace issuebridge::targets::jira
