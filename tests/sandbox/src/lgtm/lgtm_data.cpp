// The LGTM module's data: projects and their analyses as the admin API and seed files make them,
// and how the API writes them (project-details, analysis, SARIF 2.1.0).

#include "lgtm_data.hpp"

#include "clock.hpp"
#include "hash.hpp"

#include "issuebridge/util/json_writer.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace issuebridge::sandbox {

namespace {

std::string read_alert(const Json& spec, LgAlert& a) {
    if (!spec.is_object()) {
        return "an alert is a JSON object";
    }
    bool bad = false;
    const auto text = [&](std::string_view key, std::string& field) {
        if (auto v = get_string(spec, key, bad)) {
            field = *v;
        }
    };
    text("key", a.key);
    text("rule", a.rule);
    text("rule_name", a.rule_name);
    text("help_uri", a.help_uri);
    text("level", a.level);
    text("path", a.path);
    text("message", a.message);
    a.line = get_int(spec, "line", bad).value_or(a.line);
    a.suppressed = get_bool(spec, "suppressed", bad).value_or(a.suppressed);
    if (bad) {
        return "key, rule, rule_name, help_uri, level, path and message are strings, line an "
               "integer, suppressed a boolean";
    }
    if (a.key.empty()) {
        return "key is required";
    }
    if (a.level != "note" && a.level != "warning" && a.level != "error") {
        return "level must be note, warning or error";
    }
    return "";
}

std::string generate(const Json& spec, std::vector<LgAlert>& alerts) {
    bool bad = false;
    const std::int64_t count = get_int(spec, "count", bad).value_or(0);
    const auto seed = static_cast<std::uint64_t>(get_int(spec, "seed", bad).value_or(1));
    const double suppressed = get_number(spec, "suppressed_fraction", bad).value_or(0.0);
    if (bad || count < 1 || count > 200000) {
        return "generate: count (1 to 200000) and seed are integers, suppressed_fraction a number";
    }
    static constexpr const char* k_levels[] = {"note", "warning", "error"};
    Rng rng(seed);
    for (std::int64_t i = 0; i < count; ++i) {
        LgAlert a;
        // Opaque, base64 like LGTM's, in its URL-safe alphabet so that admin paths need no
        // escaping.
        a.key = base64_encode(digest_hex("alert " + std::to_string(seed) + " " + std::to_string(i)))
                    .substr(0, 27) +
                "=";
        std::replace(a.key.begin(), a.key.end(), '/', '_');
        std::replace(a.key.begin(), a.key.end(), '+', '-');
        const auto rule = rng.below(6);
        a.rule = "py/rule-" + std::to_string(rule);
        a.rule_name = "Rule " + std::to_string(rule);
        a.help_uri = "https://lgtm.example.com/rules/" + std::to_string(rule);
        a.level = k_levels[rule % 3];
        a.path = "src/file" + std::to_string(rng.below(50)) + ".py";
        a.line = static_cast<std::int64_t>(rng.below(900) + 1);
        a.message = "Finding " + std::to_string(i) + " of rule " + std::to_string(rule) + ".";
        a.suppressed = rng.unit() < suppressed;
        alerts.push_back(std::move(a));
    }
    return "";
}

} // namespace

LgProject* lg_find(LgData& data, std::int64_t id) {
    const auto it = data.projects.find(id);
    return it == data.projects.end() ? nullptr : &it->second;
}

LgProject* lg_find(LgData& data, const std::string& url_identifier) {
    for (auto& [id, p] : data.projects) {
        if (p.url_identifier == url_identifier) {
            return &p;
        }
    }
    return nullptr;
}

LgProject* lg_ensure(LgData& data, const std::string& url_identifier, std::int64_t id,
                     std::string& error) {
    if (LgProject* p = lg_find(data, url_identifier)) {
        return p;
    }
    const auto slash = url_identifier.find('/');
    const auto second = slash == std::string::npos ? slash : url_identifier.find('/', slash + 1);
    if (second == std::string::npos || url_identifier.find('/', second + 1) != std::string::npos ||
        slash == 0 || second == slash + 1 || second + 1 == url_identifier.size()) {
        error = "a project is named by its URL identifier \"provider/org/name\"";
        return nullptr;
    }
    id = id > 0 ? id : data.next_id;
    if (data.projects.count(id) != 0) {
        error = "project id " + std::to_string(id) + " is taken";
        return nullptr;
    }
    data.next_id = std::max(data.next_id, id + 1);
    LgProject& p = data.projects[id];
    p.id = id;
    p.url_identifier = url_identifier;
    p.name = url_identifier.substr(slash + 1);
    return &p;
}

