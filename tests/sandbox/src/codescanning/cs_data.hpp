#pragma once
// The emulated code scanning alerts (GET /repos/{owner}/{repo}/code-scanning/alerts): repositories,
// each with its alerts and whether GitHub Advanced Security is on. Kept apart from the GitHub
// module's issues.

#include "json.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace issuebridge::sandbox {

struct CsAlert {
    std::int64_t number = 0;
    std::string state =
        "open"; // open, fixed, dismissed; "" is null (found off the default branch only)
    std::string dismissed_reason;
    std::int64_t created_s = 0;
    std::int64_t updated_s = 0;
    std::int64_t closed_s = 0; // fixed_at or dismissed_at
    std::string rule_id = "py/unused-import";
    std::string rule_description = "Unused import";
    std::string severity = "warning"; // none, note, warning, error
    std::string help_uri;             // "" is null
    std::string tool = "CodeQL";
    std::string ref = "refs/heads/main";
    std::string path = "src/main.py";
    std::int64_t line = 1;
    std::string message = "Import of 'os' is not used.";
};

struct CsRepo {
    std::string full_name;      // as first named
    bool enabled = true;        // false: 403, Advanced Security must be enabled
    bool cursor_paging = false; // Link rel="next" with after=<cursor> instead of page=<n>
    std::int64_t next_number = 1;
    std::map<std::int64_t, CsAlert> alerts;
};

struct CsData {
    std::vector<std::string> tokens{"sandbox-codescanning-token"};
    std::map<std::string, CsRepo> repos; // by lowercased "owner/name"
};

CsRepo* cs_find_repo(CsData& data, const std::string& owner, const std::string& name);
CsRepo& cs_ensure_repo(CsData& data, const std::string& owner, const std::string& name);
// Applies the members of `spec` that an alert has (rule, rule_description, severity, help_uri,
// tool, ref, path, line, message, state, dismissed_reason) to `alert`, stamping updated (and
// fixed/dismissed) at `now_s` when anything changed. Returns an error message or "".
std::string cs_apply(CsAlert& alert, const Json& spec, std::int64_t now_s);
// Adds one alert from `spec`; its number in `number`. Returns an error message or "".
std::string cs_add(CsRepo& repo, const Json& spec, std::int64_t now_s, std::int64_t& number);
// Adds `count` deterministic alerts (about 15% fixed, 10% dismissed, a few null-state ones when
// `null_fraction`).
std::string cs_generate(CsRepo& repo, const Json& spec, std::int64_t now_s);
// The alert as code-scanning-alert-items, with URLs under `api` (e.g. http://127.0.0.1:PORT) and
// `web`.
void cs_write_alert(util::JsonWriter& w, const CsRepo& repo, const CsAlert& alert,
                    const std::string& api);

} // namespace issuebridge::sandbox
