#include "wiki_syntax.hpp"

#include "issuebridge/util/strings.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace issuebridge::targets::jira::wiki {

namespace {

bool contains_nocase(std::string_view hay, std::string_view needle) {
    for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
        bool same = true;
        for (std::size_t k = 0; same && k < needle.size(); ++k) {
            same = std::tolower(static_cast<unsigned char>(hay[i + k])) == needle[k];
        }
        if (same) {
            return true;
        }
    }
    return false;
}

} // namespace

bool is_word_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || u >= 0x80;
}

bool entity_follows(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && s[i] == '#') {
        ++i;
    }
    const std::size_t start = i;
    while (i < s.size() && std::isalnum(static_cast<unsigned char>(s[i]))) {
        ++i;
    }
    return i > start && i < s.size() && s[i] == ';';
}

bool starts_line_markup(std::string_view s) {
    const auto lower = [&](std::size_t i) { return std::tolower(static_cast<unsigned char>(s[i])); };
    if (s.size() >= 3 && lower(0) == 'h' && s[1] >= '1' && s[1] <= '6' && s[2] == '.') {
        return true;
    }
    return s.size() >= 3 && lower(0) == 'b' && lower(1) == 'q' && s[2] == '.';
}

std::string jira_language(std::string_view lang) {
    static const std::array<std::pair<std::string_view, std::string_view>, 23> k_aliases = {{
        {"shell", "bash"},
        {"console", "bash"},
        {"zsh", "bash"},
        {"cs", "c#"},
        {"csharp", "c#"},
        {"cc", "cpp"},
        {"cxx", "cpp"},
        {"hpp", "cpp"},
        {"h", "c"},
        {"golang", "go"},
        {"py", "python"},
        {"python3", "python"},
        {"rb", "ruby"},
        {"yml", "yaml"},
        {"ts", "javascript"},
        {"typescript", "javascript"},
        {"jsx", "javascript"},
        {"objective-c", "objc"},
        {"vb", "visualbasic"},
        {"htm", "html"},
        {"xhtml", "html"},
        {"svg", "xml"},
        {"hs", "haskell"},
    }};
    static const std::array<std::string_view, 33> k_known = {
        "actionscript", "ada",  "applescript", "bash",        "c",    "c#",     "c++",        "cpp",  "css",
        "erlang",       "go",   "groovy",      "haskell",     "html", "java",   "javascript", "js",   "json",
        "lua",          "none", "objc",        "perl",        "php",  "python", "r",          "ruby", "scala",
        "sh",           "sql",  "swift",       "visualbasic", "xml",  "yaml"};
    std::string lower;
    for (const char c : lang) {
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    for (const auto& [alias, name] : k_aliases) {
        if (lower == alias) {
            return std::string(name);
        }
    }
    for (const auto name : k_known) {
        if (lower == name) {
            return lower;
        }
    }
    return {};
}

std::string wiki_url(std::string_view url) {
    // Everything a URL may hold stays; what would end or break the [text|url] link is encoded.
    return util::percent_encode(url, ":/?#@$&'()*+,;=%");
}

std::string code_macro(std::string_view code, const std::string& lang) {
    const bool has_code = contains_nocase(code, "{code");
    const bool has_noformat = contains_nocase(code, "{noformat");
    bool use_code = !lang.empty();
    if (use_code ? has_code : has_noformat) {
        use_code = !use_code;
    }
    const std::string name = use_code ? "code" : "noformat";
    std::string body(code);
    if (has_code && has_noformat) {
        for (std::size_t i = 0; (i = body.find('{', i)) != std::string::npos; ++i) {
            if (contains_nocase(std::string_view(body).substr(i, name.size() + 1), "{" + name)) {
                body.insert(i + 1, "\xE2\x80\x8B");
            }
        }
    }
    const std::string open = use_code && !lang.empty() ? "{code:" + lang + "}" : "{" + name + "}";
    return open + "\n" + body + "\n{" + name + "}";
}

} // namespace issuebridge::targets::jira::wiki
