#include "jira.hpp"

#include "issuebridge/util/error.hpp"
#include "issuebridge/util/secrets.hpp"
#include "issuebridge/util/strings.hpp"

namespace issuebridge::targets::jira {

JiraTarget::JiraTarget(const config::Target& t) : m_context(std::make_shared<Context>()) {
    const std::string owner = "target '" + t.name + "'";
    const std::string literal_user = t.setting("user");
    const bool has_user = !literal_user.empty() || t.secrets.contains("user_env");
    const std::string user =
        literal_user.empty() && has_user ? config::read_secret(t.secrets.at("user_env"), owner) : literal_user;
    const std::string token = config::read_secret(t.secrets.at("token_env"), owner);
    Context& c = *m_context;
    c.name = t.name;
    c.base_url = t.base_url;
    c.dialect = t.setting("api_version") == "2" ? k_data_center : k_cloud;
    if (has_user) {
        // Cloud: e-mail and API token; Data Center: username and password (older servers, API-FACTS §6.1).
        c.authorization = "Basic " + util::base64(user + ":" + token);
        c.auth_kind = "basic auth as " + user;
        util::add_secret(c.authorization.substr(6)); // a proxy may echo the header; the token alone would not match
    } else {
        // Data Center 8.14+: a personal access token, which works only as a bearer token (API-FACTS §6.1); the
        // config check allows no user only with api_version = 2.
        c.authorization = "Bearer " + token;
        c.auth_kind = "personal access token (Bearer)";
    }
    c.project = t.setting("project");
    c.issue_type = t.setting("issue_type");
    c.close_transition = t.setting("close_transition");
    c.reopen_transition = t.setting("reopen_transition");
}

} // namespace issuebridge::targets::jira
