#include "cursor_fields.hpp"

#include <simdjson.h>

namespace issuebridge::sources {

std::optional<CursorFields> cursor_fields(std::string_view position) {
    // DOM, not on-demand: the whole position is checked before any member is read.
    simdjson::dom::parser parser;
    simdjson::dom::object o;
    if (position.empty() || parser.parse(position.data(), position.size()).get_object().get(o)) {
        return std::nullopt;
    }
    CursorFields fields;
    for (const auto member : o) {
        std::string_view value;
        if (!member.value.get_string().get(value)) {
            fields.emplace(std::string(member.key), std::string(value));
        }
    }
    return fields;
}

std::string field_or_empty(const CursorFields& fields, std::string_view key) {
    const auto it = fields.find(key);
    return it == fields.end() ? std::string() : it->second;
}

} // namespace issuebridge::sources
