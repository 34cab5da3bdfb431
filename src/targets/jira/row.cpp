// Jira's row: everything the core knows of Jira as a target.

#include "jira.hpp"

#include "issuebridge/targets/registry.hpp"

namespace issuebridge::targets::jira {

namespace {

config::Setting setting(std::string key, config::Setting::Kind kind, bool required, std::string default_value,
                        std::string example, std::string doc) {
    config::Setting s;
    s.key = std::move(key);
    s.kind = kind;
    s.required = required;
    s.default_value = std::move(default_value);
    s.example = std::move(example);
    s.doc = std::move(doc);
    return s;
}

std::optional<config::Problem> label_problem(std::string_view label) {
    if (label.empty() || label.find_first_of(" \t") != std::string_view::npos) {
        return config::Problem{"labels", "must be non-empty and contain no spaces",
                               "Jira labels cannot contain spaces; use '-' or '_'"};
    }
    return std::nullopt;
}

// Cloud signs in with an e-mail and an API token (Basic); Data Center with a username and password (Basic) or, with
// no user, a personal access token (Bearer), API-FACTS §6.1.
std::optional<config::Problem> check(const config::Target& t) {
    const bool literal = !t.setting("user").empty();
    const bool both = literal && t.secrets.contains("user_env");
    const bool none = !literal && !t.secrets.contains("user_env");
    if (both || (none && t.setting("api_version") != "2")) {
        return config::Problem{literal ? "user" : "type", "set exactly one of 'user' and 'user_env'",
                               "the Jira user is the account's e-mail (Cloud) or username (Data Center); Data "
                               "Center with a personal access token (api_version = 2) takes none"};
    }
    return std::nullopt;
}

Row make_row() {
    using Kind = config::Setting::Kind;
    Row row;
    config::TargetSchema& s = row.schema;
    s.type = "jira";
    s.base_url_example = "https://example.atlassian.net"; // no default: every site has its own
    s.settings = {
        setting("token_env", Kind::secret, true, "", "JIRA_API_TOKEN",
                "the environment variable holding the Jira API token (Cloud), or the password or, with no user, "
                "the personal access token (Data Center)"),
        setting("user", Kind::text, false, "", "me@example.com",
                "the Jira account: e-mail (Cloud) or username (Data Center); or user_env; none for a Data "
                "Center personal access token"),
        setting("user_env", Kind::secret, false, "", "JIRA_USER",
                "the environment variable holding the Jira account, instead of user"),
        setting("project", Kind::text, true, "", "SUP", "the key of the Jira project that receives the items"),
        setting("issue_type", Kind::text, false, "Task", "Bug", "the issue type of created items"),
        setting("close_transition", Kind::text, false, "Done", "Close", "the workflow transition that closes an item"),
        setting("reopen_transition", Kind::text, false, "To Do", "Reopen",
                "the workflow transition that reopens an item"),
    };
    config::Setting api_version = setting("api_version", Kind::integer, false, "3", "3",
                                          "the REST API version: 3 (Jira Cloud) or 2 (Jira Data Center / Server; "
                                          "base_url may have a context path)");
    api_version.min = 2;
    api_version.max = 3;
    s.settings.push_back(std::move(api_version));
    s.label_problem = label_problem;
    s.check = check;

    // Conservative: API-token traffic has burst limits only.
    row.policy.rate = http::RateLimit{10, std::chrono::seconds{1}};
    row.policy.vendor = "Jira";
    row.capabilities.search_lag = 120;
    row.capabilities.create_carries_closed = false; // Jira creates items open; a transition closes them
    row.capabilities.max_batch = 1;
    s.search_lag =
        static_cast<int>(row.capabilities.search_lag); // the config's default; a target's search_lag overrides it
    row.make = [](const config::Target& t) -> std::unique_ptr<Target> { return std::make_unique<JiraTarget>(t); };
    return row;
}

} // namespace

const Row& row() {
    static const Row k_row = make_row();
    return k_row;
}

} // namespace issuebridge::targets::jira
