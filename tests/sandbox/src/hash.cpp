#include "hash.hpp"

#include <array>

namespace issuebridge::sandbox {

namespace {

constexpr std::string_view k_base64_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(char c) {
    const auto pos = k_base64_alphabet.find(c);
    return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

} // namespace

std::uint64_t fnv1a64(std::string_view data, std::uint64_t basis) {
    std::uint64_t h = basis;
    for (const char c : data) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

std::uint64_t mix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::string digest_hex(std::string_view data) {
    // The second hash folds every byte through mix64, so the two halves fail independently.
    std::uint64_t second = 0x6a09e667f3bcc908ULL ^ data.size();
    for (const char c : data) {
        second = mix64(second ^ static_cast<unsigned char>(c));
    }
    const std::array<std::uint64_t, 2> halves{fnv1a64(data), second};
    std::string out;
    for (const std::uint64_t h : halves) {
        for (int shift = 60; shift >= 0; shift -= 4) {
            out.push_back("0123456789abcdef"[(h >> shift) & 0xf]);
        }
    }
    return out;
}

std::string base64_encode(std::string_view data) {
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < data.size(); i += 3) {
        const auto n = static_cast<std::uint32_t>(static_cast<unsigned char>(data[i]) << 16 |
                                                  static_cast<unsigned char>(data[i + 1]) << 8 |
                                                  static_cast<unsigned char>(data[i + 2]));
        for (int shift = 18; shift >= 0; shift -= 6) {
            out.push_back(k_base64_alphabet[(n >> shift) & 0x3f]);
        }
    }
    const std::size_t rest = data.size() - i;
    if (rest > 0) {
        std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(data[i]) << 16);
        if (rest == 2) {
            n |= static_cast<std::uint32_t>(static_cast<unsigned char>(data[i + 1]) << 8);
        }
        out.push_back(k_base64_alphabet[(n >> 18) & 0x3f]);
        out.push_back(k_base64_alphabet[(n >> 12) & 0x3f]);
        out.push_back(rest == 2 ? k_base64_alphabet[(n >> 6) & 0x3f] : '=');
        out.push_back('=');
    }
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    while (!text.empty() && text.back() == '=') {
        text.remove_suffix(1);
    }
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (const char c : text) {
        const int v = base64_value(c);
        if (v < 0) {
            return std::nullopt;
        }
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xff));
        }
    }
    return out;
}

std::uint64_t Rng::next() {
    m_state += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = m_state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

double Rng::unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

std::uint64_t Rng::below(std::uint64_t n) { return next() % n; }

} // namespace issuebridge::sandbox
