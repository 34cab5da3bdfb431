#pragma once
// What a pattern names, read from a listing whose pages are linked by rel="next" (GitHub's repositories of an
// organisation, GitLab's projects of a group). Private to sources/: each adapter gives its URLs and its parser.

#include "issuebridge/http/pagination.hpp"
#include "issuebridge/sources/source.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace issuebridge::sources {

class RepoPages final : public RepoListing {
public:
    using MakeRequest = std::function<http::Request(std::string url)>;
    // The repositories of one page, or Failure{parse} naming the field.
    using Parse = std::function<util::Result<std::vector<std::string>>(std::string_view body)>;
    // Reads `urls` in turn while the first page of one answers 404 (GitHub: an organisation's, then a user's);
    // a 404 of the last is Failure{config} "<what> not found on <host>". `what`: "group 'a/b'", for messages.
    RepoPages(std::vector<std::string> urls, MakeRequest request, Parse parse, std::string what, std::string host);

    bool done() const override { return m_url.empty() || !m_repos.ok(); }
    std::vector<http::Request> next() override { return {m_request(m_url)}; }
    void on_outcome(std::size_t index, http::Outcome outcome) override;
    const util::Result<std::vector<std::string>>& repos() const override { return m_repos; }

private:
    void start(std::size_t url);

    std::vector<std::string> m_urls;
    std::size_t m_first = 0; // which of m_urls is being read
    MakeRequest m_request;
    Parse m_parse;
    std::string m_what;
    std::string m_host;
    std::string m_url; // the next page's; empty once the last page was read
    bool m_first_page = true;
    std::optional<http::NextLinks> m_links;
    util::Result<std::vector<std::string>> m_repos = std::vector<std::string>{};
};

} // namespace issuebridge::sources
