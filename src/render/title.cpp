#include "issuebridge/render/title.hpp"

#include "issuebridge/render/text.hpp"

#include "issuebridge/render/body.hpp"
#include "issuebridge/util/json_writer.hpp"

namespace issuebridge::render {

namespace {

// The byte length of a line break or control character at `s[i]`, 0 when there is none: C0
// controls, DEL, NEL (U+0085) and the Unicode line and paragraph separators (U+2028, U+2029).
std::size_t break_length(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) {
        return 1;
    }
    if (s.compare(i, 2, "\xC2\x85") == 0) {
        return 2;
    }
    if (s.compare(i, 3, "\xE2\x80\xA8") == 0 || s.compare(i, 3, "\xE2\x80\xA9") == 0) {
        return 3;
    }
    return 0;
}

std::string_view trim_spaces(std::string_view s) {
    while (!s.empty() && s.front() == ' ') {
        s.remove_prefix(1);
    }
    while (!s.empty() && s.back() == ' ') {
        s.remove_suffix(1);
    }
    return s;
}

} // namespace

std::string trim_title(std::string_view title, std::size_t max_chars) {
    const std::string valid = util::sanitize_utf8(title);
    std::string line;
    line.reserve(valid.size());
    for (std::size_t i = 0; i < valid.size();) {
        if (const std::size_t len = break_length(valid, i); len > 0) {
            // A run of breaks and the spaces around it ("\r\n", " \n  ") is one space.
            while (!line.empty() && line.back() == ' ') {
                line.pop_back();
            }
            line += ' ';
            for (i += len; i < valid.size() && valid[i] == ' ';) {
                ++i;
            }
        } else {
            line += valid[i++];
        }
    }
    const std::string_view text = trim_spaces(line);
    if (text_length(text) <= max_chars) {
        return std::string(text);
    }
    if (max_chars == 0) {
        return {};
    }
    const std::string_view ellipsis = "\xE2\x80\xA6";
    const std::string_view kept =
        trim_spaces(text.substr(0, detail::prefix_within(text, max_chars - 1)));
    return std::string(kept) + std::string(ellipsis);
}

} // namespace issuebridge::render
