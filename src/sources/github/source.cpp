// GitHub issues and pull requests through GET /repos/{owner}/{repo}/issues, oldest update first, as operations;
// its cursors.

#include "../cursor_fields.hpp"
#include "github.hpp"

#include "../repo_pages.hpp"

#include "issuebridge/http/pagination.hpp"
#include "issuebridge/sources/source.hpp"
#include "issuebridge/util/error.hpp"
#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/strings.hpp"
#include "issuebridge/util/time.hpp"

#include <simdjson.h>

#include <algorithm>
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

// GET /repos/{owner}/{repo}/issues page after page, following rel="next" (NextLinks: same origin, no loop).
class IssuesListing final : public Listing {
public:
    IssuesListing(std::string url, Cursor listed, std::string authorization, PageContext context)
        : m_url(std::move(url)), m_links(m_url), m_listed(std::move(listed)), m_authorization(std::move(authorization)),
          m_context(std::move(context)) {}

    bool done() const override { return m_url.empty() || m_failure; }

    std::vector<http::Request> next() override {
        http::Request request = github::request(m_url, m_authorization);
        if (m_first) {
            request.if_none_match = m_listed.etag; // the first page only: an ETag belongs to one URL
        }
        return {std::move(request)};
    }

    void on_outcome(std::size_t, http::Outcome outcome) override {
        const bool first = std::exchange(m_first, false);
        if (!outcome.ok()) {
            m_failure = std::move(outcome).failure();
            return;
        }
        const http::Response& response = *outcome;
        Page page;
        if (response.not_modified()) {
            m_url.clear();
            m_not_modified = true;
            page.not_modified = true;
            m_pages.push_back(std::move(page));
            return;
        }
        if (response.status == 404) {
            // GitHub answers 404 for a repository that does not exist and for one the token may not see.
            m_failure = util::Failure{util::Failure::Kind::config,
                                      "repository '" + m_context.repo + "' not found on " + m_context.host, 404};
            return;
        }
        const std::string what = "list issues of '" + m_context.repo + "'";
        if (!response.success()) {
            m_failure = http::failure_from(response, what);
            return;
        }
        auto items = parse_issues_page(response.body, m_context);
        if (!items.ok()) {
            m_failure = util::Failure{util::Failure::Kind::parse,
                                      items.failure().message + " (from " + m_context.repo + ")", 0};
            return;
        }
        if (first) {
            m_first_etag = response.header("etag").value_or("");
        }
        page.items = std::move(*items);
        page.total_hint = last_page(response) * k_per_page;
        m_pages.push_back(std::move(page));
        auto next = m_links.after(response, what);
        if (next.ok()) {
            m_url = std::move(*next);
        } else {
            m_failure = std::move(next).failure(); // this page is good; the listing ends after it
        }
    }

    std::vector<Page> take() override { return std::exchange(m_pages, {}); }

    const std::optional<util::Failure>& failure() const override { return m_failure; }

    // The first page's ETag is kept only while the since listed with is still the cursor's: the next run lists
    // the same URL. A 304 changed nothing.
    std::string complete(const std::string& cursor) const override {
        Cursor c = read_cursor(cursor);
        if (m_not_modified || c.since != m_listed.since) {
            return cursor;
        }
        c.etag = m_first_etag;
        return write_cursor(c);
    }

private:
    std::string m_url; // the next page's; empty once the last page was read
    http::NextLinks m_links;
    Cursor m_listed; // the since of the URL, and the ETag sent with its first page
    std::string m_authorization;
    PageContext m_context;
    bool m_first = true;
    bool m_not_modified = false;
    std::string m_first_etag;
    std::vector<Page> m_pages;
    std::optional<util::Failure> m_failure;
};

// GET /repos/{owner}/{repo}/issues/{number}.
class IssueRead final : public ItemRead {
public:
    IssueRead(http::Request request, std::string what, PageContext context)
        : m_request(std::move(request)), m_what(std::move(what)), m_context(std::move(context)) {}
    explicit IssueRead(util::Failure failure) : m_item(std::move(failure)), m_done(true) {}

    bool done() const override { return m_done; }
    std::vector<http::Request> next() override { return {m_request}; }
    void on_outcome(std::size_t, http::Outcome outcome) override {
        m_done = true;
        if (!outcome.ok()) {
            m_item = std::move(outcome).failure();
        } else if (!outcome->success()) {
            m_item = http::failure_from(*outcome, m_what);
        } else {
            m_item = parse_issue(outcome->body, m_context);
        }
    }
    const util::Result<model::SourceItem>& item() const override { return m_item; }

private:
    http::Request m_request;
    std::string m_what;
    PageContext m_context;
    util::Result<model::SourceItem> m_item = util::Failure{util::Failure::Kind::other, "not read", 0};
    bool m_done = false;
};

class GithubSource final : public Source {
public:
    explicit GithubSource(const config::Source& s)
        : m_base_url(s.base_url), m_host(host_of(s.base_url)), m_include_archived(flag(s, "include_archived")),
          m_include_forks(flag(s, "include_forks")) {
        if (const auto token = s.secrets.find("token_env"); token != s.secrets.end()) {
            m_authorization = "Bearer " + config::read_secret(token->second, "source '" + s.name + "'");
        }
    }

