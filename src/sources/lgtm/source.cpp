// LGTM projects' alerts as operations: project -> latest analysis -> its SARIF alerts (API-FACTS §3).
//
// A listing is up to three steps, one request each: the project's numeric id (only for a URL identifier the cursor
// does not know yet), the latest analysis (GET /analyses/{project}/commits/latest), and, when that is not the
// analysis the cursor remembers, its alerts as SARIF 2.1.0. So an unchanged project costs one small request. The
// alerts of an analysis are every alert the project has: the listing is a complete set, and the engine closes
// the linked alerts it lacks. The cursor moves to the new analysis only once every alert of it is done.

#include "../cursor_fields.hpp"
#include "lgtm.hpp"

#include "issuebridge/sources/source.hpp"
#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/strings.hpp"

#include <simdjson.h>

#include <utility>

namespace issuebridge::sources::lgtm {

namespace {

constexpr std::size_t k_page = 100; // alerts per Page handed to the engine

bool numeric(std::string_view s) {
    return !s.empty() && s.size() <= 18 && s.find_first_not_of("0123456789") == std::string_view::npos;
}

struct Endpoint {
    std::string base_url;
    std::string host;
    std::string authorization;

    http::Request get(const std::string& path, const char* accept = "application/json") const {
        http::Request r;
        r.url = base_url + path;
        r.headers = {{"Accept", accept}};
        if (!authorization.empty()) {
            r.headers.emplace_back("Authorization", authorization);
        }
        return r;
    }
};

// A 404 is the project's: it does not exist on this host, or the token may not see it.
util::Failure answer_failure(const http::Response& response, const std::string& what, const std::string& repo,
                             const std::string& host) {
    if (response.status == 404) {
        return util::Failure{util::Failure::Kind::config,
                             "LGTM project '" + repo + "' not found on " + host +
                                 " (or it has no analysis yet, or the token cannot see it)",
                             404};
    }
    return http::failure_from(response, what);
}

class AlertsListing final : public Listing {
public:
    AlertsListing(const Endpoint& endpoint, std::string repo, Cursor from)
        : m_endpoint(endpoint), m_repo(std::move(repo)), m_from(std::move(from)) {
        m_project = numeric(m_repo) ? m_repo : m_from.project;
        m_step = m_project.empty() ? Step::project : Step::latest;
    }

    bool done() const override { return m_step == Step::done || m_failure; }

    std::vector<http::Request> next() override {
        switch (m_step) {
        case Step::project:
            return {m_endpoint.get("/projects/" + m_repo)};
        case Step::latest:
            return {m_endpoint.get("/analyses/" + m_project + "/commits/latest")};
        default:
            return {m_endpoint.get("/analyses/" + util::url_encode(m_analysis.id) + "/alerts?sarif-version=2.1.0",
                                   "application/sarif+json")};
        }
    }

    void on_outcome(std::size_t, http::Outcome outcome) override {
        if (!outcome.ok()) {
            m_failure = std::move(outcome).failure();
            return;
        }
        http::Response& response = *outcome;
        if (!response.success()) {
            m_failure = answer_failure(response, what(), m_repo, m_endpoint.host);
            return;
        }
        if (m_step == Step::project) {
            got(parse_project_id(response.body), [&](std::string id) {
                m_project = std::move(id);
                m_step = Step::latest;
            });
        } else if (m_step == Step::latest) {
            got(parse_analysis(response.body), [&](Analysis a) { latest(std::move(a)); });
        } else {
            alerts(std::move(response.body));
        }
    }

    std::vector<Page> take() override { return std::exchange(m_pages, {}); }
    const std::optional<util::Failure>& failure() const override { return m_failure; }
    std::string complete(const std::string& cursor) const override {
        return m_analysis.id.empty() ? cursor : write_cursor({m_project, m_analysis.id});
    }
    bool complete_set() const override { return true; }

private:
    enum class Step { project, latest, alerts, done };

    std::string what() const {
        return m_step == Step::project  ? "read LGTM project '" + m_repo + "'"
               : m_step == Step::latest ? "read the latest analysis of LGTM project '" + m_repo + "'"
                                        : "download the alerts of LGTM project '" + m_repo + "'";
    }

    template <typename T, typename F> void got(util::Result<T> parsed, F&& use) {
        if (!parsed.ok()) {
            m_failure = util::Failure{util::Failure::Kind::parse, parsed.failure().message + " (" + what() + ")", 0};
            return;
        }
        use(std::move(*parsed));
    }

    void latest(Analysis analysis) {
        if (analysis.id == m_from.analysis) {
            Page page;
            page.not_modified = true; // the alerts of this analysis were all done by an earlier run
            m_pages.push_back(std::move(page));
            m_step = Step::done;
            return;
        }
        m_analysis = std::move(analysis);
        m_step = Step::alerts;
    }

    void alerts(std::string body) {
        const AnalysisContext context{m_endpoint.host,   m_repo,         m_project,
                                      m_analysis.commit, m_analysis.url, m_analysis.analyzed_at};
        Page page;
        auto parsed = parse_sarif(std::move(body), context, [&](ParsedItem item) {
            page.items.push_back(std::move(item));
            if (page.items.size() == k_page) {
                m_pages.push_back(std::exchange(page, Page{}));
            }
        });
        if (!parsed.ok()) {
            m_pages.clear(); // a log that breaks off is no complete set: nothing of it is synced
            m_failure = parsed.failure();
            return;
        }
        if (!page.items.empty() || m_pages.empty()) {
            m_pages.push_back(std::move(page));
        }
        m_step = Step::done;
    }

