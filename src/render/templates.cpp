#include "issuebridge/render/templates.hpp"

#include "issuebridge/render/markdown.hpp"

#include "issuebridge/render/title.hpp"

#include <cctype>

namespace issuebridge::render {

namespace {

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) {
            return false;
        }
    }
    return true;
}

bool starts_url(std::string_view s) {
    return starts_with_nocase(s, "http://") || starts_with_nocase(s, "https://") ||
           starts_with_nocase(s, "www.");
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

} // namespace

std::string render_title(const model::Template& t, const FieldLookup& lookup,
                         std::size_t max_chars) {
    return trim_title(t.render(lookup), max_chars);
}

std::string render_body(const model::Template& t, const FieldLookup& lookup) {
    return t.render([&lookup](std::string_view field) {
        if (field == "body") {
            return lookup(field);
        }
        if (field == "url") {
            return detail::markdown_url(lookup(field));
        }
        return escape_markdown(lookup(field));
    });
}

std::string escape_markdown(std::string_view plain) {
    std::string out;
    out.reserve(plain.size() + plain.size() / 8);
    bool line_start = true;
    for (std::size_t i = 0; i < plain.size(); ++i) {
        const char c = plain[i];
        if ((i == 0 || is_space(plain[i - 1]) || plain[i - 1] == '(') &&
            starts_url(plain.substr(i))) {
            // GitHub-flavoured autolinks take the raw characters: a backslash would end up in the
            // URL.
            while (i < plain.size() && !is_space(plain[i]) && plain[i] != '<' && plain[i] != '>') {
                out += plain[i++];
            }
            --i;
            line_start = false;
            continue;
        }
        if (line_start && std::isdigit(static_cast<unsigned char>(c))) {
            while (i < plain.size() && std::isdigit(static_cast<unsigned char>(plain[i]))) {
                out += plain[i++];
            }
            if (i < plain.size() && (plain[i] == '.' || plain[i] == ')')) {
                out += '\\'; // "1." would start an ordered list
            }
            --i;
            line_start = false;
            continue;
        }
        const bool special = std::string_view("\\`*_[]<>#!|~&").find(c) != std::string_view::npos ||
                             (line_start && (c == '-' || c == '+' || c == '='));
        if (special) {
            out += '\\';
        }
        out += c;
        line_start = c == '\n' || (line_start && (c == ' ' || c == '\t'));
    }
    return out;
}

std::string alert_body_markdown(std::string_view rule_name, std::string_view rule_url,
                                std::string_view file, std::string_view message) {
    std::string out = escape_markdown(rule_name);
    if (!out.empty() && detail::is_safe_url(rule_url) && !starts_with_nocase(rule_url, "mailto:")) {
        out = "[" + out + "](" + detail::markdown_url(rule_url) + ")";
    }
    if (!file.empty()) {
        out += (out.empty() ? "" : "\n\n") + std::string("In ") + escape_markdown(file) + ":";
    }
    if (!message.empty()) {
        out += out.empty() ? "" : "\n\n";
        for (const auto line : detail::split_lines(message)) {
            out += (line.empty() ? ">" : "> " + escape_markdown(line)) + "\n";
        }
        out.pop_back();
    }
    return out;
}

} // namespace issuebridge::render
