#include "trello.hpp"

#include "issuebridge/targets/registry.hpp"

namespace issuebridge::targets::trello {

TrelloTarget::TrelloTarget(const config::Target& t) : m_context(std::make_shared<Context>()) {
    const std::string owner = "target '" + t.name + "'";
    Context& c = *m_context;
    c.name = t.name;
    c.base_url = t.base_url;
    while (!c.base_url.empty() && c.base_url.back() == '/') {
        c.base_url.pop_back();
    }
    c.key = config::read_secret(t.secrets.at("key_env"), owner); // read_secret remembers both for scrubbing
    c.token = config::read_secret(t.secrets.at("token_env"), owner);
    c.board = t.setting("board");
    c.list = t.setting("list");
    c.done_list = t.setting("done_list");
    c.archive = t.setting("close") == "archive";
    c.open_list = t.setting("open_list").empty() ? c.list : t.setting("open_list");
    c.marker_field = t.setting("marker_field");
}

Capabilities TrelloTarget::capabilities() const {
    Capabilities caps = row().capabilities;
    // Archiving is a second request after the create.
    caps.create_carries_closed = !m_context->archive;
    return caps;
}

std::unique_ptr<Operation> TrelloTarget::write(const Change& change) {
    m_context->snapshot.reset(); // what the board showed is no longer what it shows
    return make_write(m_context, change);
}

std::unique_ptr<FindOperation> TrelloTarget::find(const std::vector<Sought>& items) {
    for (const auto& item : items) {
        m_context->url_of[item.external_id] = item.url; // a card whose marker line was deleted: its attachment
    }
    return make_find(m_context, external_ids_of(items));
}

std::unique_ptr<FindOperation> TrelloTarget::find_all() { return make_find(m_context, {}); }

std::unique_ptr<InspectOperation> TrelloTarget::inspect(const std::vector<Expectation>& items) {
    for (const auto& item : items) {
        m_context->url_of[item.draft->external_id] = item.draft->url;
    }
    return make_inspect(m_context, items);
}

std::unique_ptr<ProbeOperation> TrelloTarget::probe() { return make_probe(m_context); }

} // namespace issuebridge::targets::trello
