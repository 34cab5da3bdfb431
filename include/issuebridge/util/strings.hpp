#pragma once
// Small string helpers shared by every part.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace issuebridge::util {

// Edit distance counting adjacent transpositions as one edit (byte-wise; candidates are ASCII keys and flags).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word`, if it is close enough to be a plausible typo
// (distance at most max(1, (len+1)/3), or one is a prefix of the other).
std::optional<std::string> suggest(std::string_view word, std::span<const std::string> candidates);

// ", did you mean 'x'?"-style hint text: "did you mean 'x'?" or empty.
std::string did_you_mean(std::string_view word, std::span<const std::string> candidates);

std::string_view trim(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);
std::string join(std::span<const std::string> parts, std::string_view sep);
std::string to_lower(std::string_view s);
// `one` when n is 1, else `many` (default: `one` + "s"): plural(2, "attempt") is "attempts".
std::string plural(std::size_t n, std::string_view one, std::string_view many = {});
// n and its noun: count_of(1, "repository", "repositories") is "1 repository"; count_of(0, "item") "0 items".
std::string count_of(std::size_t n, std::string_view one, std::string_view many = {});

// True when `s` holds a C0 control character (tab, CR and LF included) or DEL.
bool has_control(std::string_view s) noexcept;

// `s` made safe to print on a terminal: invalid UTF-8 becomes U+FFFD, tab, CR and LF become a space (so no text
// from a server can start a line of its own, "\nissuebridge: error: forged"), and every other control character
// (C0 with ESC, DEL, and C1, U+0080..U+009F) becomes '?', so no escape sequence reaches the terminal.
std::string printable(std::string_view s);

// RFC 4648 base64 with padding (HTTP basic authentication).
std::string base64(std::string_view bytes);

// Percent-encodes every byte outside RFC 3986's unreserved set and `also_keep` (url_encode: for one path
// segment or query value).
std::string percent_encode(std::string_view s, std::string_view also_keep);
inline std::string url_encode(std::string_view s) { return percent_encode(s, {}); }

// The host (and port) of `base_url` as external ids name it, keeping only what a server tells apart: hosts are
// case-insensitive, a default port is no port, and the loopback names are one machine (127.0.0.1).
std::string url_host(std::string_view base_url);

} // namespace issuebridge::util
