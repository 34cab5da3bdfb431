// The code scanning module's data: alerts as the admin API, seed files and generators make and
// change them.

#include "cs_data.hpp"

#include "clock.hpp"

#include "issuebridge/util/strings.hpp"

#include <algorithm>
#include <array>
#include <random>

namespace issuebridge::sandbox {

namespace {

struct Rule {
    std::string_view id, description, severity, message;
};
constexpr std::array<Rule, 6> k_rules{{
    {"py/unused-import", "Unused import", "note", "Import of 'os' is not used."},
    {"py/sql-injection", "SQL query built from user-controlled sources", "error",
     "This SQL query depends on a user-provided value."},
    {"js/xss", "Client-side cross-site scripting", "error",
     "Cross-site scripting vulnerability due to user input."},
    {"cpp/uninitialized-local", "Potentially uninitialized local variable", "warning",
     "The variable 'n' may not be initialized here."},
    {"go/path-injection", "Uncontrolled data used in path expression", "error",
     "This path depends on a user-provided value."},
    {"java/unused-parameter", "Useless parameter", "note", "The parameter 'ctx' is never used."},
}};
constexpr std::array<std::string_view, 5> k_paths{"src/app.py", "lib/db/query.js", "src/parse.cpp",
                                                  "cmd/main.go", "core/Service.java"};

bool one_of(const std::string& v, std::initializer_list<std::string_view> words) {
    for (const auto w : words) {
        if (v == w) {
            return true;
        }
    }
    return false;
}

} // namespace

CsRepo* cs_find_repo(CsData& data, const std::string& owner, const std::string& name) {
    const auto it = data.repos.find(util::to_lower(owner + "/" + name));
    return it == data.repos.end() ? nullptr : &it->second;
}

CsRepo& cs_ensure_repo(CsData& data, const std::string& owner, const std::string& name) {
    CsRepo& repo = data.repos[util::to_lower(owner + "/" + name)];
    if (repo.full_name.empty()) {
        repo.full_name = owner + "/" + name;
    }
    return repo;
}

std::string cs_apply(CsAlert& alert, const Json& spec, std::int64_t now_s) {
    if (!spec.is_object()) {
        return "an alert is a JSON object";
    }
    bool bad = false;
    const CsAlert before = alert;
    const auto text = [&](std::string_view key, std::string& field) {
        if (auto v = get_string(spec, key, bad)) {
            field = *v;
        }
    };
    text("rule", alert.rule_id);
    text("rule_description", alert.rule_description);
    text("severity", alert.severity);
    text("help_uri", alert.help_uri);
    text("tool", alert.tool);
    text("ref", alert.ref);
    text("path", alert.path);
    text("message", alert.message);
    text("dismissed_reason", alert.dismissed_reason);
    alert.line = get_int(spec, "line", bad).value_or(alert.line);
    if (const Json* state = spec.get("state")) {
        if (state->is_null()) {
            alert.state.clear();
        } else if (state->is_string() &&
                   one_of(state->as_string(), {"open", "fixed", "dismissed"})) {
            alert.state = state->as_string();
        } else {
            return "state must be \"open\", \"fixed\", \"dismissed\" or null";
        }
    }
    if (bad) {
        return "rule, rule_description, severity, help_uri, tool, ref, path, message and "
               "dismissed_reason are "
               "strings, line an integer";
    }
    if (!one_of(alert.severity, {"none", "note", "warning", "error"})) {
        return "severity must be none, note, warning or error";
    }
    if (alert.state == "dismissed" && alert.dismissed_reason.empty()) {
        alert.dismissed_reason =
            "false positive"; // GitHub requires one when dismissing (API-FACTS §1.6)
    }
    if (alert.state != "dismissed") {
        alert.dismissed_reason.clear();
    }
    if (alert.state != before.state) {
        alert.closed_s = alert.state == "fixed" || alert.state == "dismissed" ? now_s : 0;
    }
    const auto same = [](const CsAlert& a, const CsAlert& b) {
        return a.state == b.state && a.dismissed_reason == b.dismissed_reason &&
               a.rule_id == b.rule_id && a.rule_description == b.rule_description &&
               a.severity == b.severity && a.help_uri == b.help_uri && a.tool == b.tool &&
               a.ref == b.ref && a.path == b.path && a.line == b.line && a.message == b.message;
    };
    if (!same(alert, before)) {
        alert.updated_s = now_s;
    }
    return "";
}

std::string cs_add(CsRepo& repo, const Json& spec, std::int64_t now_s, std::int64_t& number) {
    CsAlert alert;
    alert.number = repo.next_number;
    alert.created_s = now_s;
    alert.updated_s = now_s;
    if (std::string error = cs_apply(alert, spec, now_s); !error.empty()) {
        return error;
    }
    number = alert.number;
    repo.alerts[alert.number] = alert;
    ++repo.next_number;
    return "";
}

std::string cs_generate(CsRepo& repo, const Json& spec, std::int64_t now_s) {
    if (!spec.is_object()) {
        return "generate: expected an object";
    }
    bool bad = false;
    const std::int64_t count = get_int(spec, "count", bad).value_or(0);
    const auto seed = static_cast<std::uint64_t>(get_int(spec, "seed", bad).value_or(1));
    const double fixed = get_number(spec, "fixed_fraction", bad).value_or(0.15);
    const double dismissed = get_number(spec, "dismissed_fraction", bad).value_or(0.10);
    const double null_state = get_number(spec, "null_fraction", bad).value_or(0.0);
    if (bad || count < 1 || count > 200000) {
        return "generate: count (1 to 200000) and seed are integers, the fractions numbers";
    }
    std::mt19937_64 random(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (std::int64_t i = 0; i < count; ++i) {
        CsAlert a;
        a.number = repo.next_number++;
        const Rule& rule = k_rules[random() % k_rules.size()];
        a.rule_id = rule.id;
        a.rule_description = rule.description;
        a.severity = rule.severity;
        a.message = rule.message;
        a.help_uri =
            i % 2 == 0 ? "https://codeql.github.com/codeql-query-help/" + std::string(rule.id) + "/"
                       : "";
        a.path = k_paths[random() % k_paths.size()];
        a.line = static_cast<std::int64_t>(random() % 900 + 1);
        // Created over the last 30 days, oldest first; updated a little later.
        a.created_s = now_s - 30 * 86400 + (30 * 86400 * i) / count;
        // Never in the future: a later change (stamped now) must sort above every generated alert,
        // as on GitHub.
        a.updated_s = std::min(a.created_s + static_cast<std::int64_t>(random() % 3600), now_s - 1);
        const double roll = unit(random);
        if (roll < fixed) {
            a.state = "fixed";
            a.closed_s = a.updated_s;
        } else if (roll < fixed + dismissed) {
            a.state = "dismissed";
            a.dismissed_reason = "won't fix";
            a.closed_s = a.updated_s;
        } else if (roll < fixed + dismissed + null_state) {
            a.state.clear();
        }
        repo.alerts[a.number] = a;
    }
    return "";
}

void cs_write_alert(util::JsonWriter& w, const CsRepo& repo, const CsAlert& a,
                    const std::string& api) {
    const std::string number = std::to_string(a.number);
    const auto nullable = [&w](std::string_view key, const std::string& v) {
        w.key(key);
        if (v.empty()) {
            w.null();
        } else {
            w.value(v);
        }
    };
    const auto time = [](std::int64_t s) { return s == 0 ? std::string() : format_github_time(s); };
    w.begin_object();
    w.field("number", a.number);
    w.field("created_at", format_github_time(a.created_s));
    w.field("updated_at", format_github_time(a.updated_s));
    w.field("url", api + "/repos/" + repo.full_name + "/code-scanning/alerts/" + number);
    w.field("html_url", api + "/" + repo.full_name + "/security/code-scanning/" + number);
    w.field("instances_url",
            api + "/repos/" + repo.full_name + "/code-scanning/alerts/" + number + "/instances");
    nullable("state", a.state);
    nullable("fixed_at", a.state == "fixed" ? time(a.closed_s) : "");
    w.key("dismissed_by");
    if (a.state == "dismissed") {
        // A simple-user with every field the schema requires.
        const std::string user = api + "/users/monalisa";
        w.begin_object().field("login", "monalisa").field("id", 2).field("node_id", "MDQ6VXNlcjI=");
        w.field("avatar_url", "https://avatars.githubusercontent.com/u/2?v=4")
            .key("gravatar_id")
            .value("");
        w.field("url", user)
            .field("html_url", api + "/monalisa")
            .field("followers_url", user + "/followers");
        w.field("following_url", user + "/following{/other_user}")
            .field("gists_url", user + "/gists{/gist_id}");
        w.field("starred_url", user + "/starred{/owner}{/repo}")
            .field("subscriptions_url", user + "/subscriptions");
        w.field("organizations_url", user + "/orgs").field("repos_url", user + "/repos");
        w.field("events_url", user + "/events{/privacy}")
            .field("received_events_url", user + "/received_events");
        w.field("type", "User").field("site_admin", false).end_object();
    } else {
        w.null();
    }
    nullable("dismissed_at", a.state == "dismissed" ? time(a.closed_s) : "");
    nullable("dismissed_reason", a.dismissed_reason);
    w.key("dismissed_comment").null();
    w.key("rule").begin_object();
    w.field("id", a.rule_id).field("severity", a.severity).field("description", a.rule_description);
    w.field("name", a.rule_id);
    w.key("tags").begin_array().value("security").end_array();
    nullable("help_uri", a.help_uri);
    w.end_object();
    w.key("tool")
        .begin_object()
        .field("name", a.tool)
        .key("guid")
        .null()
        .field("version", "2.22.4")
        .end_object();
    w.key("most_recent_instance").begin_object();
    w.field("ref", a.ref).field("analysis_key", ".github/workflows/codeql.yml:analyze");
    w.field("environment", "{}").field("category", "/language:python");
    nullable("state", a.state);
    w.field("commit_sha", "908396804d41cdb1d0c0538b97f25a81383ee61b");
    w.key("message").begin_object().field("text", a.message).end_object();
    w.key("location")
        .begin_object()
        .field("path", a.path)
        .field("start_line", a.line)
        .field("end_line", a.line);
    w.field("start_column", 1).field("end_column", 10).end_object();
    w.key("classifications").begin_array().end_array();
    w.end_object();
    w.end_object();
}

} // namespace issuebridge::sandbox
