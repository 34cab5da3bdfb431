#pragma once
// GitHub (github.com and Enterprise Server) as a source: the parsing of GET /repos/{owner}/{repo}/issues pages,
// which list issues and pull requests alike (a pull request carries a "pull_request" object).

#include "issuebridge/config/config.hpp"
#include "issuebridge/model/item.hpp"
#include "issuebridge/util/result.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace issuebridge::sources {
class Source;
}

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
// Parses the body of GET /repos/{owner}/{repo}/issues/{number}: one issue object.
ParsedItem parse_issue(std::string_view body, const PageContext& context);

// The adapter (registry entry).
std::unique_ptr<sources::Source> make(const config::Source& source);

// The host part of a base URL for external ids, in one spelling per server: "https://api.github.com" ->
// "github.com", "https://GHE.example.com:443/api/v3" -> "ghe.example.com", "http://localhost:8080" ->
// "127.0.0.1:8080" (hosts lowercase, default ports dropped, loopback names as 127.0.0.1).
std::string host_of(std::string_view base_url);

// `external_id` as this source spells ids now (owner, repository and host in lowercase), for ids read back from
// markers made before it did (e.g. "github:github.com/Unidata/MetPy#1"); an id of another source is returned as is.
std::string canonical_id(std::string_view external_id);

} // namespace issuebridge::sources::github
