#pragma once
// GitHub Issues (github.com and Enterprise Server, REST v3) as a target. Private to targets/; reached through
// targets::make_target.
//
// Our issues carry two marks: a hidden marker at the end of the body, an HTML comment with the full external id
// (`<!-- issuebridge:<id> -->`), and one marker label (the setting marker_label, "issuebridge" by default). Marker
// lookups never use the search API, whose index lags behind writes (API-FACTS §1): they list the repository's
// issues carrying the marker label (GET /repos/{owner}/{repo}/issues?labels=..&state=all, a consistent listing),
// paged by Link headers, once per run, and read each issue's marker from its body.

#include "issuebridge/config/config.hpp"
#include "issuebridge/http/pagination.hpp"
#include "issuebridge/targets/target.hpp"

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace issuebridge::targets {
struct Row;
}

namespace issuebridge::targets::github {

// GitHub's registry row (row.cpp): schema, vendor limits, capabilities, make.
const Row& row();

// GitHub's title limit (256 characters, unverified: design keeps titles within it) and body limit ("body is too
// long (maximum is 65536 characters)").
inline constexpr std::size_t k_title_limit = 256;
inline constexpr std::size_t k_body_limit = 65536;
// The REST API version we pin (API-FACTS §1: "Pin one version in config").
inline constexpr std::string_view k_api_version = "2022-11-28";

// One issue of the marker listing, as much as the target uses.
struct Listed {
    std::int64_t number = 0;
    std::string url; // html_url
    std::string external_id;
    std::string title;
    std::string body;
    std::vector<std::string> labels;
    std::vector<std::string> assignees;
    std::string milestone; // its title; empty: none
    model::ItemState state = model::ItemState::open;
};

// The settings and what one run has learnt; shared by every operation of one target (the driver runs them on one
// thread).
struct Context {
    std::string name;     // of the target in the config, for messages
    std::string base_url; // no trailing slash
    std::string authorization;
    std::string repo; // "owner/name"
    std::string marker_label;
    // The marked issues by number, listed once per run; dropped by every write, so a later lookup lists again.
    std::optional<std::map<std::int64_t, Listed>> index;
    // The repository's label names (lowercase: GitHub compares them so), listed once per run, with those we created.
    std::optional<std::set<std::string>> labels;
    // The repository's milestones, title -> number, listed once per run (all states), with those we created.
    std::optional<std::map<std::string, std::int64_t>> milestones;
};

class GitHubTarget final : public Target {
public:
    // Reads the token from the environment (util::ConfigError when unset).
    explicit GitHubTarget(const config::Target& target);

