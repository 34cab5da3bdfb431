#pragma once
// A small mutable JSON value for the sandbox's state (seed files, request bodies, ADF documents,
// issue properties). simdjson parses; util::JsonWriter writes. Objects keep their key order, as the
// APIs do.

#include "issuebridge/util/json_writer.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace issuebridge::sandbox {

class Json {
public:
    using Array = std::vector<Json>;
    using Object = std::vector<std::pair<std::string, Json>>;

    Json() = default; // null
    Json(bool b) : m_value(b) {}
    Json(std::int64_t n) : m_value(n) {}
    Json(int n) : m_value(static_cast<std::int64_t>(n)) {}
    Json(double d) : m_value(d) {}
    Json(std::string s) : m_value(std::move(s)) {}
    Json(const char* s) : m_value(std::string(s)) {}
    Json(Array a) : m_value(std::move(a)) {}
    Json(Object o) : m_value(std::move(o)) {}

    // Parses a complete JSON text; nullopt when it is not valid JSON.
    static std::optional<Json> parse(std::string_view text);

    bool is_null() const { return std::holds_alternative<std::monostate>(m_value); }
    bool is_bool() const { return std::holds_alternative<bool>(m_value); }
    bool is_int() const { return std::holds_alternative<std::int64_t>(m_value); }
    bool is_number() const { return is_int() || std::holds_alternative<double>(m_value); }
    bool is_string() const { return std::holds_alternative<std::string>(m_value); }
    bool is_array() const { return std::holds_alternative<Array>(m_value); }
    bool is_object() const { return std::holds_alternative<Object>(m_value); }

    bool as_bool() const { return std::get<bool>(m_value); }
    std::int64_t as_int() const { return std::get<std::int64_t>(m_value); }
    double as_double() const;
    const std::string& as_string() const { return std::get<std::string>(m_value); }
    const Array& as_array() const { return std::get<Array>(m_value); }
    const Object& as_object() const { return std::get<Object>(m_value); }

    // The member `key` of an object, or nullptr (also when this is not an object).
    const Json* get(std::string_view key) const;
    // Sets (or replaces) member `key`; this must be an object.
    void set(std::string key, Json value);

    void write(util::JsonWriter& w) const;
    std::string dump() const;

private:
    std::variant<std::monostate, bool, std::int64_t, double, std::string, Array, Object> m_value;
};

// Typed access to optional members, for request bodies: nullopt when absent or null; `wrong_type`
// is set when the member is present with another type.
std::optional<std::string> get_string(const Json& obj, std::string_view key, bool& wrong_type);
std::optional<std::int64_t> get_int(const Json& obj, std::string_view key, bool& wrong_type);
std::optional<double> get_number(const Json& obj, std::string_view key, bool& wrong_type);
std::optional<bool> get_bool(const Json& obj, std::string_view key, bool& wrong_type);
// An array of strings; `wrong_type` also when an element is not a string.
std::optional<std::vector<std::string>> get_strings(const Json& obj, std::string_view key,
                                                    bool& wrong_type);

} // namespace issuebridge::sandbox
