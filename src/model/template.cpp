#include "issuebridge/model/template.hpp"

#include "issuebridge/util/strings.hpp"

#include <algorithm>

namespace issuebridge::model {

std::span<const std::string> template_fields() {
    static const std::vector<std::string> k_fields = {"title", "number", "repo",   "url",    "body",
                                                      "kind",  "state",  "author", "labels", "milestone"};
    return k_fields;
}

std::variant<Template, TemplateError> Template::parse(std::string_view text,
                                                      std::span<const std::string> extra_fields) {
    const auto common = template_fields();
    std::vector<std::string> fields(common.begin(), common.end());
    for (const auto& field : extra_fields) {
        if (std::find(fields.begin(), fields.end(), field) == fields.end()) {
            fields.push_back(field);
        }
    }
    Template t;
    t.m_source = std::string(text);
    std::string literal;
    const auto flush = [&] {
        if (!literal.empty()) {
            t.m_pieces.push_back({false, std::move(literal)});
            literal.clear();
        }
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
            literal += c;
            ++i;
            continue;
        }
        if (c == '}') {
            return TemplateError{i, "unmatched '}' in template", "write '}}' for a literal brace"};
        }
        if (c != '{') {
            literal += c;
            continue;
        }
        const std::size_t close = text.find('}', i + 1);
        if (close == std::string_view::npos) {
            return TemplateError{i, "unclosed '{' in template", "write '{{' for a literal brace"};
        }
        const std::string name(util::trim(text.substr(i + 1, close - i - 1)));
        if (std::find(fields.begin(), fields.end(), name) == fields.end()) {
            if (name.empty()) {
                return TemplateError{i, "empty template field '{}'", {}};
            }
            std::string hint = util::did_you_mean(name, fields);
            if (hint.empty()) {
                hint = "expected one of " + util::join(fields, ", ");
            }
            return TemplateError{i, "unknown template field '" + name + "'", std::move(hint)};
        }
        flush();
        t.m_pieces.push_back({true, name});
        i = close;
    }
    flush();
    return t;
}

std::string Template::render(const std::function<std::string(std::string_view field)>& lookup) const {
    std::string out;
    for (const auto& piece : m_pieces) {
        out += piece.is_field ? lookup(piece.text) : piece.text;
    }
    return out;
}

} // namespace issuebridge::model
