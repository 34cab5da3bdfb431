#include "issuebridge/model/item.hpp"

namespace issuebridge::model {

namespace {

constexpr std::size_t k_field_count = 6;
constexpr std::size_t k_segment = 8; // hex digits per field

std::string short_hash(std::string_view bytes) { return to_hex(stable_hash(bytes)).substr(0, k_segment); }

// `fingerprint` with all k_field_count parts (the milestone's, when left out, that of the empty milestone), or
// empty when it is not a fingerprint.
std::string all_parts(std::string_view fingerprint) {
    constexpr std::size_t full = k_field_count * (k_segment + 1) - 1;
    constexpr std::size_t without_milestone = full - k_segment - 1;
    if (fingerprint.size() == full) {
        return std::string(fingerprint);
    }
    if (fingerprint.size() == without_milestone) {
        return std::string(fingerprint) + "." + short_hash("");
    }
    return {};
}

} // namespace

const char* to_string(ItemState state) noexcept { return state == ItemState::open ? "open" : "closed"; }

std::string make_external_id(std::string_view source_type, std::string_view host, std::string_view path,
                             std::string_view number) {
    std::string id;
    id.reserve(source_type.size() + host.size() + path.size() + number.size() + 3);
    id.append(source_type).append(":").append(host).append("/").append(path).append("#").append(number);
    return id;
}

const std::string* SourceItem::field(std::string_view name) const noexcept {
    for (const auto& [key, value] : fields) {
        if (key == name) {
            return &value;
        }
    }
    return nullptr;
}

std::uint64_t stable_hash(std::string_view bytes, std::uint64_t seed) {
    std::uint64_t h = seed;
    for (const char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

std::string to_hex(std::uint64_t value) {
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = k_digits[value & 0xF];
        value >>= 4;
    }
    return out;
}

std::string Draft::fingerprint() const {
    std::string labels_bytes;
    for (const auto& label : labels) {
        // Length-prefixed, so {"ab", "c"} and {"a", "bc"} differ.
        labels_bytes += std::to_string(label.size()) + ":" + label;
    }
    std::string out = short_hash(title) + "." + short_hash(body) + "." + short_hash(labels_bytes) + "." +
                      short_hash(assignee) + "." + short_hash(url);
    if (milestone && !milestone->empty()) {
        out += "." + short_hash(*milestone);
    }
    return out;
}

unsigned changed_fields(std::string_view old_fingerprint, std::string_view new_fingerprint) {
    const std::string before = all_parts(old_fingerprint);
    const std::string after = all_parts(new_fingerprint);
    if (before.empty() || after.empty()) {
        return k_all_fields;
    }
    unsigned changed = 0;
    for (std::size_t i = 0; i < k_field_count; ++i) {
        const std::size_t at = i * (k_segment + 1);
        if (before.compare(at, k_segment, after, at, k_segment) != 0) {
            changed |= 1U << i;
        }
    }
    return changed;
}

} // namespace issuebridge::model
