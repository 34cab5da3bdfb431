#pragma once
// A small streaming JSON writer (simdjson parses but does not write). Used for every request body we send,
// for --json output and by the sandbox. Strings are escaped per RFC 8259; invalid UTF-8 becomes U+FFFD.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace issuebridge::util {

// Appends `s` to `out` as a quoted JSON string.
void append_json_string(std::string& out, std::string_view s);

// Replaces every invalid UTF-8 sequence in `s` with U+FFFD.
std::string sanitize_utf8(std::string_view s);

class JsonWriter {
public:
    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    // Inside an object: the key of the next value.
    JsonWriter& key(std::string_view k);

    JsonWriter& value(std::string_view s);
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
    JsonWriter& value(bool b);
    JsonWriter& value(std::int64_t n);
    JsonWriter& value(int n) { return value(static_cast<std::int64_t>(n)); }
    JsonWriter& value(std::uint64_t n);
    JsonWriter& value(double d); // non-finite numbers are written as null
    JsonWriter& null();
    // An already-serialized JSON value, inserted verbatim.
    JsonWriter& raw(std::string_view json);

    // key(k).value(v) in one call.
    template <typename T> JsonWriter& field(std::string_view k, const T& v) { return key(k).value(v); }

    const std::string& str() const noexcept { return m_out; }
    std::string take() noexcept { return std::move(m_out); }

private:
    void before_value();

    std::string m_out;
    std::vector<bool> m_first; // one entry per open container: no element written yet
    bool m_after_key = false;
};

} // namespace issuebridge::util
