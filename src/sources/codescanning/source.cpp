// Code scanning alerts through GET /repos/{owner}/{repo}/code-scanning/alerts as operations; its cursors.
//
// There is no `since` (API-FACTS §1.4), so a listing asks for sort=updated&direction=desc and stops at the first
// alert updated before the cursor's watermark. Newest first means the cursor may only move once the whole listing
// is done (complete): advance() never moves it, so a run killed halfway lists the same alerts again (each a no-op
// by its fingerprint) and never skips one. The first page's URL is the same on every run, so its ETag makes an
// unchanged repository one 304, which GitHub does not count against the rate limit (§1.2).

#include "../cursor_fields.hpp"
#include "codescanning.hpp"

#include "issuebridge/http/pagination.hpp"
#include "issuebridge/sources/source.hpp"
#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/strings.hpp"
#include "issuebridge/util/time.hpp"

#include <simdjson.h>

#include <algorithm>
#include <utility>

namespace issuebridge::sources::codescanning {

namespace {

constexpr std::size_t k_per_page = 100; // the documented maximum (§1.4)

http::Request request(std::string url, const std::string& authorization) {
    http::Request r;
    r.url = std::move(url);
    r.headers = {{"Accept", "application/vnd.github+json"}, {"X-GitHub-Api-Version", "2022-11-28"}};
    if (!authorization.empty()) {
        r.headers.emplace_back("Authorization", authorization);
    }
    return r;
}

// A 403 that is no rate limit (§1.3: remaining 0, Retry-After or a message saying so) is this repository's: code
// scanning or GitHub Advanced Security is off (code_scanning_forbidden_read), or the token may not read alerts.
bool forbidden_repository(const http::Response& response) {
    if (response.status != 403 || response.header("retry-after") || response.header("x-ratelimit-remaining") == "0") {
        return false;
    }
    return util::to_lower(response.body).find("rate limit") == std::string::npos;
}

util::Failure forbidden_failure(const http::Response& response, const PageContext& context) {
    std::string said;
    simdjson::dom::parser parser;
    std::string_view message;
    if (!parser.parse(response.body).get_object()["message"].get_string().get(message)) {
        said = " ('" + util::printable(message.substr(0, 200)) + "')";
    }
    return util::Failure{util::Failure::Kind::config,
                         "code scanning alerts of '" + context.repo + "' on " + context.host +
                             " cannot be read: GitHub answered 403" + said +
                             "; code scanning or GitHub Advanced Security is not enabled for this repository, or "
                             "the token lacks the security_events scope",
                         403};
}

class AlertsListing final : public Listing {
public:
    // `stop_below`: the watermark under which the listing ends (empty: every alert).
    AlertsListing(std::string url, Cursor listed, std::string stop_below, std::string authorization,
                  PageContext context)
        : m_url(std::move(url)), m_links(m_url), m_listed(std::move(listed)), m_stop_below(std::move(stop_below)),
          m_authorization(std::move(authorization)), m_context(std::move(context)) {}

    bool done() const override { return m_url.empty() || m_failure; }

    std::vector<http::Request> next() override {
        http::Request r = request(m_url, m_authorization);
        if (m_first) {
            r.if_none_match = m_listed.etag;
        }
        return {std::move(r)};
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
            m_failure = util::Failure{util::Failure::Kind::config,
                                      "repository '" + m_context.repo + "' not found on " + m_context.host, 404};
            return;
        }
        if (forbidden_repository(response)) {
            m_failure = forbidden_failure(response, m_context);
            return;
        }
        const std::string what = "list code scanning alerts of '" + m_context.repo + "'";
        if (!response.success()) {
            m_failure = http::failure_from(response, what);
            return;
        }
        auto items = parse_alerts_page(response.body, m_context);
        if (!items.ok()) {
            m_failure = util::Failure{util::Failure::Kind::parse,
                                      items.failure().message + " (from " + m_context.repo + ")", 0};
            return;
        }
        if (first) {
            m_first_etag = response.header("etag").value_or("");
        }
        bool below = false;
        for (auto& item : *items) {
            if (item.ok()) {
                if (!m_stop_below.empty() && item->updated_at < m_stop_below) {
                    below = true; // newest first: every alert after it was done by an earlier listing
                    break;
                }
                m_newest = std::max(m_newest, item->updated_at);
            }
            page.items.push_back(std::move(item));
        }
        std::reverse(page.items.begin(), page.items.end()); // oldest update first within the page
        m_pages.push_back(std::move(page));
        if (below) {
            m_url.clear();
            return;
        }
        auto next = m_links.after(response, what);
        if (next.ok()) {
            m_url = std::move(*next);
        } else {
            m_failure = std::move(next).failure();
        }
    }

    std::vector<Page> take() override { return std::exchange(m_pages, {}); }

    const std::optional<util::Failure>& failure() const override { return m_failure; }

    // Every listed alert is done: the watermark moves to the newest of them (less the overlap), and the first page's
    // ETag is kept for the next run's If-None-Match. A 304 changed nothing.
    std::string complete(const std::string& cursor) const override {
        if (m_not_modified) {
            return cursor;
        }
        Cursor c = read_cursor(cursor);
        if (!m_newest.empty()) {
            const auto at = util::parse_iso8601(m_newest);
            c.updated = std::max(c.updated, at ? util::format_iso8601(*at - k_cursor_overlap_seconds) : m_newest);
        }
        c.etag = m_first_etag;
        return write_cursor(c);
    }

private:
    std::string m_url;
    http::NextLinks m_links;
    Cursor m_listed;
    std::string m_stop_below;
    std::string m_authorization;
    PageContext m_context;
    bool m_first = true;
    bool m_not_modified = false;
    std::string m_first_etag;
    std::string m_newest; // the newest updated_at listed (ISO 8601 UTC orders as text)
    std::vector<Page> m_pages;
    std::optional<util::Failure> m_failure;
};

class AlertRead final : public ItemRead {
public:
    AlertRead(http::Request request, std::string what, PageContext context)
        : m_request(std::move(request)), m_what(std::move(what)), m_context(std::move(context)) {}
    explicit AlertRead(util::Failure failure) : m_item(std::move(failure)), m_done(true) {}

