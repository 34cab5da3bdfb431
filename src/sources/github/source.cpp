// GitHub issues and pull requests through GET /repos/{owner}/{repo}/issues, oldest update first.

#include "issuebridge/http/pagination.hpp"
#include "issuebridge/sources/github.hpp"
#include "issuebridge/sources/source.hpp"
#include "issuebridge/util/strings.hpp"

#include <simdjson.h>

#include <charconv>
#include <optional>
#include <utility>

namespace issuebridge::sources::github {

namespace {

constexpr std::size_t k_per_page = 100;

// The page number of GitHub's rel="last" link, or 0.
std::size_t last_page(const http::Response& response) {
    const auto last = http::link_rel(response, "last");
    const auto query = last ? last->find('?') : std::string::npos;
    std::size_t page = 0;
    if (query != std::string::npos) {
        for (const auto& part : util::split(last->substr(query + 1), '&')) {
            if (part.starts_with("page=")) {
                std::from_chars(part.data() + 5, part.data() + part.size(), page);
            }
        }
    }
    return page;
}

// A GET of the REST API, versioned, with our token when there is one.
http::Request request(std::string url, const std::string& authorization) {
    http::Request r;
    r.url = std::move(url);
    r.headers = {{"Accept", "application/vnd.github+json"}, {"X-GitHub-Api-Version", "2022-11-28"}};
    if (!authorization.empty()) {
        r.headers.emplace_back("Authorization", authorization);
    }
    return r;
}

class IssuesPager final : public Pager {
public:
    IssuesPager(std::string url, std::string etag, std::string authorization, PageContext context)
        : m_url(std::move(url)), m_links(m_url), m_etag(std::move(etag)), m_authorization(std::move(authorization)),
          m_context(std::move(context)) {}

    util::Result<std::optional<Page>> next(http::Client& client) override {
        if (m_stop) {
            return *std::exchange(m_stop, std::nullopt);
        }
        if (m_url.empty()) {
            return std::optional<Page>();
        }
        http::Request request = github::request(m_url, m_authorization);
        request.if_none_match = std::exchange(m_etag, std::string()); // the first page only
        auto outcome = client.send(request);
        if (!outcome.ok()) {
            return std::move(outcome).failure();
        }
        const http::Response& response = *outcome;
        Page page;
        page.etag = response.header("etag").value_or("");
        if (response.not_modified()) {
            m_url.clear();
            page.not_modified = true;
            return std::optional<Page>(std::move(page));
        }
        if (response.status == 404) {
            // GitHub answers 404 for a repository that does not exist and for one the token may not see.
            return util::Failure{util::Failure::Kind::config,
                                 "repository '" + m_context.repo + "' not found on " + m_context.host, 404};
        }
        const std::string what = "list issues of '" + m_context.repo + "'";
        if (!response.success()) {
            return http::failure_from(response, what);
        }
        auto items = parse_issues_page(response.body, m_context);
        if (!items.ok()) {
            return util::Failure{util::Failure::Kind::parse, items.failure().message + " (from " + m_context.repo + ")", 0};
        }
        page.items = std::move(*items);
        page.total_hint = last_page(response) * k_per_page;
        auto next = m_links.after(response, what);
        if (next.ok()) {
            m_url = std::move(*next);
        } else {
            m_url.clear();
            m_stop = std::move(next).failure(); // this page is good; the listing ends with the next call
        }
        return std::optional<Page>(std::move(page));
    }

private:
    std::string m_url; // empty once the last page was read
    http::NextLinks m_links;
    std::optional<util::Failure> m_stop; // a next link we refused to follow
    std::string m_etag;
    std::string m_authorization;
    PageContext m_context;
};

class GithubSource final : public Source {
public:
    explicit GithubSource(const config::Source& s) : m_base_url(s.base_url), m_host(host_of(s.base_url)) {
        if (const auto token = s.secrets.find("token_env"); token != s.secrets.end()) {
            m_authorization = "Bearer " + config::read_secret(token->second, "source '" + s.name + "'");
        }
    }

    std::unique_ptr<Pager> changed_since(const std::string& repo, const std::string& since,
                                         const std::string& etag) override {
        std::string url = m_base_url + "/repos/" + repo + "/issues?state=all&sort=updated&direction=asc&per_page=" +
                          std::to_string(k_per_page);
        if (!since.empty()) {
            url += "&since=" + util::url_encode(since);
        }
        return std::make_unique<IssuesPager>(std::move(url), etag, m_authorization, PageContext{m_host, repo});
    }

    util::Result<model::SourceItem> item(http::Client& client, const std::string& repo,
                                         const std::string& external_id) override {
        const auto hash = external_id.rfind('#');
        const std::string number = hash == std::string::npos ? std::string() : external_id.substr(hash + 1);
        if (number.empty() || number.find_first_not_of("0123456789") != std::string::npos) {
            return util::Failure{util::Failure::Kind::other, "'" + external_id + "' is not a github item id", 0};
        }
        auto outcome = client.send(request(m_base_url + "/repos/" + repo + "/issues/" + number, m_authorization));
        if (!outcome.ok()) {
            return std::move(outcome).failure();
        }
        if (!outcome->success()) {
            return http::failure_from(*outcome, "read " + repo + "#" + number);
        }
        return parse_issue(outcome->body, PageContext{m_host, repo});
    }

    util::Result<std::string> probe(http::Client& client, const std::string& repo) override {
        auto outcome = client.send(request(m_base_url + "/repos/" + repo, m_authorization));
        if (!outcome.ok()) {
            return std::move(outcome).failure();
        }
        if (outcome->status == 404) {
            return util::Failure{util::Failure::Kind::http,
                                 "repository '" + repo + "' does not exist or this token cannot see it", 404};
        }
        if (!outcome->success()) {
            return http::failure_from(*outcome, "read repository '" + repo + "'");
        }
        // DOM, not on-demand: the whole answer is checked before any field is read (see parse.cpp).
        simdjson::dom::parser parser;
        simdjson::dom::element doc;
        bool is_private = false;
        bool has_issues = false;
        if (parser.parse(outcome->body).get(doc)) {
            return util::Failure{util::Failure::Kind::parse, "github repository answer: the body is not valid JSON", 0};
        }
        if (doc["private"].get_bool().get(is_private) || doc["has_issues"].get_bool().get(has_issues)) {
            return util::Failure{util::Failure::Kind::parse, "github repository answer: field 'has_issues' is malformed",
                                 0};
        }
        if (!has_issues) {
            return util::Failure{util::Failure::Kind::other, "repository '" + repo + "' has issues turned off", 0};
        }
        return std::string(is_private ? "private" : "public") + ", issues on";
    }

    const std::string& base_url() const override { return m_base_url; }

private:
    std::string m_base_url;
    std::string m_host;
    std::string m_authorization;
};

} // namespace

std::unique_ptr<Source> make(const config::Source& source) { return std::make_unique<GithubSource>(source); }

} // namespace issuebridge::sources::github
