#pragma once
// A scripted source for tests of the engine: each repository's listing is pages of items given in advance, one
// request per page (GET https://fake.example/<repo>/page/<n>) through the client the engine drives, so a recording
// client sees which listings share a round. Its cursor is the highest item number done ("" : none).

#include "issuebridge/sources/source.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace issuebridge::testing {

class FakeSource final : public sources::Source {
public:
    // Appends a page of `items` (their numbers ascending, across pages too) to the listing of `repo`.
    void add_page(const std::string& repo, std::vector<model::SourceItem> items);
    // From now on every listing gives every item whatever the cursor, and says it is the complete set of the
    // repository's items (sources::Listing::complete_set), as a source that lists whole snapshots does.
    void list_complete_sets() { m_complete_sets = true; }
    // An item of `repo` numbered `number`, updated at `updated_at`, with an external id of type "fake".
    static model::SourceItem item(const std::string& repo, std::int64_t number, std::string updated_at = {});
    // The URL of page `page` (from 0) of `repo`'s listing.
    static std::string page_url(const std::string& repo, std::size_t page);
    // The URL a read of `external_id` (one of item()'s) in `repo` asks for.
    static std::string item_url(const std::string& repo, const std::string& external_id);

    // What `pattern` names: expand's answer on a 2xx (a Failure{config} on a 404, else Failure{http}).
    void add_pattern(const std::string& pattern, std::vector<std::string> repos);
    // The URL expand(`pattern`) asks for.
    static std::string pattern_url(const std::string& pattern);

    // The pages holding items numbered above `cursor` (every page after list_complete_sets()); a page whose answer is
    // not 2xx ends it with a Failure.
    std::unique_ptr<sources::Listing> changed(const std::string& repo, const std::string& cursor) override;
    // Every page.
    std::unique_ptr<sources::Listing> updated_within(const std::string& repo, int days, std::int64_t now) override;
    // The highest of the cursor's number and the item's.
    std::string advance(const std::string& cursor, const model::SourceItem& item) const override;
    // One request (GET item_url): the scripted item on a 2xx answer, else a Failure; Failure{http, 404} when
    // no page of `repo` holds it.
    std::unique_ptr<sources::ItemRead> read(const std::string& repo, const std::string& external_id) override;
    util::Result<std::string> probe(http::Client& client, const std::string& repo) override;
    // One request (GET pattern_url): the repositories add_pattern gave (none when it gave none).
    std::unique_ptr<sources::RepoListing> expand(const std::string& pattern) override;
    const std::string& base_url() const override { return m_base_url; }
    // As a source of complete sets: after list_complete_sets().
    bool gone_means_closed() const override { return m_complete_sets; }

private:
    std::string m_base_url = "https://fake.example";
    std::map<std::string, std::vector<std::vector<model::SourceItem>>> m_pages; // by repository
    std::map<std::string, std::vector<std::string>> m_patterns;
    bool m_complete_sets = false;
};

} // namespace issuebridge::testing
