#include "adf_nodes.hpp"

#include <utility>

namespace issuebridge::targets::jira::adf {

Marks with(bool Marks::*flag, bool on) {
    Marks m;
    m.*flag = on;
    return m;
}

Marks linked(std::string href) {
    Marks m;
    m.href = std::move(href);
    return m;
}

namespace {

std::string marks_json(const Marks& m) {
    util::JsonWriter w;
    w.begin_array();
    for (const auto& [on, type] :
         {std::pair{m.em, "em"}, {m.strong, "strong"}, {m.strike, "strike"}, {m.code, "code"}}) {
        if (on) {
            w.begin_object().field("type", type).end_object();
        }
    }
    if (!m.href.empty()) {
        w.begin_object().field("type", "link").key("attrs").begin_object().field("href", m.href).end_object();
        w.end_object();
    }
    return w.end_array().take();
}

} // namespace

void Inlines::text(std::string_view t, const Marks& m) {
    if (t.empty()) {
        return;
    }
    if (!m_text.empty() && !(m == m_marks)) {
        flush();
    }
    m_marks = m;
    m_text += t;
}

void Inlines::hard_break() {
    flush();
    m_w.begin_object().field("type", "hardBreak").end_object();
    ++m_count;
}

std::string Inlines::take() {
    flush();
    return m_w.end_array().take();
}

void Inlines::flush() {
    if (m_text.empty()) {
        return;
    }
    m_w.begin_object().field("type", "text").field("text", m_text);
    if (!(m_marks == Marks{})) {
        m_w.key("marks").raw(marks_json(m_marks));
    }
    m_w.end_object();
    m_text.clear();
    ++m_count;
}

std::string node(std::string_view type, const std::string& attrs, const std::string& content,
                 const std::string& marks) {
    util::JsonWriter w;
    w.begin_object().field("type", type);
    if (!attrs.empty()) {
        w.key("attrs").raw(attrs);
    }
    if (!marks.empty()) {
        w.key("marks").raw(marks);
    }
    if (!content.empty()) {
        w.key("content").raw(content);
    }
    return w.end_object().take();
}

std::string array_of(const Blocks& blocks) {
    std::string out = "[";
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        out += i ? "," : "";
        out += blocks[i].json;
    }
    return out + "]";
}

Block empty_paragraph() { return {"paragraph", node("paragraph", {}, "[]")}; }

} // namespace issuebridge::targets::jira::adf
