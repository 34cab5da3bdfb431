#pragma once
// Route mapping: a source item through the route's filters and maps into the Draft of what the target should show.
// Pure.

#include "issuebridge/config/config.hpp"
#include "issuebridge/model/item.hpp"

#include <optional>
#include <string>

namespace issuebridge::sync {

struct Mapped {
    std::optional<model::Draft> draft; // empty when a filter left the item out
    std::string skipped_because;       // which filter, when draft is empty
};

// Applies the route's filters (kinds, states, labels_any, labels_none, authors_none), then its title and body
// templates, label map (unmapped labels pass through), assignee map (the first mapped assignee) and state.
Mapped map_item(const model::SourceItem& item, const config::Route& route);

// The value of one template field for an item: a common field ("labels" is comma-separated), else one its source
// adds (model::SourceItem::fields), else "".
std::string template_field(const model::SourceItem& item, std::string_view field);

} // namespace issuebridge::sync
