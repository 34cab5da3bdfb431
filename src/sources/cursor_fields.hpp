#pragma once
// A cursor position as the sources keep theirs: a JSON object of strings ({"since":"...","etag":"..."}). Each
// adapter names its own members; this reads them. Private to sources/.

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace issuebridge::sources {

using CursorFields = std::map<std::string, std::string, std::less<>>;

// The string members of `position`, or nullopt when it is not a JSON object (an empty position included).
std::optional<CursorFields> cursor_fields(std::string_view position);

// The member `key` of `fields`, or "" when it has none.
std::string field_or_empty(const CursorFields& fields, std::string_view key);

} // namespace issuebridge::sources
