#include "support/fake_source.hpp"

#include <algorithm>
#include <utility>

namespace issuebridge::testing {

namespace {

class ScriptedListing final : public sources::Listing {
public:
    ScriptedListing(std::string repo, std::vector<std::vector<model::SourceItem>> pages, bool complete_set)
        : m_repo(std::move(repo)), m_pages(std::move(pages)), m_complete_set(complete_set) {}

    bool done() const override { return m_next >= m_pages.size() || m_failure; }
    std::vector<http::Request> next() override {
        http::Request r;
        r.url = FakeSource::page_url(m_repo, m_next);
        return {std::move(r)};
    }
    void on_outcome(std::size_t, http::Outcome outcome) override {
        if (!outcome.ok()) {
            m_failure = std::move(outcome).failure();
            return;
        }
        if (!outcome->success()) {
            m_failure = util::Failure{util::Failure::Kind::http,
                                      "page " + std::to_string(m_next) + " of " + m_repo + " answered " +
                                          std::to_string(outcome->status),
                                      static_cast<int>(outcome->status)};
            return;
        }
        sources::Page page;
        for (auto& item : m_pages[m_next]) {
            page.items.emplace_back(std::move(item));
        }
        m_taken.push_back(std::move(page));
        ++m_next;
    }
    std::vector<sources::Page> take() override { return std::exchange(m_taken, {}); }
    const std::optional<util::Failure>& failure() const override { return m_failure; }
    std::string complete(const std::string& cursor) const override { return cursor; }
    bool complete_set() const override { return m_complete_set; }

private:
    std::string m_repo;
    std::vector<std::vector<model::SourceItem>> m_pages;
    bool m_complete_set = false;
    std::size_t m_next = 0;
    std::vector<sources::Page> m_taken;
    std::optional<util::Failure> m_failure;
};

// One request (GET item_url); a 2xx answer gives the scripted item, or a Failure{http, 404} when none is.
class ScriptedRead final : public sources::ItemRead {
public:
    ScriptedRead(std::string url, util::Result<model::SourceItem> item)
        : m_url(std::move(url)), m_found(std::move(item)) {}
    bool done() const override { return m_done; }
    std::vector<http::Request> next() override {
        http::Request r;
        r.url = m_url;
        return {std::move(r)};
    }
    void on_outcome(std::size_t, http::Outcome outcome) override {
        m_done = true;
        if (!outcome.ok()) {
            m_item = std::move(outcome).failure();
        } else if (!outcome->success()) {
            m_item = util::Failure{util::Failure::Kind::http, m_url + " answered " + std::to_string(outcome->status),
                                   static_cast<int>(outcome->status)};
        } else {
            m_item = m_found;
        }
    }
    const util::Result<model::SourceItem>& item() const override { return m_item; }

private:
    std::string m_url;
    util::Result<model::SourceItem> m_found;
    util::Result<model::SourceItem> m_item = util::Failure{util::Failure::Kind::other, "not read", 0};
    bool m_done = false;
};

// One request (GET pattern_url): the scripted repositories on a 2xx answer.
class ScriptedRepos final : public sources::RepoListing {
public:
    ScriptedRepos(std::string url, std::vector<std::string> repos) : m_url(std::move(url)), m_found(std::move(repos)) {}
    bool done() const override { return m_done; }
    std::vector<http::Request> next() override {
        http::Request r;
        r.url = m_url;
        return {std::move(r)};
    }
    void on_outcome(std::size_t, http::Outcome outcome) override {
        m_done = true;
        if (!outcome.ok()) {
            m_repos = std::move(outcome).failure();
        } else if (!outcome->success()) {
            const auto kind = outcome->status == 404 ? util::Failure::Kind::config : util::Failure::Kind::http;
            m_repos = util::Failure{kind, m_url + " answered " + std::to_string(outcome->status),
                                    static_cast<int>(outcome->status)};
        } else {
            m_repos = m_found;
        }
    }
    const util::Result<std::vector<std::string>>& repos() const override { return m_repos; }

private:
    std::string m_url;
    std::vector<std::string> m_found;
    util::Result<std::vector<std::string>> m_repos = util::Failure{util::Failure::Kind::other, "not read", 0};
    bool m_done = false;
};

std::int64_t number_of(const std::string& cursor) { return cursor.empty() ? 0 : std::stoll(cursor); }

} // namespace

void FakeSource::add_page(const std::string& repo, std::vector<model::SourceItem> items) {
    m_pages[repo].push_back(std::move(items));
}

model::SourceItem FakeSource::item(const std::string& repo, std::int64_t number, std::string updated_at) {
    model::SourceItem i;
    i.external_id = "fake:" + repo + "/" + std::to_string(number); // no '#number': ids are the source's own
    i.repo = repo;
    i.number = number;
    i.title = "item " + std::to_string(number);
    i.updated_at = updated_at.empty() ? "2026-01-01T00:00:00Z" : std::move(updated_at);
    return i;
}

std::string FakeSource::page_url(const std::string& repo, std::size_t page) {
    return "https://fake.example/" + repo + "/page/" + std::to_string(page);
}

std::unique_ptr<sources::Listing> FakeSource::changed(const std::string& repo, const std::string& cursor) {
    const std::int64_t after = m_complete_sets ? 0 : number_of(cursor);
    std::vector<std::vector<model::SourceItem>> pages;
    for (const auto& page : m_pages[repo]) {
        std::vector<model::SourceItem> left;
        std::copy_if(page.begin(), page.end(), std::back_inserter(left),
                     [&](const model::SourceItem& i) { return i.number > after; });
        if (!left.empty() || page.empty()) {
            pages.push_back(std::move(left));
        }
    }
    return std::make_unique<ScriptedListing>(repo, std::move(pages), m_complete_sets);
}

std::unique_ptr<sources::Listing> FakeSource::updated_within(const std::string& repo, int, std::int64_t) {
    return changed(repo, "");
}

std::string FakeSource::advance(const std::string& cursor, const model::SourceItem& item) const {
    return std::to_string(std::max(number_of(cursor), item.number));
}

std::string FakeSource::item_url(const std::string& repo, const std::string& external_id) {
    return "https://fake.example/" + repo + "/item/" + external_id.substr(external_id.rfind('/') + 1);
}

std::unique_ptr<sources::ItemRead> FakeSource::read(const std::string& repo, const std::string& external_id) {
    for (const auto& page : m_pages[repo]) {
        for (const auto& i : page) {
            if (i.external_id == external_id) {
                return std::make_unique<ScriptedRead>(item_url(repo, external_id), i);
            }
        }
    }
    return std::make_unique<ScriptedRead>(item_url(repo, external_id),
                                          util::Failure{util::Failure::Kind::http, external_id + " is gone", 404});
}

util::Result<std::string> FakeSource::probe(http::Client&, const std::string&) { return std::string("fake"); }

} // namespace issuebridge::testing

namespace issuebridge::testing {

void FakeSource::add_pattern(const std::string& pattern, std::vector<std::string> repos) {
    m_patterns[pattern] = std::move(repos);
}

std::string FakeSource::pattern_url(const std::string& pattern) { return "https://fake.example/patterns/" + pattern; }

std::unique_ptr<sources::RepoListing> FakeSource::expand(const std::string& pattern) {
    return std::make_unique<ScriptedRepos>(pattern_url(pattern), m_patterns[pattern]);
}

} // namespace issuebridge::testing
