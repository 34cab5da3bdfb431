#include "faults.hpp"

#include "hash.hpp"

#include <array>
#include <chrono>
#include <utility>

namespace issuebridge::sandbox {

namespace {

constexpr std::array<std::pair<FaultKind, std::string_view>, 5> k_fault_names{{
    {FaultKind::server_error, "500"},
    {FaultKind::bad_gateway, "502"},
    {FaultKind::reset, "reset"},
    {FaultKind::stall, "stall"},
    {FaultKind::truncated, "truncated"},
}};

} // namespace

std::string_view fault_name(FaultKind kind) {
    for (const auto& [k, name] : k_fault_names) {
        if (k == kind) {
            return name;
        }
    }
    return "none";
}

std::optional<FaultKind> parse_fault_kind(std::string_view name) {
    for (const auto& [k, n] : k_fault_names) {
        if (n == name) {
            return k;
        }
    }
    return std::nullopt;
}

bool fault_before_handler(FaultKind kind) {
    return kind == FaultKind::server_error || kind == FaultKind::bad_gateway ||
           kind == FaultKind::reset;
}

bool Lifetime::wait_for(std::int64_t ms) {
    std::unique_lock lock(m_mutex);
    m_cv.wait_for(lock, std::chrono::milliseconds(ms), [this] { return m_stopping; });
    return !m_stopping;
}

void Lifetime::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_cv.notify_all();
}

FaultKind Faults::decide(std::string_view api, std::string_view method, std::string_view target,
                         std::string_view body) {
    std::lock_guard lock(m_mutex);
    if (m_config.rate <= 0.0 || m_config.kinds.empty()) {
        return FaultKind::none;
    }
    std::uint64_t key = fnv1a64(method);
    key = fnv1a64(target, key ^ ' ');
    key = fnv1a64(body, key ^ '\n');
    const std::uint64_t ordinal = ++m_ordinals[key];
    const std::uint64_t h =
        mix64(mix64(m_config.seed) ^ mix64(key) ^ mix64(ordinal * 0x2545f4914f6cdd1dULL));
    const double u = static_cast<double>(h >> 11) * 0x1.0p-53;
    if (u >= m_config.rate) {
        return FaultKind::none;
    }
    const FaultKind kind = m_config.kinds[mix64(h) % m_config.kinds.size()];
    if (m_log.size() < k_max_log) {
        m_log.push_back({++m_sequence, std::string(api), std::string(method), std::string(target),
                         ordinal, kind});
    }
    return kind;
}

void Faults::configure(FaultConfig config) {
    std::lock_guard lock(m_mutex);
    m_config = std::move(config);
    m_ordinals.clear();
    m_log.clear();
    m_sequence = 0;
}

FaultConfig Faults::config() const {
    std::lock_guard lock(m_mutex);
    return m_config;
}

std::vector<FaultRecord> Faults::log() const {
    std::lock_guard lock(m_mutex);
    return m_log;
}

} // namespace issuebridge::sandbox
