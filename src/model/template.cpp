#include "issuebridge/model/template.hpp"

#include "issuebridge/util/strings.hpp"

#include <algorithm>

namespace issuebridge::model {

std::span<const std::string> template_fields() {
    static const std::vector<std::string> k_fields = {
        "title", "number", "repo",     "url",  "body",    "kind", "state",
        "author", "labels", "rule", "severity", "file", "message"};
    return k_fields;
}

std::variant<Template, TemplateError> Template::parse(std::string_view text) {
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
        const auto fields = template_fields();
        if (std::find(fields.begin(), fields.end(), name) == fields.end()) {
            if (name.empty()) {
                return TemplateError{i, "empty template field '{}'", {}};
            }
            return TemplateError{i, "unknown template field '" + name + "'", util::did_you_mean(name, fields)};
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
