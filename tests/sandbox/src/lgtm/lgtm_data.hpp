#pragma once
// The emulated LGTM Enterprise (API v1.0): projects, each with its analyses in order, each
// analysis the complete set of alerts it found. The newest analysis is `latest`.

#include "json.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace issuebridge::sandbox {

struct LgAlert {
    std::string key; // LGTM's opaque alert key (partialFingerprints.alertKey)
    std::string rule = "py/unused-import";
    std::string rule_name = "Unused import"; // shortDescription.text
    std::string help_uri;                    // "" is none
    std::string level = "warning";           // note, warning, error
    std::string path = "src/main.py";
    std::int64_t line = 1;
    std::string message = "Import of 'os' is not used.";
    bool suppressed = false;
};

struct LgAnalysis {
    std::string id; // 40 lowercase hex digits
    std::string commit;
    std::int64_t date_s = 0;
    std::vector<LgAlert> alerts;
};

struct LgProject {
    std::int64_t id = 0;
    std::string url_identifier; // "g/org/name"
    std::string name;
    std::vector<LgAnalysis> analyses; // oldest first
};

struct LgData {
    std::vector<std::string> tokens{"sandbox-lgtm-token"};
    std::map<std::int64_t, LgProject> projects;
    std::int64_t next_id = 1000001;
};

LgProject* lg_find(LgData& data, std::int64_t id);
LgProject* lg_find(LgData& data, const std::string& url_identifier);
// The project named `url_identifier` ("g/org/name"), made (with `id` when not 0) when absent.
// Returns an error message or "" in `error`.
LgProject* lg_ensure(LgData& data, const std::string& url_identifier, std::int64_t id,
                     std::string& error);
// Adds an analysis from `spec` {"commit", "alerts":[...], "generate":{"count","seed"}} as the
// project's latest; its id in `id`. Returns an error message or "".
std::string lg_add_analysis(LgProject& project, const Json& spec, std::int64_t now_s,
                            std::string& id);
// A new latest analysis: the latest's alerts with alert `key` changed by `spec` (as an alert's
// members, and "state": "open", "suppressed" or "fixed", i.e. left out). An alert an earlier
// analysis fixed comes back. Returns an error message or "" ("no alert ..." when none has `key`).
std::string lg_change(LgProject& project, const std::string& key, const Json& spec,
                      std::int64_t now_s);
// Every alert any analysis of `project` found, by key: its newest fields and its state now
// ("open", "suppressed", or "fixed" when the latest analysis lacks it).
void lg_write_alerts(util::JsonWriter& w, const LgProject& project);
// The analysis with `id` (of any project), or nullptr.
const LgAnalysis* lg_find_analysis(const LgData& data, const std::string& id,
                                   const LgProject** project = nullptr);
// A project-details object; an analysis object (getAnalysisForCommit) under web URL `web`.
void lg_write_project(util::JsonWriter& w, const LgProject& p, const std::string& web);
void lg_write_analysis(util::JsonWriter& w, const LgProject& p, const LgAnalysis& a,
                       const std::string& web);
// A SARIF 2.1.0 log of `alerts` as LGTM's getAlerts gives it.
std::string lg_sarif(const std::vector<const LgAlert*>& alerts);

} // namespace issuebridge::sandbox