std::string lg_add_analysis(LgProject& project, const Json& spec, std::int64_t now_s,
                            std::string& id) {
    if (!spec.is_object()) {
        return "an analysis is a JSON object";
    }
    bool bad = false;
    LgAnalysis a;
    const std::string n = std::to_string(project.analyses.size() + 1);
    a.commit = get_string(spec, "commit", bad).value_or(digest_hex("commit " + n).substr(0, 40));
    a.id =
        (digest_hex("analysis " + std::to_string(project.id) + " " + n) + digest_hex("more " + n))
            .substr(0, 40);
    a.date_s = now_s;
    if (bad) {
        return "commit is a string";
    }
    if (const Json* alerts = spec.get("alerts")) {
        if (!alerts->is_array()) {
            return "alerts: expected an array";
        }
        for (std::size_t i = 0; i < alerts->as_array().size(); ++i) {
            LgAlert alert;
            if (std::string error = read_alert(alerts->as_array()[i], alert); !error.empty()) {
                return "alert " + std::to_string(i) + ": " + error;
            }
            a.alerts.push_back(std::move(alert));
        }
    }
    if (const Json* more = spec.get("generate")) {
        if (std::string error = generate(*more, a.alerts); !error.empty()) {
            return error;
        }
    }
    std::set<std::string> keys;
    for (const auto& alert : a.alerts) {
        if (!keys.insert(alert.key).second) {
            return "alert key '" + alert.key + "' appears twice";
        }
    }
    id = a.id;
    project.analyses.push_back(std::move(a));
    return "";
}

const LgAnalysis* lg_find_analysis(const LgData& data, const std::string& id,
                                   const LgProject** project) {
    for (const auto& [pid, p] : data.projects) {
        for (const auto& a : p.analyses) {
            if (a.id == id) {
                if (project) {
                    *project = &p;
                }
                return &a;
            }
        }
    }
    return nullptr;
}

std::string lg_change(LgProject& project, const std::string& key, const Json& spec,
                      std::int64_t now_s) {
    std::vector<LgAlert> alerts =
        project.analyses.empty() ? std::vector<LgAlert>{} : project.analyses.back().alerts;
    auto it =
        std::find_if(alerts.begin(), alerts.end(), [&](const LgAlert& a) { return a.key == key; });
    if (it == alerts.end()) {
        // Fixed by an earlier analysis: the newest analysis that had it.
        for (auto a = project.analyses.rbegin(); a != project.analyses.rend() && it == alerts.end();
             ++a) {
            for (const auto& old : a->alerts) {
                if (old.key == key) {
                    alerts.push_back(old);
                    it = std::prev(alerts.end());
                    break;
                }
            }
        }
        if (it == alerts.end()) {
            return "no alert " + key + " in " + project.url_identifier;
        }
    }
    bool bad = false;
    const std::string state = get_string(spec, "state", bad).value_or("");
    if (std::string error = read_alert(spec, *it); !error.empty()) {
        return error;
    }
    if (state == "fixed") {
        alerts.erase(it);
    } else if (state == "open" || state == "suppressed") {
        it->suppressed = state == "suppressed";
    } else if (!state.empty() || bad) {
        return "state must be \"open\", \"suppressed\" or \"fixed\"";
    }
    LgAnalysis next;
    const std::string n = std::to_string(project.analyses.size() + 1);
    next.commit = digest_hex("commit " + n).substr(0, 40);
    next.id =
        (digest_hex("analysis " + std::to_string(project.id) + " " + n) + digest_hex("more " + n))
            .substr(0, 40);
    next.date_s = now_s;
    next.alerts = std::move(alerts);
    project.analyses.push_back(std::move(next));
    return "";
}

void lg_write_alerts(util::JsonWriter& w, const LgProject& project) {
    std::map<std::string, std::pair<const LgAlert*, bool>> seen; // key -> (newest, in the latest)
    for (std::size_t i = 0; i < project.analyses.size(); ++i) {
        for (const auto& a : project.analyses[i].alerts) {
            seen[a.key] = {&a, i + 1 == project.analyses.size()};
        }
    }
    w.begin_array();
    for (const auto& [key, found] : seen) {
        const LgAlert& a = *found.first;
        w.begin_object().field("key", key).field("rule", a.rule).field("rule_name", a.rule_name);
        w.field("level", a.level).field("path", a.path).field("line", a.line);
        w.field("state", !found.second ? "fixed" : a.suppressed ? "suppressed" : "open");
        w.end_object();
    }
    w.end_array();
}