    const Endpoint& m_endpoint;
    std::string m_repo;
    Cursor m_from;
    std::string m_project;
    Analysis m_analysis;
    Step m_step = Step::project;
    std::vector<Page> m_pages;
    std::optional<util::Failure> m_failure;
};

// One alert again (getIssue: its SARIF), to retry an alert set aside.
class AlertRead final : public ItemRead {
public:
    AlertRead(http::Request request, AnalysisContext context)
        : m_request(std::move(request)), m_context(std::move(context)) {}
    explicit AlertRead(util::Failure failure) : m_item(std::move(failure)), m_done(true) {}

    bool done() const override { return m_done; }
    std::vector<http::Request> next() override { return {m_request}; }
    void on_outcome(std::size_t, http::Outcome outcome) override {
        m_done = true;
        if (!outcome.ok()) {
            m_item = std::move(outcome).failure();
            return;
        }
        if (!outcome->success()) {
            m_item = http::failure_from(*outcome, "read LGTM alert of '" + m_context.repo + "'");
            return;
        }
        std::optional<ParsedItem> first;
        auto parsed = parse_sarif(std::move(outcome->body), m_context, [&](ParsedItem item) {
            if (!first) {
                first = std::move(item);
            }
        });
        if (!parsed.ok()) {
            m_item = parsed.failure();
        } else if (!first) {
            m_item =
                util::Failure{util::Failure::Kind::http, "LGTM has no such alert of '" + m_context.repo + "'", 404};
        } else {
            m_item = std::move(*first);
        }
    }
    const util::Result<model::SourceItem>& item() const override { return m_item; }

private:
    http::Request m_request;
    AnalysisContext m_context;
    util::Result<model::SourceItem> m_item = util::Failure{util::Failure::Kind::other, "not read", 0};
    bool m_done = false;
};

class LgtmSource final : public Source {
public:
    explicit LgtmSource(const config::Source& s) {
        m_endpoint.base_url = s.base_url;
        while (m_endpoint.base_url.ends_with('/')) {
            m_endpoint.base_url.pop_back();
        }
        m_endpoint.host = host_of(s.base_url);
        if (const auto token = s.secrets.find("token_env"); token != s.secrets.end()) {
            m_endpoint.authorization = "Bearer " + config::read_secret(token->second, "source '" + s.name + "'");
        }
    }

    std::unique_ptr<Listing> changed(const std::string& repo, const std::string& cursor) override {
        return std::make_unique<AlertsListing>(m_endpoint, repo, read_cursor(cursor));
    }

    // Every alert of the latest analysis, whatever any cursor says (the project id is asked for again).
    std::unique_ptr<Listing> updated_within(const std::string& repo, int, std::int64_t) override {
        return std::make_unique<AlertsListing>(m_endpoint, repo, Cursor{});
    }

    // An analysis is done as a whole: only complete() moves the cursor.
    std::string advance(const std::string& cursor, const model::SourceItem&) const override { return cursor; }

    std::unique_ptr<ItemRead> read(const std::string& repo, const std::string& external_id) override {
        const std::string prefix = "lgtm:" + m_endpoint.host + "/";
        const std::string rest = external_id.starts_with(prefix) ? external_id.substr(prefix.size()) : "";
        const auto slash = rest.find('/');
        if (slash == std::string::npos || !numeric(rest.substr(0, slash)) || slash + 1 == rest.size()) {
            return std::make_unique<AlertRead>(
                util::Failure{util::Failure::Kind::other, "'" + external_id + "' is not an LGTM alert id", 0});
        }
        const std::string project = rest.substr(0, slash);
        auto r = m_endpoint.get("/issues/" + project + "/" + util::url_encode(rest.substr(slash + 1)),
                                "application/sarif+json");
        return std::make_unique<AlertRead>(std::move(r), AnalysisContext{m_endpoint.host, repo, project, {}, {}, {}});
    }

    util::Result<std::string> probe(http::Client& client, const std::string& repo) override {
        auto outcome = client.send(m_endpoint.get("/projects/" + repo));
        if (!outcome.ok()) {
            return std::move(outcome).failure();
        }
        if (!outcome->success()) {
            return answer_failure(*outcome, "read LGTM project '" + repo + "'", repo, m_endpoint.host);
        }
        auto id = parse_project_id(outcome->body);
        if (!id.ok()) {
            return id.failure();
        }
        return "project " + *id;
    }

    const std::string& base_url() const override { return m_endpoint.base_url; }
    // An alert the latest analysis lacks is fixed: getIssue answers 404 for it, and its ticket is to be closed.
    bool gone_means_closed() const override { return true; }

private:
    Endpoint m_endpoint;
};

} // namespace

std::unique_ptr<Source> make(const config::Source& source) { return std::make_unique<LgtmSource>(source); }

Cursor read_cursor(std::string_view position) {
    Cursor c;
    if (const auto fields = cursor_fields(position)) {
        c.project = field_or_empty(*fields, "lgtm_project");
        c.analysis = field_or_empty(*fields, "lgtm_analysis");
    }
    return c;
}

std::string write_cursor(const Cursor& cursor) {
    util::JsonWriter out;
    out.begin_object().field("lgtm_project", cursor.project).field("lgtm_analysis", cursor.analysis).end_object();
    return out.take();
}

std::optional<std::string> describe_cursor(std::string_view position) {
    const auto fields = cursor_fields(position);
    if (!fields || !fields->contains("lgtm_analysis")) {
        return std::nullopt;
    }
    return "analysis " + field_or_empty(*fields, "lgtm_analysis");
}

} // namespace issuebridge::sources::lgtm
