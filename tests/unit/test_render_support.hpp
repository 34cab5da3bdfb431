#pragma once
// Shared by the render tests: golden files, a structural ADF checker (the schema's content rules
// for the nodes we write, plus the rules Jira's editor adds), an Asana html_notes checker, and a 64
// KiB real-world-like body.
//
// Golden inputs (markdown) live in tests/unit/golden/render/, the outputs with their target in
// tests/unit/golden/targets/<target>/. ISSUEBRIDGE_UPDATE_GOLDEN=1 rewrites the outputs instead of
// comparing; read every rewritten file before committing it. ISSUEBRIDGE_ADF_DUMP_DIR=<dir> makes
// every ADF document a test checks also land in <dir>, for scripts/check-adf-schema to validate
// against Atlassian's schema.

#include <doctest/doctest.h>
#include <simdjson.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace render_test {

// The markdown inputs.
inline std::filesystem::path golden_dir() {
    return std::filesystem::path(ISSUEBRIDGE_SOURCE_DIR) / "tests" / "unit" / "golden" / "render";
}

// The outputs of one target's formats.
inline std::filesystem::path golden_dir(std::string_view target) {
    return std::filesystem::path(ISSUEBRIDGE_SOURCE_DIR) / "tests" / "unit" / "golden" / "targets" / target;
}

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline void write_file(const std::filesystem::path& path, std::string_view content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
}

inline bool env_is(const char* name, std::string_view value) {
    const char* v = std::getenv(name);
    return v && value == v;
}

inline std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) {
        out += l + "\n";
    }
    return out;
}

// `name` under golden_dir(target).
inline void check_golden(std::string_view target, const std::string& name, const std::string& actual) {
    const auto path = golden_dir(target) / name;
    if (env_is("ISSUEBRIDGE_UPDATE_GOLDEN", "1")) {
        write_file(path, actual);
        MESSAGE("updated " << path.string() << ": review it before committing");
        return;
    }
    REQUIRE_MESSAGE(std::filesystem::exists(path),
                    "missing golden " << path.string() << "; run with ISSUEBRIDGE_UPDATE_GOLDEN=1 and review it");
    const std::string expected = read_file(path);
    CHECK_MESSAGE(actual == expected, "output differs from " << path.string() << "\n--- actual ---\n" << actual);
}

// The end of the compact JSON value that starts at `i`.
inline std::size_t json_value_end(std::string_view json, std::size_t i) {
    int depth = 0;
    for (; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '"') {
            for (++i; i < json.size() && json[i] != '"'; i += json[i] == '\\' ? 2u : 1u) {
            }
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            --depth;
        } else if (depth == 0 && (c == ',' || c == ':')) {
            return i;
        }
        if (depth == 0) {
            return i + 1;
        }
    }
    return i;
}

// Compact JSON laid out for review: a value that fits in `width` stays on one line, a longer object
// or array gets one member per line, indented two spaces per level.
inline void pretty_value(std::string_view json, std::string& out, std::size_t indent, std::size_t width = 100) {
    if (json.size() + indent <= width || (json.front() != '{' && json.front() != '[')) {
        out += json;
        return;
    }
    const std::string pad(indent + 2, ' ');
    out += json.front();
    std::size_t i = 1;
    while (i < json.size() - 1) {
        out += '\n' + pad;
        if (json.front() == '{') {
            const std::size_t key_end = json_value_end(json, i);
            out += std::string(json.substr(i, key_end - i)) + ": ";
            i = key_end + 1;
        }
        const std::size_t end = json_value_end(json, i);
        pretty_value(json.substr(i, end - i), out, indent + 2, width);
        i = end;
        if (json[i] == ',') {
            out += ',';
            ++i;
        }
    }
    out += '\n' + std::string(indent, ' ') + json.back();
}

inline std::string pretty_json(std::string_view json) {
    std::string out;
    pretty_value(json, out, 0);
    return out + '\n';
}

