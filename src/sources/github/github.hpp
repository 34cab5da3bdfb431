#pragma once
// GitHub (github.com and Enterprise Server) as a source: the parsing of GET /repos/{owner}/{repo}/issues pages,
// which list issues and pull requests alike (a pull request carries a "pull_request" object).

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

namespace issuebridge::sources::github {

struct PageContext {
    std::string host; // e.g. "github.com" or "ghe.example.com": part of every external id
    std::string repo; // "owner/name"
};

// One listed item: parsed, or failed alone with a message naming the item and the field.
using ParsedItem = util::Result<model::SourceItem>;

// Parses a page body. A body that is not a JSON array of objects (truncated, HTML, an error object) fails the
// whole page with Failure::Kind::parse, so no cursor moves past items it never saw.
util::Result<std::vector<ParsedItem>> parse_issues_page(std::string_view body, const PageContext& context);
// Parses a page of GET /orgs/{org}/repos or /users/{user}/repos: the full names of its repositories, archived ones
// and forks left out unless included. A body that is not a JSON array, or a repository without a readable
// full_name, archived or fork, fails the whole page (Failure::Kind::parse naming the field).
util::Result<std::vector<std::string>> parse_repos_page(std::string_view body, bool include_archived,
                                                        bool include_forks);
// Parses the body of GET /repos/{owner}/{repo}/issues/{number}: one issue object.
ParsedItem parse_issue(std::string_view body, const PageContext& context);

// The adapter (its row's make).
std::unique_ptr<sources::Source> make(const config::Source& source);

// GitHub's registry row (sources/github/row.cpp): schema, vendor limits, make.
const Row& row();

// The host part of a base URL for external ids, in one spelling per server: "https://api.github.com" ->
// "github.com", "https://GHE.example.com:443/api/v3" -> "ghe.example.com", "http://localhost:8080" ->
// "127.0.0.1:8080" (hosts lowercase, default ports dropped, loopback names as 127.0.0.1).
std::string host_of(std::string_view base_url);

// `external_id` as this source spells ids now (owner, repository and host in lowercase, loopback names as
// 127.0.0.1, no default port), for ids read back from markers or states made before it did (e.g.
// "github:github.com/Unidata/MetPy#1", "github:localhost:8080/o/r#3"); an id of another source is returned as is.
std::string canonical_id(std::string_view external_id);

// The one of `repos` whose item `external_id` ("github:<host_of(base_url)>/<owner>/<name>#<number>") is.
std::optional<std::string> repo_of(const config::Source& source, std::string_view external_id,
                                   std::span<const std::string> repos);

// Where a listing resumes: the position GitHub's cursors hold, as the JSON object {"since":"...","etag":"..."}
// (the form every cursor written before state schema 5 was given too).
struct Cursor {
    std::string since; // ISO 8601; items updated at or after it still need a look; empty: all
    std::string etag;  // of the first page of the listing with this since; empty: none
};
// A position as written by write_cursor; an empty or unreadable one is the empty cursor (everything).
Cursor read_cursor(std::string_view position);
std::string write_cursor(const Cursor& cursor);
// A position of write_cursor's form for people: its since (empty: from the beginning); nullopt for any other text.
std::optional<std::string> describe_cursor(std::string_view position);
// How far before the newest done item a cursor resumes: the updated_at GitHub reports can be a little behind
// the order its listing follows, so a few seconds are listed again.
inline constexpr std::int64_t k_cursor_overlap_seconds = 60;
// The position after an item updated at `updated_at` is done: since = max(since, updated_at - overlap); the ETag
// is dropped (it belongs to the listing of the old since).
std::string advance(std::string_view position, std::string_view updated_at);

} // namespace issuebridge::sources::github