    bool done() const override { return m_done; }
    std::vector<http::Request> next() override { return {m_request}; }
    void on_outcome(std::size_t, http::Outcome outcome) override {
        m_done = true;
        if (!outcome.ok()) {
            m_item = std::move(outcome).failure();
        } else if (forbidden_repository(*outcome)) {
            m_item = forbidden_failure(*outcome, m_context);
        } else if (!outcome->success()) {
            m_item = http::failure_from(*outcome, m_what);
        } else {
            m_item = parse_alert(outcome->body, m_context);
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

class CodeScanningSource final : public Source {
public:
    explicit CodeScanningSource(const config::Source& s)
        : m_base_url(s.base_url), m_host(host_of(s.base_url)), m_tool_name(s.setting("tool_name")),
          m_ref(s.setting("ref")) {
        if (const auto token = s.secrets.find("token_env"); token != s.secrets.end()) {
            m_authorization = "Bearer " + config::read_secret(token->second, "source '" + s.name + "'");
        }
    }

    std::unique_ptr<Listing> changed(const std::string& repo, const std::string& cursor) override {
        Cursor c = read_cursor(cursor);
        std::string stop = c.updated;
        return listing(repo, std::move(c), std::move(stop));
    }

    // There is no `since`, and which events move updated_at is undocumented (§1.6): check-missing walks every alert.
    std::unique_ptr<Listing> updated_within(const std::string& repo, int, std::int64_t) override {
        return listing(repo, Cursor{}, "");
    }

    std::string advance(const std::string& cursor, const model::SourceItem&) const override { return cursor; }

    std::unique_ptr<ItemRead> read(const std::string& repo, const std::string& external_id) override {
        const auto hash = external_id.rfind('#');
        const std::string number = hash == std::string::npos ? std::string() : external_id.substr(hash + 1);
        if (number.empty() || number.size() > 18 || number.find_first_not_of("0123456789") != std::string::npos) {
            return std::make_unique<AlertRead>(
                util::Failure{util::Failure::Kind::other, "'" + external_id + "' is not a code scanning alert id", 0});
        }
        auto r = request(m_base_url + "/repos/" + repo + "/code-scanning/alerts/" + number, m_authorization);
        return std::make_unique<AlertRead>(std::move(r), "read code scanning alert " + repo + "#" + number,
                                           PageContext{m_host, repo});
    }

    util::Result<std::string> probe(http::Client& client, const std::string& repo) override {
        auto outcome = client.send(request(first_url(repo, 1), m_authorization));
        if (!outcome.ok()) {
            return std::move(outcome).failure();
        }
        if (outcome->status == 404) {
            return util::Failure{util::Failure::Kind::http,
                                 "repository '" + repo + "' does not exist or this token cannot see it", 404};
        }
        if (forbidden_repository(*outcome)) {
            return forbidden_failure(*outcome, PageContext{m_host, repo});
        }
        if (!outcome->success()) {
            return http::failure_from(*outcome, "list code scanning alerts of '" + repo + "'");
        }
        auto page = parse_alerts_page(outcome->body, PageContext{m_host, repo});
        if (!page.ok()) {
            return page.failure();
        }
        return std::string("code scanning on");
    }

    const std::string& base_url() const override { return m_base_url; }

private:
    // No `state`: every state is listed (a 2026 test, §1.6), so fixed and dismissed alerts are seen too.
    std::string first_url(const std::string& repo, std::size_t per_page) const {
        std::string url = m_base_url + "/repos/" + repo +
                          "/code-scanning/alerts?sort=updated&direction=desc&per_page=" + std::to_string(per_page);
        if (!m_tool_name.empty()) {
            url += "&tool_name=" + util::url_encode(m_tool_name);
        }
        if (!m_ref.empty()) {
            url += "&ref=" + util::url_encode(m_ref);
        }
        return url;
    }

    std::unique_ptr<Listing> listing(const std::string& repo, Cursor from, std::string stop_below) {
        return std::make_unique<AlertsListing>(first_url(repo, k_per_page), std::move(from), std::move(stop_below),
                                               m_authorization, PageContext{m_host, repo});
    }

    std::string m_base_url;
    std::string m_host;
    std::string m_tool_name;
    std::string m_ref;
    std::string m_authorization;
};

} // namespace

std::unique_ptr<Source> make(const config::Source& source) { return std::make_unique<CodeScanningSource>(source); }

Cursor read_cursor(std::string_view position) {
    Cursor c;
    if (const auto fields = cursor_fields(position)) {
        c.updated = field_or_empty(*fields, "alerts_updated");
        c.etag = field_or_empty(*fields, "etag");
    }
    return c;
}

std::string write_cursor(const Cursor& cursor) {
    util::JsonWriter out;
    out.begin_object().field("alerts_updated", cursor.updated).field("etag", cursor.etag).end_object();
    return out.take();
}

std::optional<std::string> describe_cursor(std::string_view position) {
    const auto fields = cursor_fields(position);
    if (!fields || !fields->contains("alerts_updated")) {
        return std::nullopt;
    }
    return field_or_empty(*fields, "alerts_updated");
}

} // namespace issuebridge::sources::codescanning
