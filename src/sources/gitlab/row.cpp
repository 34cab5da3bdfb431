// GitLab's row: everything the core knows of GitLab as a source.

#include "gitlab.hpp"

namespace issuebridge::sources::gitlab {

namespace {

config::Setting text_setting(std::string key, std::string default_value, std::string example, std::string doc) {
    config::Setting s;
    s.key = std::move(key);
    s.default_value = std::move(default_value);
    s.example = std::move(example);
    s.doc = std::move(doc);
    return s;
}

Row make_row() {
    Row row;
    config::SourceSchema& s = row.schema;
    s.type = "gitlab";
    s.default_base_url = "https://gitlab.com/api/v4";
    s.base_url_example = "https://gitlab.example.com/api/v4";
    config::Setting token;
    token.key = "token_env";
    token.kind = config::Setting::Kind::secret;
    token.example = "GITLAB_TOKEN";
    token.doc = "the environment variable holding a personal, project or group access token (or an OAuth token "
                "with auth = \"bearer\"); optional for public projects";
    s.settings = {token,
                  text_setting("auth", "private-token", "bearer",
                               "how the token is sent: 'private-token' (the PRIVATE-TOKEN header) or 'bearer' "
                               "(Authorization: Bearer)"),
                  text_setting("include_confidential", "false", "true",
                               "'true' to sync confidential issues too; by default they are left out and counted")};
    s.kinds = {"issue", "merge_request"};
    s.kind_aliases = {{"pull_request", "merge_request"}};
    // A project's full path: a namespace (group and subgroups) and the project's path.
    s.repo_pattern = "[A-Za-z0-9_.][A-Za-z0-9_.-]*(/[A-Za-z0-9_.][A-Za-z0-9_.-]*)+";
    s.repo_shape = "'group/project' or 'group/sub/project'";
    // A group's projects: 'group/*' its own, 'group/**' with its subgroups' (GET /groups/:id/projects).
    s.group_pattern = "[A-Za-z0-9_.][A-Za-z0-9_.-]*(/[A-Za-z0-9_.][A-Za-z0-9_.-]*)*/\\*\\*?";
    s.group_shape = "'group/*' or 'group/**' (with subgroups), e.g. 'group/sub/*'";
    s.states = {{"opened", model::ItemState::open},
                {"closed", model::ItemState::closed},
                {"locked", model::ItemState::closed},
                {"merged", model::ItemState::closed}};
    s.link_label = "View on GitLab";

    // gitlab.com's published limits (gitlabhq/gitlabhq@0ab7ab5b:doc/user/gitlab_com/rate_limits.md, API-FACTS
    // §2.7): 2,000 authenticated API requests a minute per user today; the plan-based limits announced for Free
    // (100 a minute, 5,000 an hour) are the floor a scheduled sync should plan for, so pace at 100 a minute. A 429
    // without Retry-After (GitLab issues #365728, #199738) waits at least a minute. Self-managed admins set their
    // own: rate_limit in the section overrides this.
    using std::chrono::seconds;
    row.policy.rate = http::RateLimit{100, seconds{60}};
    row.policy.rate_limit_floor = seconds{60};
    row.policy.vendor = "GitLab";

    row.identity = {gitlab::repo_of, gitlab::canonical_id, gitlab::describe_cursor};
    row.make = gitlab::make;
    return row;
}

} // namespace

const Row& row() {
    static const Row k_row = make_row();
    return k_row;
}

} // namespace issuebridge::sources::gitlab
