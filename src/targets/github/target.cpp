#include "github.hpp"

#include "issuebridge/util/secrets.hpp"

namespace issuebridge::targets::github {

GitHubTarget::GitHubTarget(const config::Target& t) : m_context(std::make_shared<Context>()) {
    Context& c = *m_context;
    c.name = t.name;
    c.base_url = t.base_url;
    while (!c.base_url.empty() && c.base_url.back() == '/') {
        c.base_url.pop_back();
    }
    const std::string token = config::read_secret(t.secrets.at("token_env"), "target '" + t.name + "'");
    util::add_secret(token);
    c.authorization = "Bearer " + token;
    c.repo = t.setting("repo");
    c.marker_label = t.setting("marker_label");
}

} // namespace issuebridge::targets::github