class AdfChecker {
public:
    std::vector<std::string> check(const std::string& json) {
        simdjson::dom::parser parser;
        simdjson::dom::element doc;
        if (parser.parse(json).get(doc)) {
            return {"not valid JSON"};
        }
        std::int64_t version = 0;
        if (doc["version"].get(version) || version != 1) {
            fail("/", "doc version is not 1");
        }
        node(doc, "", "/", false);
        return m_errors;
    }

private:
    void fail(const std::string& path, const std::string& what) { m_errors.push_back(path + ": " + what); }

    void node(simdjson::dom::element e, const std::string& parent, const std::string& path, bool first) {
        static const std::set<std::string> k_cell = {"paragraph", "heading",    "bulletList", "orderedList",
                                                     "taskList",  "blockquote", "codeBlock",  "rule"};
        static const std::map<std::string, std::set<std::string>> k_children = {
            {"doc",
             {"paragraph", "heading", "bulletList", "orderedList", "taskList", "blockquote", "codeBlock", "rule",
              "table"}},
            {"blockquote", {"paragraph", "bulletList", "orderedList", "codeBlock"}},
            {"bulletList", {"listItem"}},
            {"orderedList", {"listItem"}},
            {"listItem", {"paragraph", "bulletList", "orderedList", "taskList", "codeBlock"}},
            {"taskList", {"taskItem", "taskList"}},
            {"table", {"tableRow"}},
            {"tableRow", {"tableHeader", "tableCell"}},
            {"tableHeader", k_cell},
            {"tableCell", k_cell},
            {"paragraph", {"text", "hardBreak"}},
            {"heading", {"text", "hardBreak"}},
            {"taskItem", {"text", "hardBreak"}},
            {"codeBlock", {"text"}},
            {"rule", {}},
            {"hardBreak", {}},
            {"text", {}}};
        static const std::set<std::string> k_need_content = {"blockquote", "bulletList",  "orderedList",
                                                             "listItem",   "taskList",    "table",
                                                             "tableRow",   "tableHeader", "tableCell"};
        std::string_view type_view;
        if (e["type"].get(type_view)) {
            fail(path, "node without a type");
            return;
        }
        const std::string type(type_view);
        const auto allowed = k_children.find(type);
        if (allowed == k_children.end()) {
            fail(path, "unexpected node type '" + type + "'");
            return;
        }
        if (!parent.empty() && !k_children.at(parent).contains(type)) {
            fail(path, "'" + type + "' is not allowed in '" + parent + "'");
        }
        if (type == "taskList" && parent == "taskList" && first) {
            fail(path, "a taskList must not start with a nested taskList");
        }
        attrs(e, type, parent, path);
        simdjson::dom::array content;
        const bool has_content = !e["content"].get(content);
        if (k_need_content.contains(type) && (!has_content || content.size() == 0)) {
            fail(path, "'" + type + "' needs content");
        }
        if (!has_content) {
            return;
        }
        std::size_t i = 0;
        for (simdjson::dom::element child : content) {
            std::string_view child_type;
            if (child["type"].get(child_type)) {
                child_type = {};
            }
            if (type == "listItem" && i == 0 && child_type != "paragraph") {
                fail(path, "a listItem must start with a paragraph");
            }
            node(child, type, path + type + "[" + std::to_string(i) + "]/", i == 0);
            ++i;
        }
    }

    void attrs(simdjson::dom::element e, const std::string& type, const std::string& parent, const std::string& path) {
        simdjson::dom::object obj;
        if (e.get(obj)) {
            fail(path, "node is not an object");
            return;
        }
        for (auto [key, value] : obj) {
            static const std::set<std::string_view> k_keys = {"type", "attrs", "content", "marks", "text"};
            if (!k_keys.contains(key) && !(type == "doc" && key == "version")) {
                fail(path, "unexpected key '" + std::string(key) + "' in '" + type + "'");
            }
        }
        if (type == "text") {
            text(e, parent, path);
        } else if (type == "heading") {
            std::int64_t level = 0;
            if (e["attrs"]["level"].get(level) || level < 1 || level > 6) {
                fail(path, "heading level out of range");
            }
        } else if (type == "taskList" || type == "taskItem") {
            std::string_view id;
            if (e["attrs"]["localId"].get(id) || id.empty() || !m_ids.insert(std::string(id)).second) {
                fail(path, "missing or repeated localId");
            }
            std::string_view state;
            if (type == "taskItem" && (e["attrs"]["state"].get(state) || (state != "TODO" && state != "DONE"))) {
                fail(path, "taskItem state is not TODO or DONE");
            }
        } else if (type == "orderedList") {
            std::int64_t order = 0;
            const auto err = e["attrs"]["order"].get(order);
            if (err != simdjson::NO_SUCH_FIELD && (err || order < 0)) {
                fail(path, "orderedList order is not a number >= 0");
            }
        } else if (type == "paragraph") {
            simdjson::dom::array marks;
            if (!e["marks"].get(marks) && parent != "tableCell" && parent != "tableHeader") {
                fail(path, "paragraph marks outside a table cell");
            }
        }
    }