    // No search lag (the marker listing is consistent); issues are created open, then closed; one per create.
    Capabilities capabilities() const override;
    std::unique_ptr<Operation> write(const Change& change) override;
    std::unique_ptr<FindOperation> find(const std::vector<Sought>& items) override;
    std::unique_ptr<FindOperation> find_all() override;
    std::unique_ptr<InspectOperation> inspect(const std::vector<Expectation>& items) override;
    std::unique_ptr<ProbeOperation> probe() override;

private:
    std::shared_ptr<Context> m_context;
};

// The hidden marker of `external_id`: "<!-- issuebridge:<id> -->", the id percent-encoded where it could end or
// confuse the comment ('%', '<', '>', '-', spaces and controls).
std::string marker(std::string_view external_id);
// The external id of the last marker in `body` (ours is always last: a marker quoted in the source's text comes
// before it), or empty.
std::string marker_of(std::string_view body);

// What the issue of `draft` shows: its title, its body (the source's markdown, the link back, the marker) and the
// labels it must carry (the draft's and the marker label).
std::string title_of(const model::Draft& draft);
std::string body_of(const model::Draft& draft);
std::vector<std::string> labels_of(const Context& c, const model::Draft& draft);
// A label's colour when we create it: six hex digits, the same for the same name.
std::string label_color(std::string_view name);

// The memo (OperationResult::memo): the draft's labels as written, as a JSON array; memo_labels reads it back
// (none when empty or unreadable: then nothing is removed).
std::string labels_memo(const model::Draft& draft);
std::vector<std::string> memo_labels(std::string_view memo);

// The labels a labels write leaves on an issue that shows `shown`: what it shows, less ours that the draft
// dropped (by the memo; compared case-insensitively, as GitHub compares label names), plus `ours`.
std::vector<std::string> merged_labels(const std::vector<std::string>& shown, const std::vector<std::string>& ours,
                                       const std::vector<std::string>& dropped_from_memo);

// Request bodies, exposed for the unit tests. milestone: the number of the draft's milestone (nullopt: none).
std::string create_body(const Context& c, const model::Draft& draft, std::optional<std::int64_t> milestone);
// fields: model::Field bits; labels: the full set to write (when the labels bit is set); milestone: the number of
// the draft's milestone, written when the milestone bit is set and the draft has a say (nullopt: none); state:
// when moving.
std::string edit_body(const model::Draft& draft, unsigned fields, const std::vector<std::string>& labels,
                      std::optional<std::int64_t> milestone, std::optional<model::ItemState> state);

// A request to `path` under the base URL with our credentials and GitHub's media type and version; a body is sent
// as JSON.
http::Request request(const Context& c, std::string method, std::string path, std::string body = {});
// "/repos/owner/name"
std::string repo_path(const Context& c);
// GitHub's "message" (and the errors' codes) of an error body, else a short excerpt.
std::string error_text(std::string_view body);
// nullopt for a 2xx answer, else what went wrong, with GitHub's own words when it gave any.
std::optional<util::Failure> failure_of(const http::Outcome& outcome, const std::string& what);

// Reads one page of the marker listing into `into` (issues without our marker are skipped; pull requests too).
// A body that is not a JSON array of issues fails the whole page, naming the field.
std::optional<util::Failure> read_listing_page(std::string_view body, std::map<std::int64_t, Listed>& into);

// The marker listing: every issue of the repository carrying the marker label, all pages. Done at once when the
// context holds a fresh index; else it fills the context's index when it finishes without failure.
class IndexSteps {
public:
    explicit IndexSteps(std::shared_ptr<Context> c);
    bool done() const { return m_done; }
    http::Request next() const;
    void on_outcome(const http::Outcome& outcome);
    const std::optional<util::Failure>& failure() const { return m_failure; }

private:
    std::shared_ptr<Context> m_c;
    http::NextLinks m_links;
    std::string m_url;
    std::map<std::int64_t, Listed> m_found;
    bool m_done = false;
    std::optional<util::Failure> m_failure;
};

// The repository's labels, all pages, into the context; done at once when known.
class LabelSteps {
public:
    explicit LabelSteps(std::shared_ptr<Context> c);
    bool done() const { return m_done; }
    http::Request next() const;
    void on_outcome(const http::Outcome& outcome);
    const std::optional<util::Failure>& failure() const { return m_failure; }

private:
    std::shared_ptr<Context> m_c;
    http::NextLinks m_links;
    std::string m_url;
    std::set<std::string> m_found;
    bool m_done = false;
    std::optional<util::Failure> m_failure;
};

// The number of the milestone titled `title` (milestone.cpp): done at once when the run knows it, or when `title` is
// empty (no milestone); else the milestones are listed (once per run) and, when the title is missing, it is
// created.
class MilestoneSteps {
public:
    MilestoneSteps(std::shared_ptr<Context> c, std::string title);
    bool done() const;
    http::Request next();
    void on_outcome(const http::Outcome& outcome);
    // Once done without failure: the milestone's number, or nullopt when none is wanted.
    std::optional<std::int64_t> number() const;
    const std::optional<util::Failure>& failure() const { return m_failure; }

private:
    bool known() const;
    void start_listing();
    void on_page(const http::Outcome& outcome);

    std::shared_ptr<Context> m_c;
    std::string m_title;
    http::NextLinks m_links;
    std::string m_url;
    bool m_listing = false;  // this operation's listing is under way
    bool m_relisted = false; // listed again after a create found it made by another writer
    std::map<std::string, std::int64_t> m_found;
    std::optional<util::Failure> m_failure;
};

} // namespace issuebridge::targets::github
