// GitHub REST: GET /repos/{owner}/{repo}, GET /repos/{owner}/{repo}/issues,
// GET /repos/{owner}/{repo}/issues/{issue_number} and the /repositories/{id}/issues form GitHub's
// Link headers point to, at the github.com root and under /api/v3 (GHES).

#include "clock.hpp"
#include "github_json.hpp"
#include "github_list.hpp"
#include "github_module.hpp"
#include "hash.hpp"
#include "services.hpp"

#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/strings.hpp"

namespace issuebridge::sandbox {

namespace {

constexpr std::string_view k_docs = "https://docs.github.com/rest";
constexpr std::string_view k_list_docs =
    "https://docs.github.com/rest/issues/issues#list-repository-issues";
constexpr std::string_view k_get_docs = "https://docs.github.com/rest/issues/issues#get-an-issue";
constexpr std::string_view k_repo_docs =
    "https://docs.github.com/rest/repos/repos#get-a-repository";

std::string basic_error(std::string_view message, std::string_view docs, int status) {
    util::JsonWriter w;
    w.begin_object()
        .field("message", message)
        .field("documentation_url", docs)
        .field("status", std::to_string(status))
        .end_object();
    return w.take();
}

class GitHubProfile final : public ApiProfile {
public:
    explicit GitHubProfile(Services& services) : m_services(services) {}

    std::string_view name() const override { return "github"; }

    bool authenticate(const httplib::Request& req) const override {
        const std::string header = req.get_header_value("Authorization");
        const auto space = header.find(' ');
        if (space == std::string::npos) {
            return false;
        }
        const std::string scheme = util::to_lower(header.substr(0, space));
        const std::string token(util::trim(header.substr(space + 1)));
        if (scheme != "bearer" && scheme != "token") {
            return false;
        }
        return m_services.store.with([&](State& s) {
            return std::find(s.get<GitHubData>().tokens.begin(), s.get<GitHubData>().tokens.end(),
                             token) != s.get<GitHubData>().tokens.end();
        });
    }

    void unauthorized(httplib::Response& res) const override {
        reply_json(res, 401, basic_error("Bad credentials", k_docs, 401));
    }

    void limited(httplib::Response& res, Admission why, const LimitStatus& status,
                 std::int64_t) const override {
        if (why == Admission::burst) {
            reply_json(
                res, 403,
                basic_error(
                    "You have exceeded a secondary rate limit. Please wait a few minutes before "
                    "you "
                    "try again.",
                    "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api"
                    "#about-secondary-rate-limits",
                    403));
            res.set_header("retry-after", "1");
        } else {
            reply_json(
                res, 403,
                basic_error("API rate limit exceeded for user ID 1.",
                            "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
                            403));
        }
        decorate(res, status);
    }

    void server_error(httplib::Response& res) const override {
        reply_json(res, 500, basic_error("Server Error", k_docs, 500));
    }

    void not_found(httplib::Response& res) const override {
        reply_json(res, 404, basic_error("Not Found", k_docs, 404));
    }

    void decorate(httplib::Response& res, const LimitStatus& status) const override {
        res.set_header("x-ratelimit-limit", std::to_string(status.limit));
        res.set_header("x-ratelimit-remaining", std::to_string(status.remaining));
        res.set_header("x-ratelimit-reset", std::to_string(floor_div(status.reset_ms + 999, 1000)));
        res.set_header("x-ratelimit-used", std::to_string(status.used));
        res.set_header("x-ratelimit-resource", "core");
        res.set_header("x-github-api-version-selected", "2022-11-28");
        res.set_header("X-GitHub-Media-Type", "github.v3; format=json");
    }

