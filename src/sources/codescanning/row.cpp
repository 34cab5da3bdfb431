// The code scanning row: everything the core knows of GitHub code scanning as a source.

#include "codescanning.hpp"

namespace issuebridge::sources::codescanning {

namespace {

config::Setting text_setting(std::string key, std::string example, std::string doc) {
    config::Setting s;
    s.key = std::move(key);
    s.example = std::move(example);
    s.doc = std::move(doc);
    return s;
}

Row make_row() {
    Row row;
    config::SourceSchema& s = row.schema;
    s.type = "codescanning";
    s.default_base_url = "https://api.github.com";
    s.base_url_example = "https://ghe.example.com/api/v3";
    config::Setting token;
    token.key = "token_env";
    token.kind = config::Setting::Kind::secret;
    token.example = "GITHUB_TOKEN";
    token.doc = "the environment variable holding a GitHub token with security_events (private repositories) or "
                "public_repo scope";
    s.settings = {token,
                  text_setting("tool_name", "CodeQL", "only the alerts of this analysis tool (default: every tool)"),
                  text_setting("ref", "refs/heads/main",
                               "the Git reference whose alerts are listed (default: the default branch)")};
    s.kinds = {"alert"};
    s.repo_pattern = "[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+";
    s.repo_shape = "'owner/name'";
    // An alert is open, fixed (no longer found) or dismissed (by a person; labelled 'suppressed' by the source).
    s.states = {
        {"open", model::ItemState::open}, {"fixed", model::ItemState::closed}, {"dismissed", model::ItemState::closed}};
    s.template_fields = {"rule", "rule_url", "severity", "file", "line", "message", "tool", "ref"};
    s.link_label = "View alert on GitHub";
    s.default_title = "{rule} ({repo})"; // as the seed titled its alert tickets

    // GitHub's secondary limits, as for the GitHub source (API-FACTS §1.3): 900 points/min (a read costs 1), about 80
    // content-creating requests/min, at least 1 s between writes, and at least a minute after an unexplained limit.
    using std::chrono::seconds;
    row.policy.rate = http::RateLimit{900, seconds{60}};
    row.policy.write_rate = http::RateLimit{80, seconds{60}};
    row.policy.write_interval = seconds{1};
    row.policy.rate_limit_floor = seconds{60};
    row.policy.rate_limit_words = {"secondary rate limit", "abuse"}; // a 403 saying these is a secondary limit
    row.policy.vendor = "GitHub";

    row.identity = {codescanning::repo_of, codescanning::canonical_id, codescanning::describe_cursor};
    row.make = codescanning::make;
    return row;
}

} // namespace

const Row& row() {
    static const Row k_row = make_row();
    return k_row;
}

} // namespace issuebridge::sources::codescanning
