#include "asana.hpp"

#include "issuebridge/targets/registry.hpp"
#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/secrets.hpp"
#include "issuebridge/util/strings.hpp"

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

Memory AsanaTarget::memory() const {
    const Context& c = *m_context;
    if (c.identity == Identity::unknown && c.events_sync.empty()) {
        return {};
    }
    util::JsonWriter w;
    w.begin_object();
    if (c.identity != Identity::unknown) {
        w.field("identity", c.identity == Identity::external ? "external" : "notes");
    }
    if (!c.events_sync.empty()) {
        w.key("events").begin_object().field("sync", c.events_sync).field("me", c.me).key("trusted").begin_array();
        for (const auto& gid : c.trusted) {
            w.value(gid);
        }
        w.end_array().end_object();
    }
    w.end_object();
    std::string shown = "identity: " + std::string(to_string(c.identity));
    if (!c.events_sync.empty()) {
        shown += "; project events followed, " + util::count_of(c.trusted.size(), "task") + " known in sync";
    }
    return {w.take(), std::move(shown)};
}

void AsanaTarget::restore(const std::string& data) {
    Context& c = *m_context;
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(data).get(root)) {
        return; // not ours: learnt again
    }
    std::string_view identity;
    if (!root["identity"].get_string().get(identity)) {
        c.identity = identity == "external" ? Identity::external
                     : identity == "notes"  ? Identity::notes
                                            : Identity::unknown;
    }
    std::string_view sync;
    std::string_view me;
    simdjson::dom::array trusted;
    const auto events = root["events"];
    if (events["sync"].get_string().get(sync) || events["me"].get_string().get(me) ||
        events["trusted"].get_array().get(trusted)) {
        return; // no stream followed yet: the next reading starts one
    }
    c.events_sync = sync;
    c.me = me;
    for (simdjson::dom::element gid : trusted) {
        std::string_view g;
        if (!gid.get_string().get(g)) {
            c.trusted.emplace(g);
        }
    }
}

} // namespace issuebridge::targets::asana