    bool not_modified_is_free() const override { return true; }

private:
    Services& m_services;
};

// If-None-Match holds one or more entity tags (or *); weak comparison, as RFC 9110 wants for GET.
bool etag_matches(const httplib::Request& req, const std::string& etag) {
    const std::string header = req.get_header_value("If-None-Match");
    if (util::trim(header) == "*") {
        return true;
    }
    for (const auto& part : util::split(header, ',')) {
        std::string_view tag = util::trim(part);
        if (tag.substr(0, 2) == "W/") {
            tag.remove_prefix(2);
        }
        if (tag == etag) {
            return true;
        }
    }
    return false;
}

// 200 with a strong ETag over everything the client would cache (body and Link), or 304 when it
// matches.
void reply_cacheable(Call& call, std::string body, const std::string& link) {
    const std::string etag = "\"" + digest_hex(body + "\n" + link) + "\"";
    call.res.set_header("ETag", etag);
    call.res.set_header("Cache-Control", "private, max-age=60, s-maxage=60");
    call.res.set_header("Vary", "Accept, Authorization, Cookie, X-GitHub-OTP");
    if (etag_matches(call.req, etag)) {
        call.res.status = 304;
        return;
    }
    if (!link.empty()) {
        call.res.set_header("Link", link);
    }
    reply_json(call.res, 200, std::move(body));
}

GhUrls urls_of(const Call& call) {
    const std::string origin = call.origin();
    return {origin + std::string(call.prefix), origin};
}

void list_issues(Services& services, Call& call,
                 const std::function<GhRepo*(GitHubData&)>& lookup) {
    ListQuery query;
    std::vector<std::string> invalid;
    bool found = true;
    std::string body;
    std::string link;
    services.store.with([&](State& s) {
        GhRepo* repo = lookup(s.get<GitHubData>());
        if (repo == nullptr) {
            found = false;
            return;
        }
        query = parse_list_query(call.req, invalid);
        if (!invalid.empty()) {
            return;
        }
        const ListPage page = select_page(*repo, query);
        const GhUrls urls = urls_of(call);
        util::JsonWriter w;
        w.begin_array();
        for (const GhIssue* issue : page.items) {
            write_issue(w, s.get<GitHubData>(), *repo, *issue, urls);
        }
        w.end_array();
        body = w.take();
        link = link_header(urls.api + "/repositories/" + std::to_string(repo->id) + "/issues",
                           call.req.target, query.page, page.last_page);
    });
    if (!found) {
        reply_json(call.res, 404, basic_error("Not Found", k_list_docs, 404));
    } else if (!invalid.empty()) {
        reply_json(call.res, 422, validation_failed(invalid, k_list_docs));
    } else {
        reply_cacheable(call, std::move(body), link);
    }
}

void get_issue(Services& services, Call& call) {
    std::string body;
    services.store.with([&](State& s) {
        GhRepo* repo = find_repo(s.get<GitHubData>(), call.param(0), call.param(1));
        const std::string number = call.param(2);
        if (repo == nullptr || number.size() > 9 ||
            number.find_first_not_of("0123456789") != std::string::npos) {
            return;
        }
        const auto it = repo->issues.find(std::stoi(number));
        if (it == repo->issues.end()) {
            return;
        }
        util::JsonWriter w;
        write_issue(w, s.get<GitHubData>(), *repo, it->second, urls_of(call));
        body = w.take();
    });
    if (body.empty()) {
        reply_json(call.res, 404, basic_error("Not Found", k_get_docs, 404));
    } else {
        reply_cacheable(call, std::move(body), "");
    }
}

void get_repo(Services& services, Call& call) {
    std::string body;
    services.store.with([&](State& s) {
        if (const GhRepo* repo = find_repo(s.get<GitHubData>(), call.param(0), call.param(1))) {
            util::JsonWriter w;
            write_repository(w, s.get<GitHubData>(), *repo, urls_of(call));
            body = w.take();
        }
    });
    if (body.empty()) {
        reply_json(call.res, 404, basic_error("Not Found", k_repo_docs, 404));
    } else {
        reply_cacheable(call, std::move(body), "");
    }
}

// GET /orgs/{org}/repos and GET /users/{username}/repos: an owner's repositories, Link-paged
// (per_page up to 100, default 30), sorted by creation (GitHub's default for organisations) or by
// full_name (for users; ?sort=full_name), type=forks|sources filtering forks. An owner exists while
// a repository is theirs; /orgs answers 404 for a user (GitHubData::users).
void list_owner_repos(Services& services, Call& call, bool org) {
    const httplib::Request& req = call.req;
    const std::string owner = util::to_lower(call.param(0));
    const std::string type =
        req.has_param("type") ? req.get_param_value("type") : (org ? "all" : "owner");
    const std::string sort =
        req.has_param("sort") ? req.get_param_value("sort") : (org ? "created" : "full_name");
    int per_page = 30;
    int page = 1;
    try {
        per_page = std::clamp(
            req.has_param("per_page") ? std::stoi(req.get_param_value("per_page")) : 30, 1, 100);
        page = std::max(1, req.has_param("page") ? std::stoi(req.get_param_value("page")) : 1);
    } catch (const std::exception&) {
        return reply_json(call.res, 422, validation_failed({"page"}, k_repo_docs));
    }
    bool found = false;
    std::string body;
    std::string link;
    services.store.with([&](State& s) {
        GitHubData& data = s.get<GitHubData>();
        if (org && data.users.count(owner) != 0) {
            return;
        }
        std::vector<const GhRepo*> repos;
        for (const auto& [key, repo] : data.repos) {
            if (util::to_lower(repo.owner) != owner) {
                continue;
            }
            found = true;
            if ((type == "forks" && !repo.fork) || (type == "sources" && repo.fork)) {
                continue;
            }
            repos.push_back(&repo);
        }
        std::sort(repos.begin(), repos.end(), [&](const GhRepo* a, const GhRepo* b) {
            return sort == "full_name" ? util::to_lower(a->name) < util::to_lower(b->name)
                                       : a->id < b->id;
        });
        const int last_page =
            std::max(1, static_cast<int>((repos.size() + static_cast<std::size_t>(per_page) - 1) /
                                         static_cast<std::size_t>(per_page)));
        const auto begin = std::min(repos.size(), static_cast<std::size_t>((page - 1) * per_page));
        const auto end = std::min(repos.size(), begin + static_cast<std::size_t>(per_page));
        const GhUrls urls = urls_of(call);
        util::JsonWriter w;
        w.begin_array();
        for (auto i = begin; i < end; ++i) {
            write_repository(w, data, *repos[i], urls);
        }
        w.end_array();
        body = w.take();
        link = link_header(urls.api + (org ? "/orgs/" : "/users/") + call.param(0) + "/repos",
                           req.target, page, last_page);
    });
    if (!found) {
        reply_json(call.res, 404, basic_error("Not Found", k_repo_docs, 404));
    } else {
        reply_cacheable(call, std::move(body), link);
    }
}

} // namespace

std::unique_ptr<ApiProfile> register_github_api(Router& router, Services& services) {
    auto profile = std::make_unique<GitHubProfile>(services);
    for (const std::string_view prefix : {"", "/api/v3"}) {
        router.api(*profile, Method::get, prefix, "/repos/{owner}/{repo}",
                   [&services](Call& call) { get_repo(services, call); });
        router.api(*profile, Method::get, prefix, "/repos/{owner}/{repo}/issues",
                   [&services](Call& call) {
                       list_issues(services, call, [&call](GitHubData& d) {
                           return find_repo(d, call.param(0), call.param(1));
                       });
                   });
        router.api(*profile, Method::get, prefix, "/repositories/{repository_id}/issues",
                   [&services](Call& call) {
                       list_issues(services, call, [&call](GitHubData& d) -> GhRepo* {
                           const std::string id = call.param(0);
                           if (id.size() > 15 ||
                               id.find_first_not_of("0123456789") != std::string::npos) {
                               return nullptr;
                           }
                           return find_repo_by_id(d, std::stoll(id));
                       });
                   });
        router.api(*profile, Method::get, prefix, "/repos/{owner}/{repo}/issues/{issue_number}",
                   [&services](Call& call) { get_issue(services, call); });
        router.api(*profile, Method::get, prefix, "/orgs/{org}/repos",
                   [&services](Call& call) { list_owner_repos(services, call, true); });
        router.api(*profile, Method::get, prefix, "/users/{username}/repos",
                   [&services](Call& call) { list_owner_repos(services, call, false); });
    }
    register_github_write_api(router, services, *profile);
    router.api_fallback(*profile, "/api/v3");
    router.api_fallback(*profile, "/repos");
    router.api_fallback(*profile, "/repositories");
    router.api_fallback(*profile, "/orgs");
    router.api_fallback(*profile, "/users");
    return profile;
}

} // namespace issuebridge::sandbox