void lg_write_project(util::JsonWriter& w, const LgProject& p, const std::string& web) {
    w.begin_object().field("id", p.id).field("name", p.name);
    w.field("url", web + "/projects/" + p.url_identifier).field("url-identifier", p.url_identifier);
    w.key("languages").begin_array();
    if (!p.analyses.empty()) {
        const LgAnalysis& a = p.analyses.back();
        w.begin_object().field("language", "python").field("status", "success");
        w.field("alerts", static_cast<std::int64_t>(a.alerts.size())).field("grade", "A");
        w.field("commit-id", a.commit).field("analysis-date", format_github_time(a.date_s));
        w.end_object();
    }
    w.end_array().end_object();
}

void lg_write_analysis(util::JsonWriter& w, const LgProject& p, const LgAnalysis& a,
                       const std::string& web) {
    const std::string project = web + "/projects/" + p.url_identifier;
    w.begin_object().field("id", a.id).field("commit-id", a.commit);
    w.key("languages").begin_array().begin_object();
    w.field("language", "python").field("status", "success");
    w.field("alerts", static_cast<std::int64_t>(a.alerts.size())).field("lines", 1000);
    w.field("commit-id", a.commit).field("analysis-date", format_github_time(a.date_s));
    w.field("commit-date", format_github_time(a.date_s));
    w.end_object().end_array();
    w.field("log-url", project + "/logs/analysis/" + a.id);
    w.field("results-url", project + "/analysis/" + a.id + "/files");
    w.key("project").begin_object().field("id", p.id).field("name", p.name);
    w.field("url", project).field("url-identifier", p.url_identifier).end_object();
    w.end_object();
}

std::string lg_sarif(const std::vector<const LgAlert*>& alerts) {
    // The rules the alerts name, each once, in order of first use.
    std::map<std::string, std::size_t> index;
    std::vector<const LgAlert*> rules;
    for (const auto* a : alerts) {
        if (index.emplace(a->rule, rules.size()).second) {
            rules.push_back(a);
        }
    }
    util::JsonWriter w;
    w.begin_object().field("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    w.field("version", "2.1.0").key("runs").begin_array().begin_object();
    w.key("tool").begin_object().key("driver").begin_object();
    w.field("name", "LGTM").field("organization", "Semmle").field("version", "1.30.0");
    w.key("rules").begin_array();
    for (const auto* r : rules) {
        w.begin_object().field("id", r->rule).field("name", r->rule);
        w.key("shortDescription").begin_object().field("text", r->rule_name).end_object();
        w.key("fullDescription").begin_object().field("text", r->rule_name + ".").end_object();
        w.key("defaultConfiguration").begin_object().field("level", r->level).end_object();
        w.key("help").begin_object().field("text", "# " + r->rule_name).end_object();
        if (!r->help_uri.empty()) {
            w.field("helpUri", r->help_uri);
        }
        w.key("properties").begin_object().field("problem.severity", r->level);
        w.end_object().end_object();
    }
    w.end_array().end_object().end_object();
    w.key("results").begin_array();
    for (const auto* a : alerts) {
        w.begin_object().field("ruleId", a->rule);
        w.field("ruleIndex", static_cast<std::int64_t>(index[a->rule])).field("level", a->level);
        w.key("message").begin_object().field("text", a->message).end_object();
        w.key("locations").begin_array().begin_object().key("physicalLocation").begin_object();
        w.key("artifactLocation").begin_object().field("uri", a->path);
        w.field("uriBaseId", "%SRCROOT%").end_object();
        w.key("region").begin_object().field("startLine", a->line).end_object();
        w.end_object().end_object().end_array();
        w.key("partialFingerprints").begin_object().field("alertKey", a->key);
        w.field("primaryLocationLineHash", digest_hex(a->path + a->message).substr(0, 16));
        w.end_object();
        if (a->suppressed) {
            w.key("suppressions").begin_array().begin_object().field("kind", "external");
            w.end_object().end_array();
        }
        w.end_object();
    }
    w.end_array();
    w.key("columnKind").value("utf16CodeUnits");
    w.end_object().end_array().end_object();
    return w.take();
}

} // namespace issuebridge::sandbox
