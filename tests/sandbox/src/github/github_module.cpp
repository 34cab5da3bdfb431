// The GitHub module: its state in the store, its seed section and its routes.

#include "github_module.hpp"
#include "github_data.hpp"
#include "seed.hpp"
#include "services.hpp"

namespace issuebridge::sandbox {

namespace {

std::string seed_repo(GitHubData& data, const std::string& full_name, const Json& spec,
                      std::int64_t now_s) {
    const std::string where = "github.repos." + full_name;
    if (std::string error = check_keys(spec, where, {"issues", "generate"}); !error.empty()) {
        return error;
    }
    const auto slash = full_name.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == full_name.size() ||
        full_name.find('/', slash + 1) != std::string::npos) {
        return where + ": repository names are \"owner/name\"";
    }
    GhRepo& repo =
        ensure_repo(data, full_name.substr(0, slash), full_name.substr(slash + 1), now_s);
    if (const Json* issues = spec.get("issues")) {
        if (!issues->is_array()) {
            return where + ".issues: expected an array";
        }
        for (const auto& issue : issues->as_array()) {
            if (auto r = create_issue(data, repo, issue, now_s); !r.error.empty()) {
                return where + ".issues: " + r.error;
            }
        }
    }
    if (const Json* generate = spec.get("generate")) {
        if (auto r = generate_issues(data, repo, *generate, now_s); !r.error.empty()) {
            return where + ": " + r.error;
        }
    }
    return "";
}

std::string seed_github(GitHubData& data, const Json& github, std::int64_t now_s) {
    if (std::string error = check_keys(github, "github", {"tokens", "repos"}); !error.empty()) {
        return error;
    }
    bool bad = false;
    if (auto tokens = get_strings(github, "tokens", bad)) {
        data.tokens = *tokens;
    }
    if (bad) {
        return "github.tokens: expected an array of strings";
    }
    if (const Json* repos = github.get("repos")) {
        if (!repos->is_object()) {
            return "github.repos: expected an object keyed by \"owner/name\"";
        }
        for (const auto& [name, spec] : repos->as_object()) {
            if (std::string error = seed_repo(data, name, spec, now_s); !error.empty()) {
                return error;
            }
        }
    }
    return "";
}

void fresh(State& state, const Options& /*options*/) { state.put(GitHubData{}); }

std::string seed(const Json& section, State& state, std::int64_t now_s) {
    return seed_github(state.get<GitHubData>(), section, now_s);
}

} // namespace

const Module& github_module() {
    // GitHub's budget when none is configured: 5000 requests an hour, as for a personal access
    // token.
    static const Module module{
        "github",
        "GitHub REST",
        "  GitHub    http://127.0.0.1:PORT          GET /repos/{owner}/{repo}/issues[/{number}]\n"
        "  GHES      http://127.0.0.1:PORT/api/v3   the same routes under /api/v3\n",
        "GitHub \"Authorization: Bearer sandbox-github-token\" (or \"token ...\");\n",
        LimitConfig{5000, 3600},
        nullptr,
        nullptr,
        &fresh,
        &seed,
        &register_github_api,
        &register_github_admin,
    };
    return module;
}

} // namespace issuebridge::sandbox
