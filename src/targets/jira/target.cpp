#include "jira.hpp"

#include "issuebridge/util/error.hpp"
#include "issuebridge/util/secrets.hpp"
#include "issuebridge/util/strings.hpp"

namespace issuebridge::targets::jira {

JiraTarget::JiraTarget(const config::Target& t) : m_context(std::make_shared<Context>()) {
    if (t.api_version != 3) {
        throw util::ConfigError(t.where.str() + ": jira api_version " + std::to_string(t.api_version) +
                                    " (Data Center) is not supported by this build of issuebridge",
                                "Jira Cloud (api_version = 3) is");
    }
    const std::string owner = "target '" + t.name + "'";
    const std::string user = t.user.empty() ? config::read_secret(t.user_env, owner) : t.user;
    const std::string token = config::read_secret(t.token, owner);
    Context& c = *m_context;
    c.name = t.name;
    c.base_url = t.base_url;
    c.authorization = "Basic " + util::base64(user + ":" + token);
    util::add_secret(c.authorization.substr(6)); // a proxy may echo the header; the token alone would not match
    c.project = t.project;
    c.issue_type = t.issue_type;
    c.close_transition = t.close_transition;
    c.reopen_transition = t.reopen_transition;
}

} // namespace issuebridge::targets::jira
