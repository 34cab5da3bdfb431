#pragma once
// A code host as the engine sees it: the items of one repository changed since a cursor, page by page, read as
// operations (http/operation.hpp) so that one driver reads many repositories at once.

#include "issuebridge/config/config.hpp"
#include "issuebridge/http/client.hpp"
#include "issuebridge/http/operation.hpp"
#include "issuebridge/model/item.hpp"
#include "issuebridge/util/result.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace issuebridge::sources {

struct Page {
    // Oldest update first; a bad item fails alone, its Failure's subject naming it when its number was readable.
    std::vector<util::Result<model::SourceItem>> items;
    bool not_modified = false; // the first page answered "nothing changed since the cursor" (GitHub: 304)
    // At most how many items the whole listing holds, as far as the source tells (GitHub: the last page's
    // number times the page size); 0 when it does not. For progress displays only.
    std::size_t total_hint = 0;
    // Items the source read but left out by a rule of its own (GitLab: confidential issues unless the source
    // allows them); counted in the run report so that people know they exist.
    std::size_t left_out = 0;
};

// One listing, read page by page so that memory stays flat however large the repository: each round asks for
// the next page only once the last one was answered, so at most one page is in hand.
class Listing : public http::Operation {
public:
    // The pages completed by the last round, oldest first, moved out.
    virtual std::vector<Page> take() = 0;
    // Why the listing ended early, once done(): network, a repository the source does not know (Kind::config), a
    // body that is not a page; Kind::auth when the source refused our credentials. nullopt: it read to its end.
    virtual const std::optional<util::Failure>& failure() const = 0;
    // The cursor to keep once every item the whole listing gave is done, given `cursor`, the one advanced so far
    // past those items (Source::advance). Called only when the listing read to its end.
    virtual std::string complete(const std::string& cursor) const = 0;
    // Whether this listing, once read to its end without failure (and not answered "nothing changed"), gives every
    // item the repository has now, not only those changed since the cursor: then a linked item it did not give is
    // gone from the source (an alert no longer found by the latest analysis) and the engine closes it. False: what
    // a listing leaves out says nothing.
    virtual bool complete_set() const { return false; }
};

// One item read alone.
class ItemRead : public http::Operation {
public:
    // The item as it is now, once done(). A Failure when it cannot be read: http (404, 410) when it is gone,
    // parse naming the field when it is malformed, transport/timeout/rate_limit as for a listing, auth when refused.
    virtual const util::Result<model::SourceItem>& item() const = 0;
};

// The repositories one pattern of a route's repos names ("group/**"), listed page by page.
class RepoListing : public http::Operation {
public:
    // Once done(): every repository the pattern names now, in the source's order; or why they could not be
    // listed: Kind::config for a group or owner the source does not know, Kind::auth when it refused our
    // credentials, Kind::parse naming the field of a malformed answer, network failures as for a Listing.
    virtual const util::Result<std::vector<std::string>>& repos() const = 0;
};

// Real: sources/github (more to come); fake: tests/support/fake_source.hpp.
class Source {
public:
    virtual ~Source() = default;
    // The items of `repo` that changed after `cursor` (a position this source wrote; empty: every item), oldest
    // update first.
    virtual std::unique_ptr<Listing> changed(const std::string& repo, const std::string& cursor) = 0;
    // The items of `repo` updated within the last `days` days before `now` (unix seconds), whatever any cursor says.
    virtual std::unique_ptr<Listing> updated_within(const std::string& repo, int days, std::int64_t now) = 0;
    // The cursor that resumes after `item` (listed from `cursor`, and now done); never one that resumes earlier
    // than `cursor` does. Empty `cursor`: from the start.
    virtual std::string advance(const std::string& cursor, const model::SourceItem& item) const = 0;
    // Reads the item of `repo` with `external_id` (one this source made): to retry an item that failed after the
    // cursor passed it.
    virtual std::unique_ptr<ItemRead> read(const std::string& repo, const std::string& external_id) = 0;
    // Reads `repo` with our credentials ('config check --online'): what was found, for people ("private,
    // issues on"), or why it cannot be synced (Failure::Kind::auth: the credentials were refused).
    virtual util::Result<std::string> probe(http::Client& client, const std::string& repo) = 0;
    // The listing of the repositories `pattern` names now: a route's repos entry for which config::is_pattern
    // holds, accepted by this source's schema (its group_pattern). The default, for sources whose schema takes no
    // patterns, is a listing that is done at once with a Failure.
    virtual std::unique_ptr<RepoListing> expand(const std::string& pattern);
    // Where requests go, for the HTTP policy.
    virtual const std::string& base_url() const = 0;
    // Whether a linked item that read() finds gone (Failure{http, 404 or 410}) is closed, as one its complete
    // listing leaves out is (Listing::complete_set): true for a source whose items have no life apart from the set
    // (an alert a later analysis no longer reports), so that a close the target refused once is retried to the end.
    virtual bool gone_means_closed() const { return false; }
};

// The adapter for `source.type` (its row in sources/registry.hpp), reading its secrets from the environment. Throws
// util::ConfigError when a secret's variable is unset or the type is not available in this build.
std::unique_ptr<Source> make_source(const config::Source& source);

// How a source type names its items and positions, without any network: what 'state adopt', 'status' and the
// state's migrations need.
struct Identity {
    // The one of `repos` (a route's, with source `source`) whose item `external_id` is, or nullopt when it is no
    // item of theirs (another type, host or repository). For an item of a repository that a pattern among `repos`
    // names, the repository as the id spells it.
    std::optional<std::string> (*repo_of)(const config::Source& source, std::string_view external_id,
                                          std::span<const std::string> repos);
    // `external_id` as this type spells ids now, for ids read back from markers or states made before it did; an
    // id of another type is returned as is.
    std::string (*canonical_id)(std::string_view external_id);
    // A cursor position of this type for people (GitHub: its since; empty for "from the beginning"), or nullopt
    // when `position` is not one of this type's.
    std::optional<std::string> (*describe_cursor)(std::string_view position);
};

// The identity of source type `type`, or nullptr when this build has no such type.
const Identity* identity(std::string_view type);

// `external_id` as whichever type made it spells ids now (every type's canonical_id in turn).
std::string canonical_id(std::string_view external_id);

// A cursor position for people, as the first type that knows it describes it; the position as is when none does.
std::string describe_cursor(std::string_view position);

} // namespace issuebridge::sources
