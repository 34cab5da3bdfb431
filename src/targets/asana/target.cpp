#include "asana.hpp"

#include "issuebridge/targets/registry.hpp"
#include "issuebridge/util/secrets.hpp"

namespace issuebridge::targets::asana {

AsanaTarget::AsanaTarget(const config::Target& t) : m_context(std::make_shared<Context>()) {
    const std::string token = config::read_secret(t.secrets.at("token_env"), "target '" + t.name + "'");
    Context& c = *m_context;
    c.name = t.name;
    c.base_url = t.base_url;
    while (!c.base_url.empty() && c.base_url.back() == '/') {
        c.base_url.pop_back();
    }
    c.authorization = "Bearer " + token; // PATs and OAuth tokens alike (API-FACTS §4)
    util::add_secret(token);
    c.project = t.setting("project");
    c.section = t.setting("section");
    c.done_section = t.setting("done_section");
    c.workspace = t.setting("workspace");
    c.write_tags = t.setting("labels") != "ignore";
}

Capabilities AsanaTarget::capabilities() const { return row().capabilities; }

} // namespace issuebridge::targets::asana
