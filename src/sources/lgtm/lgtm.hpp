#pragma once
// LGTM Enterprise (API v1.0, API-FACTS §3) as a source: a route's repositories are projects, named by URL
// identifier ("g/org/name") or numeric id. Alerts come per analysis, as SARIF, with no "changed since": each run
// asks for the latest analysis, and only when it is not the one the cursor remembers downloads its alerts, which
// are then the complete set of the project's open alerts (sources::Listing::complete_set).

#include "issuebridge/config/config.hpp"
#include "issuebridge/model/item.hpp"
#include "issuebridge/sources/registry.hpp"
#include "issuebridge/util/result.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace issuebridge::sources::lgtm {

// What every alert of one analysis shares.
struct AnalysisContext {
    std::string host;        // e.g. "lgtm.example.com": part of every external id
    std::string repo;        // the project as the route names it ("g/org/name" or "1000001")
    std::string project_id;  // numeric
    std::string ref;         // the commit analysed ("" when the analysis does not name one)
    std::string url;         // the project's page for people (the same for every analysis)
    std::string analyzed_at; // ISO 8601: the alerts' updated_at ("" when unknown)
};

// One result of the log: parsed, or failed alone with a message naming the result and the field.
using ParsedItem = util::Result<model::SourceItem>;

// Streams the results of a SARIF 2.1.0 log (runs[].results[]) with simdjson on-demand, calling `each` for every
// result in document order, so that no tree of the whole log is built. A result whose fields are missing or
// mistyped fails alone (subject: its external id when its key was readable). Returns how many results were given,
// or a Failure{parse} when the body is not a SARIF log or breaks off; the results before the break were given.
util::Result<std::size_t> parse_sarif(std::string body, const AnalysisContext& context,
                                      const std::function<void(ParsedItem)>& each);

// An analysis (getAnalysisForCommit): its id, commit, its project's page and when it ran.
struct Analysis {
    std::string id;
    std::string commit;
    std::string url;
    std::string analyzed_at;
};
util::Result<Analysis> parse_analysis(std::string_view body);
// A project (getProject, getProjectByUrlIdentifier): its numeric id, as text.
util::Result<std::string> parse_project_id(std::string_view body);

// The adapter (its row's make).
std::unique_ptr<sources::Source> make(const config::Source& source);

// The LGTM registry row (row.cpp): schema, vendor limits, identity, make.
const Row& row();

// The host part of a base URL for external ids: "https://LGTM.example.com/api/v1.0" -> "lgtm.example.com",
// "http://localhost:8080/api/v1.0" -> "127.0.0.1:8080".
std::string host_of(std::string_view base_url);

// "lgtm:<host>/<project id>/<alert key>" (no #number: LGTM's alert keys are opaque text).
std::string external_id(std::string_view host, std::string_view project_id, std::string_view key);
// LGTM ids are spelt as made: returned as is.
std::string canonical_id(std::string_view external_id);
// The one of `repos` whose alert `external_id` is, when a repository names the project by its numeric id; a URL
// identifier cannot be matched without asking LGTM for its id, so its alerts are nobody's here.
std::optional<std::string> repo_of(const config::Source& source, std::string_view external_id,
                                   std::span<const std::string> repos);

// Where a listing resumes: {"lgtm_project":"<id>","lgtm_analysis":"<id>"}.
struct Cursor {
    std::string project;  // the numeric project id learnt from its URL identifier; empty: not yet known
    std::string analysis; // the analysis whose alerts were all done; empty: none
};
Cursor read_cursor(std::string_view position);
std::string write_cursor(const Cursor& cursor);
// A position of write_cursor's form for people ("analysis <id>"); nullopt for any other text.
std::optional<std::string> describe_cursor(std::string_view position);

} // namespace issuebridge::sources::lgtm
