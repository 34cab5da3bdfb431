// GitHub's row: everything the core knows of GitHub as a source.

#include "github.hpp"

namespace issuebridge::sources::github {

namespace {

Row make_row() {
    Row row;
    config::SourceSchema& s = row.schema;
    s.type = "github";
    s.default_base_url = "https://api.github.com";
    s.base_url_example = "https://ghe.example.com/api/v3";
    config::Setting token;
    token.key = "token_env";
    token.kind = config::Setting::Kind::secret;
    token.example = "GITHUB_TOKEN";
    token.doc = "the environment variable holding a GitHub token (optional for public repositories)";
    const auto flag = [](std::string key, std::string doc) {
        config::Setting f;
        f.key = std::move(key);
        f.default_value = "false";
        f.example = "true";
        f.doc = std::move(doc);
        return f;
    };
    s.settings = {token,
                  flag("include_archived", "'true': an 'owner/*' pattern in repos names archived repositories too"),
                  flag("include_forks", "'true': an 'owner/*' pattern in repos names forks too")};
    s.kinds = {"issue", "pull_request"};
    s.kind_aliases = {{"merge_request", "pull_request"}};
    s.repo_pattern = "[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+";
    s.repo_shape = "'owner/name'";
    // An organisation's (or a user's) repositories: GET /orgs/{org}/repos, else /users/{user}/repos.
    s.group_pattern = "[A-Za-z0-9_.-]+/\\*";
    s.group_shape = "'owner/*' (owners do not nest: no '**')";
    s.states = {
        {"open", model::ItemState::open}, {"closed", model::ItemState::closed}, {"merged", model::ItemState::closed}};
    s.link_label = "View on GitHub";

    // Secondary limits: 900 points/min (a read costs 1), ~80 content-creating requests/min, >= 1 s between writes;
    // an unexplained 429/403 rate limit means waiting at least a minute.
    using std::chrono::seconds;
    row.policy.rate = http::RateLimit{900, seconds{60}};
    row.policy.vendor = "GitHub";
    row.policy.write_rate = http::RateLimit{80, seconds{60}};
    row.policy.write_interval = seconds{1};
    row.policy.rate_limit_floor = seconds{60};
    row.policy.rate_limit_words = {"secondary rate limit", "abuse"}; // a 403 saying these is a secondary limit

    row.identity = {github::repo_of, github::canonical_id, github::describe_cursor};
    row.make = github::make;
    return row;
}

} // namespace

const Row& row() {
    static const Row k_row = make_row();
    return k_row;
}

} // namespace issuebridge::sources::github