    std::unique_ptr<Listing> changed(const std::string& repo, const std::string& cursor) override {
        return listing(repo, read_cursor(cursor));
    }

    std::unique_ptr<Listing> updated_within(const std::string& repo, int days, std::int64_t now) override {
        return listing(repo, Cursor{util::format_iso8601(now - std::int64_t{days} * 86400), ""});
    }

    std::string advance(const std::string& cursor, const model::SourceItem& item) const override {
        return github::advance(cursor, item.updated_at);
    }

    std::unique_ptr<ItemRead> read(const std::string& repo, const std::string& external_id) override {
        const auto hash = external_id.rfind('#');
        const std::string number = hash == std::string::npos ? std::string() : external_id.substr(hash + 1);
        if (number.empty() || number.find_first_not_of("0123456789") != std::string::npos) {
            return std::make_unique<IssueRead>(
                util::Failure{util::Failure::Kind::other, "'" + external_id + "' is not a github item id", 0});
        }
        auto r = request(m_base_url + "/repos/" + repo + "/issues/" + number, m_authorization);
        return std::make_unique<IssueRead>(std::move(r), "read " + repo + "#" + number, PageContext{m_host, repo});
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
            return util::Failure{util::Failure::Kind::parse,
                                 "github repository answer: field 'has_issues' is malformed", 0};
        }
        if (!has_issues) {
            return util::Failure{util::Failure::Kind::other, "repository '" + repo + "' has issues turned off", 0};
        }
        return std::string(is_private ? "private" : "public") + ", issues on";
    }

    // An organisation's repositories (type=all), else, when /orgs answers 404, a user's own (type=owner); one
    // request per 100 repositories. Not conditional: an ETag would have to be kept beside the list it stands
    // for, and the cursors belong to repositories; so a pattern costs its pages' requests every run.
    std::unique_ptr<RepoListing> expand(const std::string& pattern) override {
        const std::string owner = pattern.substr(0, pattern.find('/'));
        const std::string page = "&per_page=" + std::to_string(k_per_page);
        std::vector<std::string> urls{m_base_url + "/orgs/" + owner + "/repos?type=all" + page,
                                      m_base_url + "/users/" + owner + "/repos?type=owner" + page};
        return std::make_unique<RepoPages>(
            std::move(urls), [auth = m_authorization](std::string url) { return request(std::move(url), auth); },
            [archived = m_include_archived, forks = m_include_forks](std::string_view body) {
                return parse_repos_page(body, archived, forks);
            },
            "owner '" + owner + "'", m_host);
    }

    const std::string& base_url() const override { return m_base_url; }

private:
    static bool flag(const config::Source& s, const std::string& key) {
        const std::string value = s.setting(key); // "" when the section was not read by config (defaults unset)
        if (value != "true" && value != "false" && !value.empty()) {
            throw util::ConfigError(s.where.str() + ": " + key + " must be \"true\" or \"false\", not '" + value + "'");
        }
        return value == "true";
    }

    std::unique_ptr<Listing> listing(const std::string& repo, Cursor from) {
        std::string url = m_base_url + "/repos/" + repo +
                          "/issues?state=all&sort=updated&direction=asc&per_page=" + std::to_string(k_per_page);
        if (!from.since.empty()) {
            url += "&since=" + util::url_encode(from.since);
        }
        return std::make_unique<IssuesListing>(std::move(url), std::move(from), m_authorization,
                                               PageContext{m_host, repo});
    }

    std::string m_base_url;
    std::string m_host;
    std::string m_authorization;
    bool m_include_archived = false;
    bool m_include_forks = false;
};

} // namespace

std::unique_ptr<Source> make(const config::Source& source) { return std::make_unique<GithubSource>(source); }

Cursor read_cursor(std::string_view position) {
    Cursor c;
    if (const auto fields = cursor_fields(position)) {
        c.since = field_or_empty(*fields, "since");
        c.etag = field_or_empty(*fields, "etag");
    }
    return c;
}

std::optional<std::string> describe_cursor(std::string_view position) {
    const auto fields = cursor_fields(position);
    if (!fields || !fields->contains("since")) {
        return std::nullopt;
    }
    return field_or_empty(*fields, "since");
}

std::string write_cursor(const Cursor& cursor) {
    util::JsonWriter out;
    out.begin_object().field("since", cursor.since).field("etag", cursor.etag).end_object();
    return out.take();
}

std::string advance(std::string_view position, std::string_view updated_at) {
    const Cursor c = read_cursor(position);
    const auto at = util::parse_iso8601(updated_at);
    const std::string since = at ? util::format_iso8601(*at - k_cursor_overlap_seconds) : std::string(updated_at);
    // ISO 8601 UTC timestamps of one format order as text.
    return write_cursor({std::max(c.since, since), ""});
}

} // namespace issuebridge::sources::github
