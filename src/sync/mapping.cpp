#include "mapping.hpp"

#include "issuebridge/render/templates.hpp"
#include "issuebridge/util/strings.hpp"

#include <algorithm>

namespace issuebridge::sync {

namespace {

bool contains(const std::vector<std::string>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

bool any_of(const std::vector<std::string>& wanted, const std::vector<std::string>& have) {
    return std::any_of(wanted.begin(), wanted.end(), [&](const std::string& w) { return contains(have, w); });
}

// What the item's state word means on the route's target: the route's map; a word it does not know (a source
// that emits more words than its schema names) reads as closed unless it is "open".
model::ItemState meaning_of(const model::SourceItem& item, const config::Route& route) {
    const auto it = route.states.find(item.state);
    if (it != route.states.end()) {
        return it->second;
    }
    return item.state == "open" ? model::ItemState::open : model::ItemState::closed;
}

// Which filter leaves `item` out, or empty when it passes them all. A filter state matches the item's own word,
// and "open"/"closed" also match what the word means on the route.
std::string filtered_by(const model::SourceItem& item, const config::Route& route) {
    const auto& f = route.filter;
    if (!contains(route.kinds, item.kind)) {
        return "kind '" + item.kind + "' is not synced by this route";
    }
    if (!f.states.empty() && !contains(f.states, item.state) &&
        !contains(f.states, model::to_string(meaning_of(item, route)))) {
        return "state '" + item.state + "' is filtered out";
    }
    if (!f.labels_any.empty() && !any_of(f.labels_any, item.labels)) {
        return "has none of labels_any";
    }
    if (any_of(f.labels_none, item.labels)) {
        return "has a label in labels_none";
    }
    if (contains(f.authors_none, item.author)) {
        return "author '" + item.author + "' is in authors_none";
    }
    return {};
}

std::vector<std::string> map_labels(const model::SourceItem& item, const config::Mapping& map) {
    std::vector<std::string> out;
    for (const auto& label : item.labels) {
        const auto it = map.labels.find(label);
        out.push_back(it == map.labels.end() ? label : it->second);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::string map_assignee(const model::SourceItem& item, const config::Mapping& map) {
    for (const auto& login : item.assignees) {
        if (const auto it = map.assignees.find(login); it != map.assignees.end()) {
            return it->second;
        }
    }
    return {};
}

} // namespace

std::string template_field(const model::SourceItem& item, std::string_view field) {
    if (field == "title") {
        return item.title;
    }
    if (field == "number") {
        return std::to_string(item.number);
    }
    if (field == "repo") {
        return item.repo;
    }
    if (field == "url") {
        return item.url;
    }
    if (field == "body") {
        return item.body;
    }
    if (field == "kind") {
        return item.kind;
    }
    if (field == "state") {
        return item.state;
    }
    if (field == "author") {
        return item.author;
    }
    if (field == "labels") {
        return util::join(item.labels, ", ");
    }
    if (field == "milestone") {
        return item.milestone;
    }
    if (const std::string* value = item.field(field)) {
        return *value;
    }
    // A field of the route's source schema the item does not have; templates are checked against the common
    // fields and the schema's when the config is read.
    return {};
}

Mapped map_item(const model::SourceItem& item, const config::Route& route) {
    if (std::string why = filtered_by(item, route); !why.empty()) {
        return {std::nullopt, std::move(why)};
    }
    const auto field = [&](std::string_view name) { return template_field(item, name); };
    model::Draft d;
    d.external_id = item.external_id;
    d.target = route.target;
    d.route = route.name;
    d.repo = item.repo;
    d.title = route.map.title.render(field);
    // Fields other than {body} and {url} are plain text in a markdown body: escaped, so a title cannot turn
    // into markup.
    d.body = route.map.body ? render::render_body(*route.map.body, field) : item.body;
    d.labels = map_labels(item, route.map);
    for (const auto& label : d.labels) {
        if (const auto it = route.map.label_colors.find(label); it != route.map.label_colors.end()) {
            d.label_colors.insert(*it);
        }
    }
    d.assignee = map_assignee(item, route.map);
    if (route.map.milestone) {
        d.milestone = route.map.milestone->render(field);
    }
    d.state = meaning_of(item, route);
    d.not_planned = d.state == model::ItemState::closed && item.not_planned;
    d.url = item.url;
    d.link_label = route.link_label;
    d.source_updated_at = item.updated_at;
    return {std::move(d), {}};
}

} // namespace issuebridge::sync
