// GitLab issues and merge requests of one project, oldest update first per resource, as operations.
//
// Each resource is listed with updated_after = its own cursor position, order_by=updated_at&sort=asc&per_page=100,
// following the Link header's rel="next" and never building page URLs (API-FACTS §2.2). Issues ask for keyset
// pagination (GitLab 18.3+); an older GitLab either ignores it (offset answers, followed the same way) or refuses it
// with 405, and the listing starts again with offset pagination. Offset pagination ends at a maximum offset (50,000
// by default, 405 past it, §2.6): the listing then starts again from the newest updated_at it has read, a narrower
// window. ETags do not save requests on /api/v4 (§2.5), so none are sent: an idle project costs one request per
// resource.

#include "gitlab.hpp"

#include "../repo_pages.hpp"

#include "issuebridge/http/pagination.hpp"
#include "issuebridge/sources/source.hpp"
#include "issuebridge/util/error.hpp"
#include "issuebridge/util/strings.hpp"
#include "issuebridge/util/time.hpp"

#include <simdjson.h>

#include <charconv>
#include <utility>

namespace issuebridge::sources::gitlab {

namespace {

constexpr std::size_t k_per_page = 100;

struct Auth {
    std::string header; // "PRIVATE-TOKEN" or "Authorization"; empty: anonymous
    std::string value;
};

http::Request request(std::string url, const Auth& auth) {
    http::Request r;
    r.url = std::move(url);
    r.headers = {{"Accept", "application/json"}};
    if (!auth.header.empty()) {
        r.headers.emplace_back(auth.header, auth.value);
    }
    return r;
}

std::string project_url(const std::string& base, const std::string& project) {
    // The full path, every '/' as %2F (API-FACTS §2: "NAMESPACE/PROJECT_PATH is URL-encoded").
    return base + "/projects/" + util::url_encode(project);
}

// One resource (issues or merge requests) of one project.
struct Phase {
    std::string kind;     // "issue" | "merge_request"
    std::string resource; // "issues" | "merge_requests"
    std::string from;     // updated_after; empty: all
    bool keyset = false;
};

std::string phase_url(const std::string& base, const std::string& project, const Phase& p) {
    std::string url = project_url(base, project) + "/" + p.resource +
                      "?order_by=updated_at&sort=asc&per_page=" + std::to_string(k_per_page);
    if (p.keyset) {
        url += "&pagination=keyset";
    }
    if (!p.from.empty()) {
        url += "&updated_after=" + util::url_encode(p.from);
    }
    return url;
}

class ProjectListing final : public Listing {
public:
    ProjectListing(std::string base, std::string project, std::vector<Phase> phases, Auth auth, PageContext context,
                   bool include_confidential)
        : m_base(std::move(base)), m_project(std::move(project)), m_phases(std::move(phases)), m_auth(std::move(auth)),
          m_context(std::move(context)), m_include_confidential(include_confidential) {
        start_phase();
    }

    bool done() const override { return m_url.empty() || m_failure; }

    std::vector<http::Request> next() override { return {request(m_url, m_auth)}; }

    void on_outcome(std::size_t, http::Outcome outcome) override {
        if (!outcome.ok()) {
            m_failure = std::move(outcome).failure();
            return;
        }
        const http::Response& response = *outcome;
        Phase& phase = m_phases[m_phase];
        const std::string what = "list " + phase.resource + " of '" + m_project + "'";
        if (response.status == 404) {
            m_failure = util::Failure{util::Failure::Kind::config,
                                      "project '" + m_project + "' not found on " + m_context.host, 404};
            return;
        }
        if (response.status == 405) {
            restart_narrower(response, what);
            return;
        }
        if (!response.success()) {
            m_failure = http::failure_from(response, what);
            return;
        }
        m_context.kind = phase.kind;
        auto parsed = parse_page(response.body, m_context, m_include_confidential);
        if (!parsed.ok()) {
            m_failure =
                util::Failure{util::Failure::Kind::parse, parsed.failure().message + " (from " + m_project + ")", 0};
            return;
        }
        Page page;
        page.items = std::move(parsed->items);
        page.left_out = parsed->confidential;
        for (const auto& item : page.items) {
            if (item.ok()) {
                m_newest = std::max(m_newest, item->updated_at);
            }
        }
        if (const auto total = response.header("x-total")) {
            std::size_t n = 0;
            std::from_chars(total->data(), total->data() + total->size(), n);
            page.total_hint = n;
        }
        m_pages.push_back(std::move(page));
        auto next = m_links->after(response, what);
        if (!next.ok()) {
            m_failure = std::move(next).failure(); // this page is good; the listing ends after it
        } else if (!next->empty()) {
            m_url = std::move(*next);
        } else {
            ++m_phase;
            start_phase();
        }
    }

