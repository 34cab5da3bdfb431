#include "issuebridge/render/text.hpp"

#include "issuebridge/render/body.hpp"

#include <optional>
#include <vector>

namespace issuebridge::render {

std::size_t text_length(std::string_view utf8) noexcept {
    std::size_t units = 0;
    for (const char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c & 0xC0) != 0x80) {
            units += c >= 0xF0 ? 2 : 1; // a four-byte sequence is a surrogate pair in UTF-16
        }
    }
    return units;
}

namespace detail {

std::size_t sequence_length(unsigned char lead) noexcept {
    if (lead >= 0xF0) {
        return 4;
    }
    if (lead >= 0xE0) {
        return 3;
    }
    return lead >= 0xC0 ? 2 : 1;
}

std::size_t prefix_within(std::string_view s, std::size_t max_units) noexcept {
    std::size_t units = 0;
    std::size_t i = 0;
    while (i < s.size()) {
        const auto lead = static_cast<unsigned char>(s[i]);
        const std::size_t len = sequence_length(lead);
        const std::size_t need = len == 4 ? 2 : 1;
        if (units + need > max_units || i + len > s.size()) {
            break;
        }
        units += need;
        i += len;
    }
    return i;
}

namespace {

// Binary search over candidate cut offsets (ascending) for the largest that fits; keeps the best
// fit seen.
std::optional<std::size_t> best_cut(std::string_view md, const std::vector<std::size_t>& cuts,
                                    std::size_t limit, const Renderer& render, std::string& best) {
    std::optional<std::size_t> found;
    std::size_t lo = 0;
    std::size_t hi = cuts.size();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        std::string out = render(md.substr(0, cuts[mid]), true);
        if (text_length(out) <= limit) {
            if (!found || cuts[mid] > *found) {
                found = cuts[mid];
                best = std::move(out);
            }
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return found;
}

} // namespace

std::string fit_to_limit(std::string_view md, std::size_t limit, const Renderer& render) {
    std::string whole = render(md, false);
    if (text_length(whole) <= limit) {
        return whole;
    }
    std::vector<std::size_t> line_starts{0};
    for (std::size_t i = 0; i + 1 < md.size(); ++i) {
        if (md[i] == '\n') {
            line_starts.push_back(i + 1);
        }
    }
    std::string best;
    const auto line_cut = best_cut(md, line_starts, limit, render, best);
    if (!line_cut) {
        return render({}, true);
    }
    // Refine within the line after the cut, so one long line (a minified blob, a log) is not lost
    // whole.
    std::size_t line_end = md.find('\n', *line_cut);
    line_end = line_end == std::string_view::npos ? md.size() : line_end;
    std::vector<std::size_t> char_cuts;
    for (std::size_t i = *line_cut + 1; i < line_end; ++i) {
        if ((static_cast<unsigned char>(md[i]) & 0xC0) != 0x80) {
            char_cuts.push_back(i);
        }
    }
    best_cut(md, char_cuts, limit, render, best);
    return best;
}

} // namespace detail
} // namespace issuebridge::render
