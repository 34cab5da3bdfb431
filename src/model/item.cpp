#include "issuebridge/model/item.hpp"

namespace issuebridge::model {

namespace {

// Length-prefixed fields, so ("ab", "c") and ("a", "bc") never hash alike.
void add(std::string& out, std::string_view field) {
    out += std::to_string(field.size());
    out += ':';
    out += field;
}

std::string content_bytes(const Draft& d) {
    std::string bytes;
    add(bytes, d.title);
    add(bytes, d.body);
    add(bytes, std::to_string(d.labels.size()));
    for (const auto& label : d.labels) {
        add(bytes, label);
    }
    add(bytes, d.assignee);
    add(bytes, d.url);
    return bytes;
}

} // namespace

const char* to_string(Kind kind) noexcept {
    switch (kind) {
    case Kind::issue:
        return "issue";
    case Kind::pull_request:
        return "pull_request";
    case Kind::merge_request:
        return "merge_request";
    case Kind::alert:
        return "alert";
    }
    return "issue";
}

const char* to_string(ItemState state) noexcept { return state == ItemState::open ? "open" : "closed"; }

std::string make_external_id(std::string_view source_type, std::string_view host, std::string_view path,
                             std::string_view number) {
    std::string id;
    id.reserve(source_type.size() + host.size() + path.size() + number.size() + 3);
    id.append(source_type).append(":").append(host).append("/").append(path).append("#").append(number);
    return id;
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

std::string Draft::fingerprint() const { return to_hex(stable_hash(content_bytes(*this))); }

} // namespace issuebridge::model