    void text(simdjson::dom::element e, const std::string& parent, const std::string& path) {
        std::string_view t;
        if (e["text"].get(t) || t.empty()) {
            fail(path, "text node without text");
        }
        simdjson::dom::array marks;
        if (e["marks"].get(marks)) {
            return;
        }
        if (parent == "codeBlock") {
            fail(path, "marks in a codeBlock");
        }
        std::set<std::string_view> seen;
        for (simdjson::dom::element m : marks) {
            std::string_view mt;
            if (m["type"].get(mt)) {
                mt = "(none)";
            }
            static const std::set<std::string_view> k_marks = {"em", "strong", "strike", "code", "link"};
            if (!k_marks.contains(mt) || !seen.insert(mt).second) {
                fail(path, "unexpected or repeated mark '" + std::string(mt) + "'");
            }
            std::string_view href;
            if (mt == "link" && (m["attrs"]["href"].get(href) || href.empty())) {
                fail(path, "link mark without href");
            }
        }
        if (seen.contains("code") && seen.size() > (seen.contains("link") ? 2u : 1u)) {
            fail(path, "code mark combined with a mark other than link");
        }
    }

    std::vector<std::string> m_errors;
    std::set<std::string> m_ids;
};

// Every ADF document a test checks goes through here: structure checked, and dumped under `name`
// for the schema script (the goldens, which the script reads itself, pass no name).
inline std::vector<std::string> adf_violations(const std::string& json, const std::string& name = {}) {
    if (const char* dir = std::getenv("ISSUEBRIDGE_ADF_DUMP_DIR"); dir && *dir && !name.empty()) {
        write_file(std::filesystem::path(dir) / (name + ".adf.json"), json);
    }
    return AdfChecker().check(json);
}

