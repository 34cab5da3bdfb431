#include "issuebridge/sources/source.hpp"

#include <utility>

namespace issuebridge::sources {

namespace {

// Done from the start, with the reason it lists nothing.
class NoRepos final : public RepoListing {
public:
    explicit NoRepos(util::Failure failure) : m_repos(std::move(failure)) {}
    bool done() const override { return true; }
    std::vector<http::Request> next() override { return {}; }
    void on_outcome(std::size_t, http::Outcome) override {}
    const util::Result<std::vector<std::string>>& repos() const override { return m_repos; }

private:
    util::Result<std::vector<std::string>> m_repos;
};

} // namespace

std::unique_ptr<RepoListing> Source::expand(const std::string& pattern) {
    return std::make_unique<NoRepos>(util::Failure{
        util::Failure::Kind::config, "this source cannot list the repositories '" + pattern + "' names", 0});
}

} // namespace issuebridge::sources
