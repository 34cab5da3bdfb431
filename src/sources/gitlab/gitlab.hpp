#pragma once
// GitLab (gitlab.com and self-managed, REST v4) as a source: issues from GET /projects/:id/issues and merge
// requests from GET /projects/:id/merge_requests, two resources with iid sequences of their own.

#include "issuebridge/config/config.hpp"
#include "issuebridge/model/item.hpp"
#include "issuebridge/sources/registry.hpp"
#include "issuebridge/util/result.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace issuebridge::sources::gitlab {

struct PageContext {
    std::string host;    // host_of(base_url), e.g. "gitlab.com": part of every external id
    std::string project; // the project's full path as the route names it, e.g. "group/sub/project"
    std::string kind;    // "issue" or "merge_request": which endpoint the page came from
    std::string web;     // the instance's web root for GFM references, e.g. "https://gitlab.com"
};

using ParsedItem = util::Result<model::SourceItem>;

// What one page held: its items, and how many confidential issues were left out of them.
struct ParsedPage {
    std::vector<ParsedItem> items;
    std::size_t confidential = 0;
};

// Parses a list page. A body that is not a JSON array fails the whole page (Failure::Kind::parse), so no cursor
// moves past items it never saw. Confidential issues are left out (and counted) unless `include_confidential`.
util::Result<ParsedPage> parse_page(std::string_view body, const PageContext& context, bool include_confidential);
// Parses a page of GET /groups/:id/projects: the full paths (path_with_namespace) of its projects, archived ones
// left out. A body that is not a JSON array, or a project without a readable path, fails the whole page
// (Failure::Kind::parse naming the field), so no project of a group is left out unseen.
util::Result<std::vector<std::string>> parse_projects_page(std::string_view body);
// Parses one issue or merge request object (GET /projects/:id/issues/:iid, /merge_requests/:iid).
ParsedItem parse_item(std::string_view body, const PageContext& context);

// GitLab Flavored Markdown references made absolute: #123, !45, ~label, ~"two words", @user and relative
// /uploads/... links point at `web` and `project`, so they work in any target.
std::string absolute_references(std::string_view markdown, std::string_view web, std::string_view project);

// "https://gitlab.com/api/v4" -> "gitlab.com"; "http://localhost:8080/api/v4" -> "127.0.0.1:8080" (lowercase,
// default port dropped, loopback names as 127.0.0.1).
std::string host_of(std::string_view base_url);
// The web root of an API base URL: "https://gitlab.com/api/v4" -> "https://gitlab.com".
std::string web_of(std::string_view base_url);

// "gitlab:<host>/<path>#<iid>" for issues, "gitlab:<host>/<path>!<iid>" for merge requests; the path lowercase
// (GitLab paths are case-insensitive).
std::string external_id(std::string_view host, std::string_view project, std::string_view kind, std::int64_t iid);
std::string canonical_id(std::string_view external_id);
std::optional<std::string> repo_of(const config::Source& source, std::string_view external_id,
                                   std::span<const std::string> repos);

// Where a listing resumes, one position per resource: a crash after issues were done must not skip the merge
// requests listed after them. JSON {"issues":"<ISO 8601>","merge_requests":"<ISO 8601>"}; empty: from the start.
struct Cursor {
    std::string issues;
    std::string merge_requests;
};
Cursor read_cursor(std::string_view position);
std::string write_cursor(const Cursor& cursor);
// The older of the two positions, for people; nullopt for a position that is not of this form.
std::optional<std::string> describe_cursor(std::string_view position);
// updated_after is inclusive; the overlap re-lists a minute so that an update committed out of order is not lost.
inline constexpr std::int64_t k_cursor_overlap_seconds = 60;
std::string advance(std::string_view position, std::string_view kind, std::string_view updated_at);

std::unique_ptr<sources::Source> make(const config::Source& source);
const Row& row();

} // namespace issuebridge::sources::gitlab
