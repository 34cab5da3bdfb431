#include "redact.hpp"

#include "issuebridge/util/strings.hpp"

#include <array>
#include <cctype>

namespace issuebridge::http {

namespace {

bool ident_char(char c) noexcept {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.';
}

bool contains_any(std::string_view s, std::initializer_list<std::string_view> parts) {
    for (const auto part : parts) {
        if (s.find(part) != std::string_view::npos) {
            return true;
        }
    }
    return false;
}

// A query parameter or attribute name whose value is a credential.
bool secret_param(std::string_view raw_name) {
    const std::string name = util::to_lower(raw_name);
    static constexpr std::array<std::string_view, 6> k_exact{"key", "sig", "auth", "pwd", "code_verifier", "apikey"};
    for (const auto exact : k_exact) {
        if (name == exact) {
            return true;
        }
    }
    return name.ends_with("_key") || name.ends_with("-key") ||
           contains_any(name, {"token", "secret", "password", "passwd", "signature"});
}

// A JSON member name whose string value is a credential ("access_token", "client_secret", "password"). Stricter
// than secret_param: "key" in a JSON error body is a Jira issue or project key, worth keeping.
bool secret_json_member(std::string_view raw_name) {
    const std::string name = util::to_lower(raw_name);
    return name == "apikey" || name == "api_key" || name == "authorization" || name == "cookie" ||
           contains_any(name, {"token", "secret", "password", "passwd", "signature"});
}

bool secret_header(std::string_view raw_name) {
    const std::string name = util::to_lower(raw_name);
    return name == "cookie" || name == "set-cookie" || name == "proxy-authorization" || name == "authorization" ||
           contains_any(name, {"token", "secret", "api-key", "apikey", "session", "password", "signature"});
}

bool value_end(char c) noexcept {
    return std::isspace(static_cast<unsigned char>(c)) != 0 || c == '&' || c == '#' || c == '"' || c == '\'' ||
           c == '<' || c == '>' || c == ')' || c == ',';
}

// Copies a value starting at text[i] into `out` as ******** (a quoted value keeps its quotes); returns the index
// after it.
std::size_t mask_value(std::string_view text, std::size_t i, std::string& out) {
    if (i < text.size() && text[i] == '"') {
        std::size_t close = i + 1;
        while (close < text.size() && text[close] != '"') {
            close += text[close] == '\\' ? std::size_t{2} : std::size_t{1}; // an escaped quote does not end the value
        }
        out += '"';
        out += k_redacted;
        if (close < text.size()) {
            out += '"';
            return close + 1;
        }
        return text.size();
    }
    std::size_t end = i;
    while (end < text.size() && !value_end(text[end])) {
        ++end;
    }
    if (end > i) {
        out += k_redacted;
    }
    return end;
}

// At "://" in text[i..]: copies the authority, with userinfo masked; returns the index after it.
std::size_t copy_authority(std::string_view text, std::size_t i, std::string& out) {
    std::size_t end = i + 3;
    while (end < text.size() && text[end] != '/' && text[end] != '?' && text[end] != '#' && !value_end(text[end])) {
        ++end;
    }
    const std::string_view authority = text.substr(i + 3, end - i - 3);
    const std::size_t at = authority.rfind('@');
    out += "://";
    if (at == std::string_view::npos) {
        out += authority;
    } else {
        out += k_redacted;
        out += authority.substr(at);
    }
    return end;
}

// At a '"' in text[i..]: a JSON member "name": "value" with a secret name is copied with the value masked; returns
// the index after what was copied, or i when text[i..] is not such a member.
std::size_t copy_json_member(std::string_view text, std::size_t i, std::string& out) {
    const std::size_t close = text.find('"', i + 1);
    if (close == std::string_view::npos || !secret_json_member(text.substr(i + 1, close - i - 1))) {
        return i;
    }
    std::size_t j = close + 1;
    while (j < text.size() && text[j] == ' ') {
        ++j;
    }
    if (j >= text.size() || text[j] != ':') {
        return i;
    }
    for (++j; j < text.size() && text[j] == ' '; ++j) {
    }
    if (j >= text.size() || text[j] != '"') {
        return i;
    }
    out += text.substr(i, j - i);
    return mask_value(text, j, out);
}

bool starts_with_word(std::string_view text, std::size_t i, std::string_view word) {
    if (text.size() - i <= word.size() || util::to_lower(text.substr(i, word.size())) != word) {
        return false;
    }
    return text[i + word.size()] == ' ';
}

} // namespace

std::string redact_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (text.compare(i, 3, "://") == 0) {
            i = copy_authority(text, i, out);
            continue;
        }
        if (text[i] == '"') {
            if (const std::size_t next = copy_json_member(text, i, out); next != i) {
                i = next;
                continue;
            }
        }
        const bool boundary = i == 0 || !ident_char(text[i - 1]);
        if (boundary && (starts_with_word(text, i, "bearer") || starts_with_word(text, i, "basic"))) {
            std::size_t word_end = text.find(' ', i);
            out += text.substr(i, word_end - i);
            while (word_end < text.size() && text[word_end] == ' ') {
                out += text[word_end++];
            }
            i = mask_value(text, word_end, out);
            continue;
        }
        if (boundary && ident_char(text[i])) {
            std::size_t end = i;
            while (end < text.size() && ident_char(text[end])) {
                ++end;
            }
            out += text.substr(i, end - i);
            if (end < text.size() && text[end] == '=' && secret_param(text.substr(i, end - i))) {
                out += '=';
                end = mask_value(text, end + 1, out);
            }
            i = end;
            continue;
        }
        out += text[i++];
    }
    return out;
}

std::string redact_url(std::string_view url) { return redact_text(url); }

std::string redact_header(std::string_view name, std::string_view value) {
    if (!secret_header(name)) {
        return redact_text(value);
    }
    const std::string lowered = util::to_lower(name);
    const std::size_t space = value.find(' ');
    if ((lowered == "authorization" || lowered == "proxy-authorization") && space != std::string_view::npos) {
        return std::string(value.substr(0, space)) + " " + std::string(k_redacted);
    }
    return std::string(k_redacted);
}

} // namespace issuebridge::http
