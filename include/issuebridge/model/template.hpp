#pragma once
// Title and body templates: "{title} (#{number})". Fields are replaced by the source item's values; "{{" and "}}"
// stand for literal braces. Parsing is separate from rendering so the config loader can reject an unknown field
// with file:line:column before any network call.

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace issuebridge::model {

// The fields every source fills, which any template may name, in the order the docs list them. A source adds its
// own beside these (config::SourceSchema::template_fields; model::SourceItem::fields holds their values).
std::span<const std::string> template_fields();

struct TemplateError {
    std::size_t offset = 0; // byte offset into the template text where the problem starts
    std::string message;    // e.g. "unknown template field 'titel'"
    std::string hint;       // e.g. "did you mean 'title'?", or empty
};

class Template {
public:
    // An empty template; renders "".
    Template() = default;

    // Parses `text`, which may name the common fields (template_fields()) and `extra_fields` (a source's own).
    // Fails on any other field (hinting at the nearest allowed one, else listing them all), an empty "{}", or an
    // unbalanced brace.
    static std::variant<Template, TemplateError> parse(std::string_view text,
                                                       std::span<const std::string> extra_fields = {});

    // The text with every field replaced by lookup(field).
    std::string render(const std::function<std::string(std::string_view field)>& lookup) const;

    const std::string& source() const noexcept { return m_source; }
    bool empty() const noexcept { return m_pieces.empty(); }

private:
    struct Piece {
        bool is_field = false;
        std::string text; // literal text, or the field name
    };
    std::string m_source;
    std::vector<Piece> m_pieces;
};

} // namespace issuebridge::model