// Asana html_notes: XML under <body>, only the documented tags, <a href> the only attribute, and
// Asana's nesting rules. Returns what is wrong, empty when nothing is.
inline std::vector<std::string> asana_violations(std::string_view html) {
    static const std::set<std::string> k_tags = {"body", "strong", "em", "u",          "s",  "code", "pre", "a",
                                                 "ul",   "ol",     "li", "blockquote", "h1", "h2",   "hr"};
    static const std::set<std::string> k_inline = {"strong", "em", "u", "s", "code", "a"};
    std::vector<std::string> errors;
    std::vector<std::string> open;
    const auto inside = [&](std::initializer_list<std::string_view> tags) {
        for (const auto& t : open) {
            for (const auto want : tags) {
                if (t == want) {
                    return true;
                }
            }
        }
        return false;
    };
    if (!html.starts_with("<body>") || !html.ends_with("</body>")) {
        errors.push_back("not wrapped in <body>");
    }
    for (std::size_t i = 0; i < html.size(); ++i) {
        const char c = html[i];
        if (c == '&') {
            const std::size_t semi = html.find(';', i);
            const std::string_view ref = html.substr(i + 1, semi == std::string_view::npos ? 0 : semi - i - 1);
            if (ref != "amp" && ref != "lt" && ref != "gt" && ref != "quot") {
                errors.push_back("bare or unknown entity at " + std::to_string(i));
            }
            continue;
        }
        if (c != '<') {
            if (!open.empty() && (open.back() == "ul" || open.back() == "ol") && c != '\n') {
                errors.push_back("text directly in <" + open.back() + ">");
            }
            if (c == '\n' && inside({"h1", "h2"})) {
                errors.push_back("newline in a heading");
            }
            continue;
        }
        const std::size_t close = html.find('>', i);
        if (close == std::string_view::npos) {
            errors.push_back("unterminated tag");
            break;
        }
        std::string tag(html.substr(i + 1, close - i - 1));
        i = close;
        const bool closing = tag.starts_with('/');
        const bool empty_element = tag.ends_with('/');
        std::string name = tag.substr(closing ? 1 : 0, tag.find_first_of(" /", 1) - (closing ? 1 : 0));
        if (!k_tags.contains(name)) {
            errors.push_back("tag <" + name + "> is not in Asana's subset");
            continue;
        }
        if (closing) {
            if (open.empty() || open.back() != name) {
                errors.push_back("</" + name + "> closes nothing open");
            } else {
                open.pop_back();
            }
            continue;
        }
        const std::string attrs = tag.substr(name.size(), tag.size() - name.size() - (empty_element ? 1 : 0));
        const bool one_href = attrs.starts_with(" href=\"") && attrs.find('"', 7) == attrs.size() - 1;
        if (name == "a" ? !one_href : !attrs.empty()) {
            errors.push_back("bad attributes on <" + name + ">: '" + attrs + "'");
        }
        if ((name == "hr") != empty_element) {
            errors.push_back("<" + name + "> must" + (empty_element ? " not" : "") + " be empty");
        }
        if (inside({"pre", "code"}) || (inside({"h1", "h2"}) && !k_inline.contains(name))) {
            errors.push_back("<" + name + "> inside text-only content");
        }
        if ((name == "h1" || name == "h2" || name == "blockquote" || name == "pre") && inside({"li"})) {
            errors.push_back("<" + name + "> inside a list item");
        }
        if ((name == "ul" || name == "ol") && inside({"h1", "h2", "blockquote", "pre"})) {
            errors.push_back("a list inside a heading, quote or pre");
        }
        if (name == "li" && (open.empty() || (open.back() != "ul" && open.back() != "ol"))) {
            errors.push_back("<li> outside a list");
        }
        if (name == "a" && inside({"a"})) {
            errors.push_back("a link inside a link");
        }
        if (!empty_element) {
            open.push_back(name);
        }
    }
    if (!open.empty()) {
        errors.push_back("unclosed <" + open.back() + ">");
    }
    return errors;
}

// Bodies built to exhaust a recursive renderer: thousands of nested quotes, lists, emphasis and
// brackets.
inline std::vector<std::string> hostile_bodies() {
    std::string quotes;
    std::string lists;
    std::string emphasis;
    std::string brackets;
    for (int i = 0; i < 5000; ++i) {
        quotes += "> ";
        lists += "- ";
        emphasis += "*";
        brackets += "[a";
    }
    return {quotes + lists + "x <b>y</b>\n", lists + "x\n", emphasis + "x" + emphasis + "\n",
            brackets + "x" + std::string(5000, ']') + "\n"};
}

// A body like a long crash report: headings, paragraphs in several scripts, lists, code with long
// logs, tables, quotes, raw HTML. At least `bytes` long.
inline std::string big_body(std::size_t bytes = 64 * 1024) {
    std::string s = "## Crash report\n\n";
    for (int i = 0; s.size() < bytes; ++i) {
        const std::string n = std::to_string(i);
        s += "Paragraph " + n +
             " with **bold**, `code`, an emoji \xF0\x9F\x8E\x89, Arabic \xD9\x85\xD8\xB1\xD8\xAD"
             "\xD8\xA8\xD8\xA7 and a [link](https://example.com/" +
             n + ").\n\n";
        s += "- item " + n +
             "\n  - nested \xC3\xBC"
             "n\xC3\xAF"
             "c\xC3\xB6"
             "d\xC3\xA9\n    1. deep\n\n";
        s += "```\n";
        for (int k = 0; k < 12; ++k) {
            s += "2024-05-0" + std::to_string(k % 9 + 1) + "T12:00:00Z ERROR worker-" + n + " failed {code} |x|\n";
        }
        s += "```\n\n| a | b |\n|---|:-:|\n| " + n + " | <b>x</b> |\n\n> quoted <script>y</script>\n\n";
    }
    return s;
}

} // namespace render_test
