#pragma once
// GitHub code scanning (github.com and Enterprise Server) as a source: the alerts of
// GET /repos/{owner}/{repo}/code-scanning/alerts, which has no `since` (API-FACTS §1.4, §1.6), so the source keeps its
// own watermark: newest-updated first, stopping below it, with If-None-Match on the first page.

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

namespace issuebridge::sources::codescanning {

struct PageContext {
    std::string host; // e.g. "github.com" or "ghe.example.com": part of every external id
    std::string repo; // "owner/name" as the route names it
};

// One listed alert: parsed, or failed alone with a message naming the alert and the field.
using ParsedItem = util::Result<model::SourceItem>;

// Parses a page body (a JSON array of alerts). An alert whose state is null (found off the default branch only,
// API-FACTS §1.6) is skipped: it is no alert of the default branch yet. A body that is not a JSON array fails the
// whole page with Failure::Kind::parse, so no cursor moves past alerts it never saw.
util::Result<std::vector<ParsedItem>> parse_alerts_page(std::string_view body, const PageContext& context);
// Parses the body of GET /repos/{owner}/{repo}/code-scanning/alerts/{number}; a null-state alert fails (kind other).
ParsedItem parse_alert(std::string_view body, const PageContext& context);

// The adapter (its row's make).
std::unique_ptr<sources::Source> make(const config::Source& source);

// The code scanning registry row (row.cpp): schema, vendor limits, identity, make.
const Row& row();

// The host part of a base URL for external ids: "https://api.github.com" -> "github.com",
// "https://GHE.example.com:443/api/v3" -> "ghe.example.com", "http://localhost:8080" -> "127.0.0.1:8080".
// (The same spelling as the GitHub source's, duplicated here: a source may not include another's private header.)
std::string host_of(std::string_view base_url);

// "codescanning:<host>/<owner>/<name>#<number>", owner and name lowercased (GitHub names them case-insensitively).
std::string external_id(std::string_view host, std::string_view repo, std::int64_t number);
// `external_id` as this source spells ids now (lowercase); an id of another source is returned as is.
std::string canonical_id(std::string_view external_id);
// The one of `repos` whose alert `external_id` is.
std::optional<std::string> repo_of(const config::Source& source, std::string_view external_id,
                                   std::span<const std::string> repos);

// Where a listing resumes: {"alerts_updated":"...","etag":"..."}.
struct Cursor {
    std::string updated; // ISO 8601: alerts updated before it were all done; empty: list everything
    std::string etag;    // of the first page of the listing (its URL never changes); empty: none
};
Cursor read_cursor(std::string_view position);
std::string write_cursor(const Cursor& cursor);
// A position of write_cursor's form for people (its watermark); nullopt for any other text.
std::optional<std::string> describe_cursor(std::string_view position);
// How far before the newest listed alert the next listing stops: updated_at may lag the listing's order a little.
inline constexpr std::int64_t k_cursor_overlap_seconds = 60;

} // namespace issuebridge::sources::codescanning