    std::vector<Page> take() override { return std::exchange(m_pages, {}); }
    const std::optional<util::Failure>& failure() const override { return m_failure; }
    std::string complete(const std::string& cursor) const override { return cursor; }

private:
    void start_phase() {
        m_url.clear();
        m_newest.clear();
        if (m_phase < m_phases.size()) {
            m_url = phase_url(m_base, m_project, m_phases[m_phase]);
            m_links.emplace(m_url);
        }
    }

    // 405: keyset refused (an older GitLab), or past the maximum offset. Either way the same resource is listed
    // again, by offset, from the newest update already read; a window that cannot narrow fails.
    void restart_narrower(const http::Response& response, const std::string& what) {
        Phase& phase = m_phases[m_phase];
        if (phase.keyset) {
            phase.keyset = false;
        } else if (!m_newest.empty() && m_newest > phase.from) {
            phase.from = m_newest;
        } else {
            m_failure = http::failure_from(response, what);
            return;
        }
        const std::string newest = m_newest;
        start_phase();
        m_newest = newest;
    }

    std::string m_base;
    std::string m_project;
    std::vector<Phase> m_phases;
    std::size_t m_phase = 0;
    Auth m_auth;
    PageContext m_context;
    bool m_include_confidential;
    std::string m_url;
    std::optional<http::NextLinks> m_links;
    std::string m_newest; // the newest updated_at read in this phase
    std::vector<Page> m_pages;
    std::optional<util::Failure> m_failure;
};

class ItemGet final : public ItemRead {
public:
    ItemGet(http::Request request, std::string what, PageContext context)
        : m_request(std::move(request)), m_what(std::move(what)), m_context(std::move(context)) {}
    explicit ItemGet(util::Failure failure) : m_item(std::move(failure)), m_done(true) {}

