#include "jira.hpp"

#include "issuebridge/util/error.hpp"
#include "issuebridge/util/secrets.hpp"
#include "issuebridge/util/strings.hpp"

namespace issuebridge::targets::jira {

JiraTarget::JiraTarget(const config::Target& t) : m_context(std::make_shared<Context>()) {
    const std::string api_version = t.setting("api_version");
    if (api_version != "3") {
        throw util::ConfigError(t.where.str() + ": jira api_version " + api_version +
                                    " (Data Center) is not supported by this build of issuebridge",
                                "Jira Cloud (api_version = 3) is");
    }
    const std::string owner = "target '" + t.name + "'";
    const std::string literal_user = t.setting("user");
    const std::string user = literal_user.empty() ? config::read_secret(t.secrets.at("user_env"), owner) : literal_user;
    const std::string token = config::read_secret(t.secrets.at("token_env"), owner);
    Context& c = *m_context;
    c.name = t.name;
    c.base_url = t.base_url;
    c.authorization = "Basic " + util::base64(user + ":" + token);
    util::add_secret(c.authorization.substr(6)); // a proxy may echo the header; the token alone would not match
    c.project = t.setting("project");
    c.issue_type = t.setting("issue_type");
    c.close_transition = t.setting("close_transition");
    c.reopen_transition = t.setting("reopen_transition");
}

} // namespace issuebridge::targets::jira
