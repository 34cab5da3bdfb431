// The code scanning module: its state, seed section and admin routes (/_sandbox/codescanning/...):
//   PUT   /_sandbox/codescanning/repos/{owner}/{repo} {"enabled":bool,"paging":"page"|"cursor"}
//   POST  /_sandbox/codescanning/repos/{owner}/{repo}/alerts   an alert or an array:
//   {"numbers":[...]} POST  /_sandbox/codescanning/repos/{owner}/{repo}/generate
//   {"count","seed","fixed_fraction",...} PATCH
//   /_sandbox/codescanning/repos/{owner}/{repo}/alerts/{number}  fix, dismiss, reopen, change
//   fields

#include "cs_module.hpp"
#include "cs_data.hpp"
#include "seed.hpp"
#include "services.hpp"

#include "issuebridge/util/json_writer.hpp"

namespace issuebridge::sandbox {

namespace {

std::string configure(CsRepo& repo, const Json& spec) {
    bool bad = false;
    repo.enabled = get_bool(spec, "enabled", bad).value_or(repo.enabled);
    if (auto paging = get_string(spec, "paging", bad)) {
        if (*paging != "page" && *paging != "cursor") {
            return "paging must be \"page\" or \"cursor\"";
        }
        repo.cursor_paging = *paging == "cursor";
    }
    return bad ? "enabled is a boolean, paging a string" : "";
}

std::string add_all(CsRepo& repo, const Json& body, std::int64_t now_s,
                    std::vector<std::int64_t>& numbers) {
    const Json::Array items = body.is_array() ? body.as_array() : Json::Array{body};
    for (std::size_t i = 0; i < items.size(); ++i) {
        std::int64_t number = 0;
        if (std::string error = cs_add(repo, items[i], now_s, number); !error.empty()) {
            return "alert " + std::to_string(i) + ": " + error;
        }
        numbers.push_back(number);
    }
    return "";
}

std::string seed_codescanning(CsData& data, const Json& section, std::int64_t now_s) {
    if (std::string error = check_keys(section, "codescanning", {"tokens", "repos"});
        !error.empty()) {
        return error;
    }
    bool bad = false;
    if (auto tokens = get_strings(section, "tokens", bad)) {
        data.tokens = *tokens;
    }
    if (bad) {
        return "codescanning.tokens: expected an array of strings";
    }
    const Json* repos = section.get("repos");
    if (repos == nullptr) {
        return "";
    }
    if (!repos->is_object()) {
        return "codescanning.repos: expected an object keyed by \"owner/name\"";
    }
    for (const auto& [name, spec] : repos->as_object()) {
        const std::string where = "codescanning.repos." + name;
        const auto slash = name.find('/');
        if (slash == std::string::npos || slash == 0 || slash + 1 == name.size()) {
            return where + ": repository names are \"owner/name\"";
        }
        if (std::string error =
                check_keys(spec, where, {"enabled", "paging", "alerts", "generate"});
            !error.empty()) {
            return error;
        }
        CsRepo& repo = cs_ensure_repo(data, name.substr(0, slash), name.substr(slash + 1));
        std::vector<std::int64_t> numbers;
        std::string error = configure(repo, spec);
        if (const Json* alerts = spec.get("alerts"); alerts && error.empty()) {
            error = add_all(repo, *alerts, now_s, numbers);
        }
        if (const Json* generate = spec.get("generate"); generate && error.empty()) {
            error = cs_generate(repo, *generate, now_s);
        }
        if (!error.empty()) {
            return where + ": " + error;
        }
    }
    return "";
}

void fresh(State& state, const Options&) { state.put(CsData{}); }

std::string seed(const Json& section, State& state, std::int64_t now_s) {
    return seed_codescanning(state.get<CsData>(), section, now_s);
}

// Runs `change` on the repository (created when absent) with the parsed body; answers 400 with its
// error.
template <typename F> void with_repo(Services& services, Call& call, int status, F change) {
    const auto body = Json::parse(call.req.body.empty() ? "{}" : call.req.body);
    if (!body) {
        return reply_admin_error(call.res, 400, "the body is not valid JSON");
    }
    std::string answer = "{}";
    const std::string error = services.store.with([&](State& s) {
        CsRepo& repo = cs_ensure_repo(s.get<CsData>(), call.param(0), call.param(1));
        return change(repo, *body, services.clock.now_s(), answer);
    });
    if (!error.empty()) {
        return reply_admin_error(call.res, error.starts_with("no alert") ? 404 : 400, error);
    }
    reply_json(call.res, status, answer);
}

void register_admin(Router& router, Services& services) {
    Services* s = &services;
    router.admin(Method::put, "/_sandbox/codescanning/repos/{owner}/{repo}", [s](Call& c) {
        with_repo(*s, c, 200, [](CsRepo& repo, const Json& body, std::int64_t, std::string&) {
            return configure(repo, body);
        });
    });
    router.admin(Method::post, "/_sandbox/codescanning/repos/{owner}/{repo}/alerts", [s](Call& c) {
        with_repo(*s, c, 201,
                  [](CsRepo& repo, const Json& body, std::int64_t now_s, std::string& answer) {
                      std::vector<std::int64_t> numbers;
                      std::string error = add_all(repo, body, now_s, numbers);
                      util::JsonWriter w;
                      w.begin_object().key("numbers").begin_array();
                      for (const auto n : numbers) {
                          w.value(n);
                      }
                      w.end_array().end_object();
                      answer = w.take();
                      return error;
                  });
    });
    router.admin(Method::post, "/_sandbox/codescanning/repos/{owner}/{repo}/generate",
                 [s](Call& c) {
                     with_repo(*s, c, 201,
                               [](CsRepo& repo, const Json& body, std::int64_t now_s,
                                  std::string&) { return cs_generate(repo, body, now_s); });
                 });
    router.admin(
        Method::patch, "/_sandbox/codescanning/repos/{owner}/{repo}/alerts/{number}", [s](Call& c) {
            const std::string number = c.param(2);
            with_repo(*s, c, 200,
                      [&number](CsRepo& repo, const Json& body, std::int64_t now_s, std::string&) {
                          const auto it =
                              number.size() < 10 &&
                                      number.find_first_not_of("0123456789") == std::string::npos
                                  ? repo.alerts.find(std::stoll(number))
                                  : repo.alerts.end();
                          if (it == repo.alerts.end()) {
                              return "no alert " + number + " in " + repo.full_name;
                          }
                          return cs_apply(it->second, body, now_s);
                      });
        });
}

} // namespace

const Module& codescanning_module() {
    static const Module module{
        "codescanning",
        "GitHub code scanning",
        "  Code scanning  http://127.0.0.1:PORT[/api/v3]  GET "
        "/repos/{owner}/{repo}/code-scanning/alerts[/{n}]\n",
        "Code scanning \"Authorization: Bearer sandbox-codescanning-token\" (or \"token ...\");\n",
        LimitConfig{5000, 3600},
        nullptr,
        nullptr,
        &fresh,
        &seed,
        &register_codescanning_api,
        &register_admin,
    };
    return module;
}

} // namespace issuebridge::sandbox
