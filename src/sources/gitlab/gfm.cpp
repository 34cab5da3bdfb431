// GitLab Flavored Markdown references made absolute, so that a description reads the same in any target:
// #123 (issue), !45 (merge request), ~label and ~"two words" (label), @user, and links to /uploads/... (relative to
// the project on GitLab). Code spans and fenced code blocks are left as they are.

#include "gitlab.hpp"

#include "issuebridge/util/strings.hpp"

#include <cctype>

namespace issuebridge::sources::gitlab {

namespace {

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }
bool digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool name_char(char c) { return word_char(c) || c == '.' || c == '-'; }

// A reference starts a word: at the start, or after a space or an opening bracket, never inside a URL or a word.
bool starts_word(std::string_view text, std::size_t i) {
    if (i == 0) {
        return true;
    }
    const char before = text[i - 1];
    return std::isspace(static_cast<unsigned char>(before)) != 0 || before == '(' || before == ',' || before == ';';
}

class Rewriter {
public:
    Rewriter(std::string_view web, std::string_view project)
        : m_project_url(std::string(web) + "/" + std::string(project)), m_web(web) {}

    std::string line(std::string_view text) const {
        std::string out;
        for (std::size_t i = 0; i < text.size();) {
            const char c = text[i];
            if (c == '`') { // a code span: copied up to its closing run of backticks
                const std::size_t run = text.find_first_not_of('`', i) == std::string_view::npos
                                            ? text.size() - i
                                            : text.find_first_not_of('`', i) - i;
                const std::size_t close = text.find(std::string(run, '`'), i + run);
                const std::size_t end = close == std::string_view::npos ? i + run : close + run;
                out.append(text.substr(i, end - i));
                i = end;
                continue;
            }
            if (text.substr(i).starts_with("](/uploads/")) {
                out += "](" + m_project_url + "/uploads/";
                i += 11;
                continue;
            }
            if (starts_word(text, i) && reference(text, i, out)) {
                continue;
            }
            out += c;
            ++i;
        }
        return out;
    }

private:
    // Appends the link for a reference at `i` and moves `i` past it; false when there is none there.
    bool reference(std::string_view text, std::size_t& i, std::string& out) const {
        const char c = text[i];
        std::size_t end = i + 1;
        if (c == '#' || c == '!') {
            while (end < text.size() && digit(text[end])) {
                ++end;
            }
            if (end == i + 1 || (end < text.size() && word_char(text[end]))) {
                return false;
            }
            const std::string_view number = text.substr(i + 1, end - i - 1);
            out += "[" + std::string(text.substr(i, end - i)) + "](" + m_project_url +
                   (c == '#' ? "/-/issues/" : "/-/merge_requests/") + std::string(number) + ")";
        } else if (c == '~') {
            std::string name;
            if (end < text.size() && text[end] == '"') {
                const std::size_t close = text.find('"', end + 1);
                if (close == std::string_view::npos || close == end + 1) {
                    return false;
                }
                name = text.substr(end + 1, close - end - 1);
                end = close + 1;
            } else {
                while (end < text.size() && (name_char(text[end]) || text.substr(end).starts_with("::"))) {
                    end += text.substr(end).starts_with("::") ? std::size_t{2} : std::size_t{1};
                }
                name = text.substr(i + 1, end - i - 1);
                if (name.empty() || !word_char(name.front())) {
                    return false;
                }
            }
            out += "[" + std::string(text.substr(i, end - i)) + "](" + m_project_url +
                   "/-/issues?label_name%5B%5D=" + util::url_encode(name) + ")";
        } else if (c == '@') {
            while (end < text.size() && name_char(text[end])) {
                ++end;
            }
            while (end > i + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) {
                --end; // a sentence's full stop is not part of the name
            }
            if (end == i + 1) {
                return false;
            }
            out += "[" + std::string(text.substr(i, end - i)) + "](" + m_web + "/" +
                   std::string(text.substr(i + 1, end - i - 1)) + ")";
        } else {
            return false;
        }
        i = end;
        return true;
    }

    std::string m_project_url;
    std::string m_web;
};

} // namespace

std::string absolute_references(std::string_view markdown, std::string_view web, std::string_view project) {
    const Rewriter rewriter(web, project);
    std::string out;
    bool fenced = false;
    std::size_t start = 0;
    while (start <= markdown.size()) {
        const std::size_t newline = markdown.find('\n', start);
        const std::size_t end = newline == std::string_view::npos ? markdown.size() : newline;
        const std::string_view line = markdown.substr(start, end - start);
        const std::string_view trimmed = util::trim(line);
        if (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            fenced = !fenced;
            out.append(line);
        } else if (fenced || line.starts_with("    ") || line.starts_with("\t")) {
            out.append(line); // code
        } else {
            out += rewriter.line(line);
        }
        if (newline == std::string_view::npos) {
            break;
        }
        out += '\n';
        start = newline + 1;
    }
    return out;
}

} // namespace issuebridge::sources::gitlab
