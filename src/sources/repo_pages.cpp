#include "repo_pages.hpp"

#include <utility>

namespace issuebridge::sources {

RepoPages::RepoPages(std::vector<std::string> urls, MakeRequest request, Parse parse, std::string what,
                     std::string host)
    : m_urls(std::move(urls)), m_request(std::move(request)), m_parse(std::move(parse)), m_what(std::move(what)),
      m_host(std::move(host)) {
    start(0);
}

void RepoPages::start(std::size_t url) {
    m_first = url;
    m_first_page = true;
    m_url = m_urls.at(url);
    m_links.emplace(m_url);
}

void RepoPages::on_outcome(std::size_t, http::Outcome outcome) {
    const bool first_page = std::exchange(m_first_page, false);
    if (!outcome.ok()) {
        m_repos = std::move(outcome).failure();
        return;
    }
    const http::Response& response = *outcome;
    if (response.status == 404 && first_page && m_first + 1 < m_urls.size()) {
        start(m_first + 1);
        return;
    }
    if (response.status == 404) {
        m_repos = util::Failure{util::Failure::Kind::config, m_what + " not found on " + m_host, 404};
        return;
    }
    const std::string what = "list the repositories of " + m_what;
    if (!response.success()) {
        m_repos = http::failure_from(response, what);
        return;
    }
    auto page = m_parse(response.body);
    if (!page.ok()) {
        m_repos = util::Failure{util::Failure::Kind::parse, page.failure().message + " (from " + m_what + ")", 0};
        return;
    }
    m_repos->insert(m_repos->end(), page->begin(), page->end());
    auto next = m_links->after(response, what);
    if (!next.ok()) {
        m_repos = std::move(next).failure(); // a listing cut short would leave repositories out unseen
        return;
    }
    m_url = std::move(*next);
}

} // namespace issuebridge::sources
