#include "issuebridge/util/strings.hpp"

#include "issuebridge/util/json_writer.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace issuebridge::util {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Optimal string alignment: insertions, deletions, substitutions and adjacent transpositions ("titel").
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) {
        d[i][0] = i;
    }
    for (std::size_t j = 0; j <= b.size(); ++j) {
        d[0][j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.size()][b.size()];
}

std::optional<std::string> suggest(std::string_view word, std::span<const std::string> candidates) {
    const std::string lowered = to_lower(word);
    const std::size_t limit = std::max<std::size_t>(1, (word.size() + 1) / 3);
    std::optional<std::string> best;
    std::size_t best_distance = limit + 1;
    for (const auto& candidate : candidates) {
        const std::size_t d = edit_distance(lowered, to_lower(candidate));
        if (d < best_distance) {
            best = candidate;
            best_distance = d;
        }
    }
    if (best) {
        return best;
    }
    if (word.size() >= 3) {
        for (const auto& candidate : candidates) {
            if (candidate.starts_with(lowered) || lowered.starts_with(candidate)) {
                return candidate;
            }
        }
    }
    return std::nullopt;
}

std::string did_you_mean(std::string_view word, std::span<const std::string> candidates) {
    if (auto s = suggest(word, candidates)) {
        return "did you mean '" + *s + "'?";
    }
    return {};
}

std::string_view trim(std::string_view s) {
    const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!s.empty() && space(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && space(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t pos = s.find(sep, start);
        out.emplace_back(s.substr(start, pos - start));
        if (pos == std::string_view::npos) {
            return out;
        }
        start = pos + 1;
    }
}

std::string join(std::span<const std::string> parts, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) {
            out += sep;
        }
        out += parts[i];
    }
    return out;
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
    if (n == 1) {
        return std::string(one);
    }
    return many.empty() ? std::string(one) + "s" : std::string(many);
}

std::string count_of(std::size_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + plural(n, one, many);
}

std::string to_lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string base64(std::string_view bytes) {
    static constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
        std::uint32_t chunk = 0;
        for (std::size_t k = 0; k < 3; ++k) {
            chunk = (chunk << 8) | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0U);
        }
        for (std::size_t k = 0; k < 4; ++k) {
            out += k <= n ? k_alphabet[(chunk >> (18 - 6 * k)) & 0x3F] : '=';
        }
    }
    return out;
}

std::string percent_encode(std::string_view s, std::string_view also_keep) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' ||
            also_keep.find(ch) != std::string_view::npos) {
            out += ch;
        } else {
            out += '%';
            out += k_hex[c >> 4];
            out += k_hex[c & 0xF];
        }
    }
    return out;
}

bool has_control(std::string_view s) noexcept {
    for (const char c : s) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x20 || b == 0x7F) {
            return true;
        }
    }
    return false;
}

std::string printable(std::string_view s) {
    const std::string valid = sanitize_utf8(s);
    std::string out;
    out.reserve(valid.size());
    for (std::size_t i = 0; i < valid.size(); ++i) {
        const auto b = static_cast<unsigned char>(valid[i]);
        if (b == '\t' || b == '\n' || b == '\r') {
            out += ' ';
        } else if (b < 0x20 || b == 0x7F) {
            out += '?';
        } else if (b == 0xC2 && i + 1 < valid.size() && static_cast<unsigned char>(valid[i + 1]) < 0xA0) {
            out += '?'; // C1: U+0080..U+009F, two bytes in UTF-8 (a valid second byte is at least 0x80)
            ++i;
        } else {
            out += valid[i];
        }
    }
    return out;
}

std::string url_host(std::string_view base_url) {
    auto start = base_url.find("://");
    const std::string scheme = to_lower(base_url.substr(0, start == std::string_view::npos ? 0 : start));
    start = start == std::string_view::npos ? 0 : start + 3;
    const std::string authority = to_lower(base_url.substr(start, base_url.find('/', start) - start));
    const auto port_at = authority.find(':', authority.starts_with("[") ? authority.find(']') : 0);
    std::string host = authority.substr(0, port_at);
    std::string port = port_at == std::string::npos ? "" : authority.substr(port_at);
    if (port == (scheme == "http" ? ":80" : ":443")) {
        port.clear();
    }
    if (host == "localhost" || host == "[::1]") {
        host = "127.0.0.1";
    }
    return host + port;
}

} // namespace issuebridge::util
