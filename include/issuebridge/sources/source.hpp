#pragma once
// A code host as the engine sees it: the items of one repository changed since a cursor, page by page.

#include "issuebridge/config/config.hpp"
#include "issuebridge/http/client.hpp"
#include "issuebridge/model/item.hpp"
#include "issuebridge/util/result.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace issuebridge::sources {

struct Page {
    // Oldest update first; a bad item fails alone, its Failure's subject naming it when its number was readable.
    std::vector<util::Result<model::SourceItem>> items;
    bool not_modified = false; // the first page answered 304: nothing changed since the stored ETag
    std::string etag;          // of this page
    // At most how many items the whole listing holds, as far as the source tells (GitHub: the last page's
    // number times the page size); 0 when it does not. For progress displays only.
    std::size_t total_hint = 0;
};

// One listing, read page by page so that memory stays flat however large the repository.
class Pager {
public:
    virtual ~Pager() = default;
    // The next page, nullopt after the last. A Failure (network, 404, a body that is not a page) ends the listing;
    // Failure::Kind::auth means the source refused our credentials.
    virtual util::Result<std::optional<Page>> next(http::Client& client) = 0;
};

// Real: sources/github (more to come); fake: tests' scripted sources.
class Source {
public:
    virtual ~Source() = default;
    // Items of `repo` updated at or after `since` (ISO 8601; empty: all), oldest update first. `etag` is sent
    // with the first request when not empty.
    virtual std::unique_ptr<Pager> changed_since(const std::string& repo, const std::string& since,
                                                 const std::string& etag) = 0;
    // The item of `repo` with `external_id` (one this source made) as it is now, read alone: to retry an item that
    // failed after the cursor passed it. A Failure when it cannot be read: http (404, 410) when it is gone, parse
    // naming the field when it is malformed, transport/timeout/rate_limit as for a listing, auth when refused.
    virtual util::Result<model::SourceItem> item(http::Client& client, const std::string& repo,
                                                 const std::string& external_id) = 0;
    // Reads `repo` with our credentials ('config check --online'): what was found, for people ("private,
    // issues on"), or why it cannot be synced (Failure::Kind::auth: the credentials were refused).
    virtual util::Result<std::string> probe(http::Client& client, const std::string& repo) = 0;
    // Where requests go, for the HTTP policy.
    virtual const std::string& base_url() const = 0;
};

// The adapter for `source.type` (its row in sources/registry.hpp), reading its secrets from the environment. Throws
// util::ConfigError when a secret's variable is unset or the type is not available in this build.
std::unique_ptr<Source> make_source(const config::Source& source);

} // namespace issuebridge::sources
