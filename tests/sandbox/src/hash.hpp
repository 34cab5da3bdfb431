#pragma once
// Deterministic hashing and pseudo-random numbers: fault decisions, ETags and generated data must
// be the same on every run and platform, so nothing here uses std::hash or <random>'s
// distributions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace issuebridge::sandbox {

std::uint64_t fnv1a64(std::string_view data, std::uint64_t basis = 0xcbf29ce484222325ULL);
// The SplitMix64 finaliser: a bijective scrambling of 64 bits.
std::uint64_t mix64(std::uint64_t x);
// A 128-bit content digest as 32 lowercase hex digits (two independent 64-bit hashes).
std::string digest_hex(std::string_view data);

std::string base64_encode(std::string_view data);
std::optional<std::string> base64_decode(std::string_view text);

// SplitMix64: a tiny, well-distributed generator whose sequence depends only on its seed.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next();
    // Uniform in [0, 1).
    double unit();
    // Uniform in [0, n); n > 0.
    std::uint64_t below(std::uint64_t n);

private:
    std::uint64_t m_state;
};

} // namespace issuebridge::sandbox
