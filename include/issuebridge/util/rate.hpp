#pragma once
// A request rate as users write it in the config: "10/s", "100/10s", "150/min", "5000/h".

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace issuebridge::util {

struct Rate {
    long count = 0;                      // at most this many request starts
    std::chrono::milliseconds period{0}; // in any window of this length

    bool operator==(const Rate&) const = default;
};

// Parses "N/UNIT" or "N/MUNIT" with UNIT one of ms, s, sec, m, min, h, hour; N and M positive.
// Returns nullopt for anything else.
std::optional<Rate> parse_rate(std::string_view text);

// The canonical spelling, e.g. "100/10s".
std::string to_string(const Rate& rate);

} // namespace issuebridge::util
