// /_sandbox/github/...: repositories, issues and pull requests as the tests and the demo set them
// up.

#include "github_json.hpp"
#include "github_module.hpp"
#include "services.hpp"

#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/strings.hpp"

namespace issuebridge::sandbox {

namespace {

std::string numbers_json(const std::vector<int>& numbers) {
    util::JsonWriter w;
    w.begin_object().key("numbers").begin_array();
    for (const int n : numbers) {
        w.value(n);
    }
    w.end_array().end_object();
    return w.take();
}

// Creates every issue or none: a bad item rolls back the ones before it.
std::string create_all(GitHubData& data, GhRepo& repo, const Json& body, std::int64_t now_s,
                       std::vector<int>& numbers) {
    const Json::Array items = body.is_array() ? body.as_array() : Json::Array{body};
    const int next_number = repo.next_number;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const CreateResult r = create_issue(data, repo, items[i], now_s);
        if (!r.error.empty()) {
            for (const int n : numbers) {
                repo.issues.erase(n);
            }
            repo.next_number = next_number;
            numbers.clear();
            return "item " + std::to_string(i) + ": " + r.error;
        }
        numbers.push_back(r.number);
    }
    return "";
}

void post_issues(Services& services, Call& call) {
    const auto body = Json::parse(call.req.body);
    if (!body) {
        return reply_admin_error(call.res, 400, "the body is not valid JSON");
    }
    std::vector<int> numbers;
    const std::string error = services.store.with([&](State& s) {
        GhRepo& repo =
            ensure_repo(s.get<GitHubData>(), call.param(0), call.param(1), services.clock.now_s());
        return create_all(s.get<GitHubData>(), repo, *body, services.clock.now_s(), numbers);
    });
    if (!error.empty()) {
        return reply_admin_error(call.res, 400, error);
    }
    reply_json(call.res, 201, numbers_json(numbers));
}

void generate(Services& services, Call& call) {
    const auto body = Json::parse(call.req.body);
    if (!body) {
        return reply_admin_error(call.res, 400, "the body is not valid JSON");
    }
    const GenerateResult result = services.store.with([&](State& s) {
        GhRepo& repo =
            ensure_repo(s.get<GitHubData>(), call.param(0), call.param(1), services.clock.now_s());
        return generate_issues(s.get<GitHubData>(), repo, *body, services.clock.now_s());
    });
    if (!result.error.empty()) {
        return reply_admin_error(call.res, 400, result.error);
    }
    reply_json(call.res, 201, numbers_json(result.numbers));
}

GhIssue* find_issue(GitHubData& data, const Call& call, GhRepo*& repo) {
    repo = find_repo(data, call.param(0), call.param(1));
    const std::string n = call.param(2);
    if (repo == nullptr || n.empty() || n.size() > 9 ||
        n.find_first_not_of("0123456789") != std::string::npos) {
        return nullptr;
    }
    const auto it = repo->issues.find(std::stoi(n));
    return it == repo->issues.end() ? nullptr : &it->second;
}

void patch(Services& services, Call& call) {
    const auto body = Json::parse(call.req.body.empty() ? "{}" : call.req.body);
    if (!body) {
        return reply_admin_error(call.res, 400, "the body is not valid JSON");
    }
    int status = 200;
    std::string error;
    std::string json;
    services.store.with([&](State& s) {
        GhRepo* repo = nullptr;
        GhIssue* issue = find_issue(s.get<GitHubData>(), call, repo);
        if (issue == nullptr) {
            status = 404;
            error = "no issue " + call.param(0) + "/" + call.param(1) + "#" + call.param(2);
            return;
        }
        error = patch_issue(s.get<GitHubData>(), *repo, *issue, *body, services.clock.now_s());
        status = error.empty() ? 200 : 400;
        util::JsonWriter w;
        write_issue(w, s.get<GitHubData>(), *repo, *issue, {call.origin(), call.origin()});
        json = w.take();
    });
    if (!error.empty()) {
        return reply_admin_error(call.res, status, error);
    }
    reply_json(call.res, 200, std::move(json));
}

// Creates the repository if new; an optional body {"archived": bool, "fork": bool} sets those.
void put_repo(Services& services, Call& call) {
    const auto body = Json::parse(call.req.body.empty() ? "{}" : call.req.body);
    bool bad = !body;
    const auto archived = body ? get_bool(*body, "archived", bad) : std::nullopt;
    const auto fork = body ? get_bool(*body, "fork", bad) : std::nullopt;
    if (bad) {
        return reply_admin_error(call.res, 400, "expected {\"archived\"?: bool, \"fork\"?: bool}");
    }
    const bool existed = services.store.with([&](State& s) {
        const bool found = find_repo(s.get<GitHubData>(), call.param(0), call.param(1)) != nullptr;
        GhRepo& repo =
            ensure_repo(s.get<GitHubData>(), call.param(0), call.param(1), services.clock.now_s());
        repo.archived = archived.value_or(repo.archived);
        repo.fork = fork.value_or(repo.fork);
        return found;
    });
    reply_json(call.res, existed ? 200 : 201, "{}");
}

// Makes `login` a user rather than an organisation: GET /orgs/{login}/repos answers 404.
void put_user(Services& services, Call& call) {
    services.store.with(
        [&](State& s) { s.get<GitHubData>().users.insert(util::to_lower(call.param(0))); });
    reply_json(call.res, 200, "{}");
}

void list_repos(Services& services, Call& call) {
    util::JsonWriter w;
    services.store.with([&](State& s) {
        w.begin_array();
        for (const auto& [key, repo] : s.get<GitHubData>().repos) {
            w.begin_object()
                .field("full_name", repo.owner + "/" + repo.name)
                .field("id", repo.id)
                .field("issues", static_cast<std::int64_t>(repo.issues.size()))
                .end_object();
        }
        w.end_array();
    });
    reply_json(call.res, 200, w.take());
}

} // namespace

void register_github_admin(Router& router, Services& services) {
    Services* s = &services;
    router.admin(Method::get, "/_sandbox/github/repos", [s](Call& c) { list_repos(*s, c); });
    router.admin(Method::put, "/_sandbox/github/repos/{owner}/{repo}",
                 [s](Call& c) { put_repo(*s, c); });
    router.admin(Method::put, "/_sandbox/github/users/{login}", [s](Call& c) { put_user(*s, c); });
    router.admin(Method::post, "/_sandbox/github/repos/{owner}/{repo}/issues",
                 [s](Call& c) { post_issues(*s, c); });
    router.admin(Method::post, "/_sandbox/github/repos/{owner}/{repo}/generate",
                 [s](Call& c) { generate(*s, c); });
    router.admin(Method::patch, "/_sandbox/github/repos/{owner}/{repo}/issues/{number}",
                 [s](Call& c) { patch(*s, c); });
    register_github_write_admin(router, services);
}

} // namespace issuebridge::sandbox
