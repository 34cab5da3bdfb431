#include "json.hpp"

#include <simdjson.h>

namespace issuebridge::sandbox {

namespace {

Json from_element(simdjson::dom::element e) {
    using simdjson::dom::element_type;
    switch (e.type()) {
    case element_type::OBJECT: {
        simdjson::dom::object source;
        Json::Object obj;
        if (e.get_object().get(source) == simdjson::SUCCESS) {
            for (auto field : source) {
                obj.emplace_back(std::string(field.key), from_element(field.value));
            }
        }
        return Json(std::move(obj));
    }
    case element_type::ARRAY: {
        simdjson::dom::array source;
        Json::Array arr;
        if (e.get_array().get(source) == simdjson::SUCCESS) {
            for (auto item : source) {
                arr.push_back(from_element(item));
            }
        }
        return Json(std::move(arr));
    }
    case element_type::STRING:
        return Json(std::string(e.get_string().value_unsafe()));
    case element_type::INT64:
        return Json(e.get_int64().value_unsafe());
    case element_type::UINT64:
        // Beyond int64: kept as a double, which no API here needs exactly.
        return Json(static_cast<double>(e.get_uint64().value_unsafe()));
    case element_type::DOUBLE:
        return Json(e.get_double().value_unsafe());
    case element_type::BOOL:
        return Json(e.get_bool().value_unsafe());
    case element_type::NULL_VALUE:
        break;
    }
    return Json();
}

} // namespace

std::optional<Json> Json::parse(std::string_view text) {
    // One parser per thread: simdjson parsers are not thread-safe but are expensive to create.
    thread_local simdjson::dom::parser parser;
    const simdjson::padded_string padded(text);
    simdjson::dom::element root;
    if (parser.parse(padded).get(root) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    return from_element(root);
}

double Json::as_double() const {
    if (is_int()) {
        return static_cast<double>(as_int());
    }
    return std::get<double>(m_value);
}

const Json* Json::get(std::string_view key) const {
    if (!is_object()) {
        return nullptr;
    }
    for (const auto& [k, v] : as_object()) {
        if (k == key) {
            return &v;
        }
    }
    return nullptr;
}

void Json::set(std::string key, Json value) {
    auto& obj = std::get<Object>(m_value);
    for (auto& [k, v] : obj) {
        if (k == key) {
            v = std::move(value);
            return;
        }
    }
    obj.emplace_back(std::move(key), std::move(value));
}

void Json::write(util::JsonWriter& w) const {
    std::visit(
        [&w](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                w.null();
            } else if constexpr (std::is_same_v<T, Array>) {
                w.begin_array();
                for (const auto& item : v) {
                    item.write(w);
                }
                w.end_array();
            } else if constexpr (std::is_same_v<T, Object>) {
                w.begin_object();
                for (const auto& [k, item] : v) {
                    w.key(k);
                    item.write(w);
                }
                w.end_object();
            } else {
                w.value(v);
            }
        },
        m_value);
}

std::string Json::dump() const {
    util::JsonWriter w;
    write(w);
    return w.take();
}

std::optional<std::string> get_string(const Json& obj, std::string_view key, bool& wrong_type) {
    const Json* v = obj.get(key);
    if (v == nullptr || v->is_null()) {
        return std::nullopt;
    }
    if (!v->is_string()) {
        wrong_type = true;
        return std::nullopt;
    }
    return v->as_string();
}

std::optional<std::int64_t> get_int(const Json& obj, std::string_view key, bool& wrong_type) {
    const Json* v = obj.get(key);
    if (v == nullptr || v->is_null()) {
        return std::nullopt;
    }
    if (!v->is_int()) {
        wrong_type = true;
        return std::nullopt;
    }
    return v->as_int();
}

std::optional<double> get_number(const Json& obj, std::string_view key, bool& wrong_type) {
    const Json* v = obj.get(key);
    if (v == nullptr || v->is_null()) {
        return std::nullopt;
    }
    if (!v->is_number()) {
        wrong_type = true;
        return std::nullopt;
    }
    return v->as_double();
}

std::optional<bool> get_bool(const Json& obj, std::string_view key, bool& wrong_type) {
    const Json* v = obj.get(key);
    if (v == nullptr || v->is_null()) {
        return std::nullopt;
    }
    if (!v->is_bool()) {
        wrong_type = true;
        return std::nullopt;
    }
    return v->as_bool();
}

std::optional<std::vector<std::string>> get_strings(const Json& obj, std::string_view key,
                                                    bool& wrong_type) {
    const Json* v = obj.get(key);
    if (v == nullptr || v->is_null()) {
        return std::nullopt;
    }
    if (!v->is_array()) {
        wrong_type = true;
        return std::nullopt;
    }
    std::vector<std::string> out;
    for (const auto& item : v->as_array()) {
        if (!item.is_string()) {
            wrong_type = true;
            return std::nullopt;
        }
        out.push_back(item.as_string());
    }
    return out;
}

} // namespace issuebridge::sandbox
