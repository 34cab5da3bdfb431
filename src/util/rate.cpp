#include "issuebridge/util/rate.hpp"

#include "issuebridge/util/strings.hpp"

#include <charconv>
#include <utility>

namespace issuebridge::util {

namespace {

std::optional<long> parse_positive(std::string_view digits) {
    long value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size() || value <= 0) {
        return std::nullopt;
    }
    return value;
}

std::optional<std::chrono::milliseconds> unit_length(std::string_view unit) {
    static constexpr std::pair<std::string_view, long> k_units[] = {
        {"ms", 1}, {"s", 1000}, {"sec", 1000}, {"m", 60'000}, {"min", 60'000}, {"h", 3'600'000}, {"hour", 3'600'000},
    };
    for (const auto& [name, ms] : k_units) {
        if (unit == name) {
            return std::chrono::milliseconds(ms);
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<Rate> parse_rate(std::string_view text) {
    text = trim(text);
    const auto slash = text.find('/');
    if (slash == std::string_view::npos) {
        return std::nullopt;
    }
    const auto requests = parse_positive(trim(text.substr(0, slash)));
    std::string_view period = trim(text.substr(slash + 1));
    std::size_t digits = 0;
    while (digits < period.size() && period[digits] >= '0' && period[digits] <= '9') {
        ++digits;
    }
    long multiplier = 1;
    if (digits > 0) {
        const auto m = parse_positive(period.substr(0, digits));
        if (!m) {
            return std::nullopt;
        }
        multiplier = *m;
    }
    const auto unit = unit_length(period.substr(digits));
    if (!requests || !unit) {
        return std::nullopt;
    }
    return Rate{*requests, *unit * multiplier};
}

std::string to_string(const Rate& rate) {
    const long ms = static_cast<long>(rate.period.count());
    std::string period;
    if (ms % 3'600'000 == 0) {
        period = ms == 3'600'000 ? "h" : std::to_string(ms / 3'600'000) + "h";
    } else if (ms % 60'000 == 0) {
        period = ms == 60'000 ? "min" : std::to_string(ms / 60'000) + "min";
    } else if (ms % 1000 == 0) {
        period = ms == 1000 ? "s" : std::to_string(ms / 1000) + "s";
    } else {
        period = std::to_string(ms) + "ms";
    }
    return std::to_string(rate.count) + "/" + period;
}

} // namespace issuebridge::util