    bool done() const override { return m_done; }
    std::vector<http::Request> next() override { return {m_request}; }
    void on_outcome(std::size_t, http::Outcome outcome) override {
        m_done = true;
        if (!outcome.ok()) {
            m_item = std::move(outcome).failure();
        } else if (!outcome->success()) {
            m_item = http::failure_from(*outcome, m_what);
        } else {
            m_item = parse_item(outcome->body, m_context);
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

class GitlabSource final : public Source {
public:
    explicit GitlabSource(const config::Source& s)
        : m_base_url(s.base_url), m_host(host_of(s.base_url)), m_web(web_of(s.base_url)) {
        while (m_base_url.ends_with("/")) {
            m_base_url.pop_back();
        }
        const std::string auth = s.setting("auth");
        if (auth != "private-token" && auth != "bearer") {
            throw util::ConfigError(s.where.str() + ": auth must be 'private-token' or 'bearer', not '" + auth + "'",
                                    "'bearer' for an OAuth token, else leave it out");
        }
        if (const auto token = s.secrets.find("token_env"); token != s.secrets.end() && token->second.configured()) {
            const std::string value = config::read_secret(token->second, "source '" + s.name + "'");
            m_auth = auth == "bearer" ? Auth{"Authorization", "Bearer " + value} : Auth{"PRIVATE-TOKEN", value};
        }
        const std::string confidential = s.setting("include_confidential");
        if (confidential != "true" && confidential != "false") {
            throw util::ConfigError(s.where.str() + ": include_confidential must be \"true\" or \"false\", not '" +
                                        confidential + "'",
                                    "confidential issues are left out unless it is \"true\"");
        }
        m_include_confidential = confidential == "true";
    }

    std::unique_ptr<Listing> changed(const std::string& repo, const std::string& cursor) override {
        const Cursor c = read_cursor(cursor);
        return listing(repo, c.issues, c.merge_requests);
    }

    std::unique_ptr<Listing> updated_within(const std::string& repo, int days, std::int64_t now) override {
        const std::string from = util::format_iso8601(now - std::int64_t{days} * 86400);
        return listing(repo, from, from);
    }

    std::string advance(const std::string& cursor, const model::SourceItem& item) const override {
        return gitlab::advance(cursor, item.kind, item.updated_at);
    }

    std::unique_ptr<ItemRead> read(const std::string& repo, const std::string& external_id) override {
        const auto mark = external_id.find_last_of("#!");
        const std::string iid = mark == std::string::npos ? std::string() : external_id.substr(mark + 1);
        if (!external_id.starts_with("gitlab:") || iid.empty() ||
            iid.find_first_not_of("0123456789") != std::string::npos) {
            return std::make_unique<ItemGet>(
                util::Failure{util::Failure::Kind::other, "'" + external_id + "' is not a gitlab item id", 0});
        }
        const bool mr = external_id[mark] == '!';
        auto r = request(project_url(m_base_url, repo) + (mr ? "/merge_requests/" : "/issues/") + iid, m_auth);
        return std::make_unique<ItemGet>(std::move(r), "read " + repo + external_id[mark] + iid,
                                         PageContext{m_host, repo, mr ? "merge_request" : "issue", m_web});
    }

    util::Result<std::string> probe(http::Client& client, const std::string& repo) override {
        if (m_user.empty()) {
            auto user = signed_in_user(client);
            if (!user.ok()) {
                return std::move(user).failure();
            }
            m_user = std::move(*user);
        }
        auto outcome = client.send(request(project_url(m_base_url, repo), m_auth));
        if (!outcome.ok()) {
            return std::move(outcome).failure();
        }
        if (outcome->status == 404) {
            return util::Failure{util::Failure::Kind::http,
                                 "project '" + repo + "' does not exist or this token cannot see it", 404};
        }
        if (!outcome->success()) {
            return http::failure_from(*outcome, "read project '" + repo + "'");
        }
        simdjson::dom::parser parser;
        simdjson::dom::object project;
        if (parser.parse(outcome->body).get_object().get(project)) {
            return util::Failure{util::Failure::Kind::parse, "gitlab project answer: expected a JSON object", 0};
        }
        // Absent fields (an old GitLab, a token that sees less) read as their defaults.
        std::string_view visibility;
        bool issues = true;
        bool mrs = true;
        if (project["visibility"].get_string().get(visibility) != simdjson::SUCCESS) {
            visibility = "unknown visibility";
        }
        if (project["issues_enabled"].get_bool().get(issues) != simdjson::SUCCESS) {
            issues = true;
        }
        if (project["merge_requests_enabled"].get_bool().get(mrs) != simdjson::SUCCESS) {
            mrs = true;
        }
        if (!issues && !mrs) {
            return util::Failure{util::Failure::Kind::other,
                                 "project '" + repo + "' has issues and merge requests turned off", 0};
        }
        return "signed in as " + m_user + "; " + std::string(visibility) + ", issues " + (issues ? "on" : "off") +
               ", merge requests " + (mrs ? "on" : "off") + ", confidential issues " +
               (m_include_confidential ? "synced" : "left out");
    }

    // One request per 100 projects: GET /groups/:id/projects?archived=false (include_subgroups=true for '**'),
    // simple=true (the path is all that is read), ordered by id so that a project added while the pages are
    // read moves none of the others to another page.
    std::unique_ptr<RepoListing> expand(const std::string& pattern) override {
        const std::string group = pattern.substr(0, pattern.rfind('/'));
        std::string url =
            m_base_url + "/groups/" + util::url_encode(group) +
            "/projects?archived=false&simple=true&order_by=id&sort=asc&per_page=" + std::to_string(k_per_page);
        if (pattern.ends_with("/**")) {
            url += "&include_subgroups=true";
        }
        return std::make_unique<RepoPages>(
            std::vector<std::string>{std::move(url)},
            [auth = m_auth](std::string next) { return request(std::move(next), auth); }, parse_projects_page,
            "group '" + group + "'", m_host);
    }

    const std::string& base_url() const override { return m_base_url; }

private:
    // The username of the token's user (GET /user), once per run: who the probe signed in as.
    util::Result<std::string> signed_in_user(http::Client& client) const {
        auto outcome = client.send(request(m_base_url + "/user", m_auth));
        if (!outcome.ok()) {
            return std::move(outcome).failure();
        }
        if (!outcome->success()) {
            return http::failure_from(*outcome, "read the token's user");
        }
        simdjson::dom::parser parser;
        simdjson::dom::element doc;
        std::string_view username;
        if (parser.parse(outcome->body).get(doc) || doc["username"].get_string().get(username)) {
            return util::Failure{util::Failure::Kind::parse, "gitlab user answer: field 'username' is malformed", 0};
        }
        return std::string(username);
    }

    std::unique_ptr<Listing> listing(const std::string& repo, std::string issues_from, std::string mrs_from) {
        std::vector<Phase> phases{{"issue", "issues", std::move(issues_from), true},
                                  {"merge_request", "merge_requests", std::move(mrs_from), false}};
        return std::make_unique<ProjectListing>(m_base_url, repo, std::move(phases), m_auth,
                                                PageContext{m_host, repo, "issue", m_web}, m_include_confidential);
    }

    std::string m_base_url;
    std::string m_host;
    std::string m_web;
    Auth m_auth;
    bool m_include_confidential = false;
    std::string m_user; // learnt by the first probe
};

} // namespace

std::unique_ptr<Source> make(const config::Source& source) { return std::make_unique<GitlabSource>(source); }

} // namespace issuebridge::sources::gitlab
