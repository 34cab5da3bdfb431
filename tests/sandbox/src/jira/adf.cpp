#include "adf.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace issuebridge::sandbox {

namespace {

constexpr std::array<std::string_view, 38> k_nodes{
    "paragraph",       "text",         "heading",
    "bulletList",      "orderedList",  "listItem",
    "codeBlock",       "blockquote",   "rule",
    "hardBreak",       "panel",        "table",
    "tableRow",        "tableHeader",  "tableCell",
    "mention",         "emoji",        "inlineCard",
    "blockCard",       "embedCard",    "mediaSingle",
    "mediaGroup",      "media",        "mediaInline",
    "status",          "date",         "expand",
    "nestedExpand",    "taskList",     "taskItem",
    "decisionList",    "decisionItem", "layoutSection",
    "layoutColumn",    "extension",    "inlineExtension",
    "bodiedExtension", "caption"};

constexpr std::array<std::string_view, 14> k_marks{
    "strong",    "em",          "code",       "strike",          "underline",
    "link",      "subsup",      "textColor",  "backgroundColor", "border",
    "alignment", "indentation", "annotation", "breakout"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& set, const std::string& v) {
    return std::find(set.begin(), set.end(), v) != set.end();
}

bool check_marks(const Json& marks) {
    if (!marks.is_array()) {
        return false;
    }
    for (const auto& mark : marks.as_array()) {
        const Json* type = mark.get("type");
        if (type == nullptr || !type->is_string() || !contains(k_marks, type->as_string())) {
            return false;
        }
        if (type->as_string() == "link") {
            const Json* attrs = mark.get("attrs");
            const Json* href = attrs != nullptr ? attrs->get("href") : nullptr;
            if (href == nullptr || !href->is_string() || href->as_string().empty()) {
                return false;
            }
        }
    }
    return true;
}

bool check_node(const Json& node, int depth) {
    const Json* type = node.get("type");
    if (depth > 64 || type == nullptr || !type->is_string() ||
        !contains(k_nodes, type->as_string())) {
        return false;
    }
    const std::string& t = type->as_string();
    if (t == "text") {
        const Json* text = node.get("text");
        if (text == nullptr || !text->is_string() || text->as_string().empty()) {
            return false;
        }
    }
    if (t == "heading") {
        const Json* attrs = node.get("attrs");
        const Json* level = attrs != nullptr ? attrs->get("level") : nullptr;
        if (level == nullptr || !level->is_int() || level->as_int() < 1 || level->as_int() > 6) {
            return false;
        }
    }
    if (const Json* marks = node.get("marks"); marks != nullptr && !check_marks(*marks)) {
        return false;
    }
    if (const Json* content = node.get("content")) {
        if (!content->is_array()) {
            return false;
        }
        for (const auto& child : content->as_array()) {
            if (!check_node(child, depth + 1)) {
                return false;
            }
        }
    }
    return true;
}

} // namespace

AdfCheck check_adf(const Json& doc) {
    const Json* type = doc.get("type");
    const Json* version = doc.get("version");
    const Json* content = doc.get("content");
    if (type == nullptr || !type->is_string() || type->as_string() != "doc" || version == nullptr ||
        !version->is_int() || version->as_int() != 1 || content == nullptr ||
        !content->is_array()) {
        return AdfCheck::not_a_document;
    }
    for (const auto& node : content->as_array()) {
        if (!check_node(node, 1)) {
            return AdfCheck::invalid;
        }
    }
    return AdfCheck::ok;
}

Json text_to_adf(const std::string& text) {
    Json::Array paragraphs;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        Json::Object paragraph{{"type", Json("paragraph")}};
        if (end > start) {
            Json::Object run{{"type", Json("text")},
                             {"text", Json(text.substr(start, end - start))}};
            paragraph.emplace_back("content", Json(Json::Array{Json(std::move(run))}));
        }
        paragraphs.emplace_back(std::move(paragraph));
        start = end + 1;
    }
    return Json(Json::Object{
        {"type", Json("doc")}, {"version", Json(1)}, {"content", Json(std::move(paragraphs))}});
}

} // namespace issuebridge::sandbox
