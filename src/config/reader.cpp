#include "reader.hpp"

#include "issuebridge/util/error.hpp"
#include "issuebridge/util/strings.hpp"

#include <variant>

namespace issuebridge::config {

Location location_of(const toml::node& node, const std::string& file) {
    const auto& begin = node.source().begin;
    return Location{file, static_cast<long>(begin.line), static_cast<long>(begin.column)};
}

void fail_at(const toml::node& node, const std::string& file, const std::string& message, const std::string& hint) {
    throw util::ConfigError(location_of(node, file).str() + ": " + message, hint);
}

TableReader::TableReader(const toml::table& table, std::string section, std::span<const std::string> allowed,
                         const std::string& file)
    : m_table(table), m_section(std::move(section)), m_file(file) {
    for (const auto& [key, value] : m_table) {
        const std::string name(key.str());
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            const auto& begin = key.source().begin;
            const Location at{m_file, static_cast<long>(begin.line), static_cast<long>(begin.column)};
            throw util::ConfigError(at.str() + ": unknown key '" + name + "' in " + m_section,
                                    util::did_you_mean(name, allowed));
        }
    }
}

const toml::node& TableReader::node_or_table(std::string_view key) const {
    const toml::node* node = m_table.get(key);
    return node ? *node : static_cast<const toml::node&>(m_table);
}

void TableReader::fail(std::string_view key, const std::string& message, const std::string& hint) const {
    fail_at(node_or_table(key), m_file, message, hint);
}

std::optional<std::string> TableReader::string(std::string_view key) const {
    const toml::node* node = m_table.get(key);
    if (!node) {
        return std::nullopt;
    }
    if (!node->is_string()) {
        fail(key, "'" + std::string(key) + "' in " + m_section + " must be a string");
    }
    return node->value<std::string>();
}

std::string TableReader::required_string(std::string_view key) const {
    auto value = string(key);
    if (!value) {
        fail(key, "missing key '" + std::string(key) + "' in " + m_section);
    }
    if (value->empty()) {
        fail(key, "'" + std::string(key) + "' in " + m_section + " must not be empty");
    }
    return *value;
}

std::optional<long> TableReader::integer(std::string_view key, long min, long max) const {
    const toml::node* node = m_table.get(key);
    if (!node) {
        return std::nullopt;
    }
    const auto value = node->value<long>();
    if (!node->is_integer() || !value || *value < min || *value > max) {
        fail(key, "'" + std::string(key) + "' in " + m_section + " must be an integer from " + std::to_string(min) +
                      " to " + std::to_string(max));
    }
    return value;
}

std::vector<std::string> TableReader::string_array(std::string_view key) const {
    std::vector<std::string> out;
    const toml::node* node = m_table.get(key);
    if (!node) {
        return out;
    }
    const toml::array* array = node->as_array();
    if (!array) {
        fail(key, "'" + std::string(key) + "' in " + m_section + " must be an array of strings");
    }
    for (const auto& element : *array) {
        if (!element.is_string()) {
            fail_at(element, m_file, "'" + std::string(key) + "' in " + m_section + " must be an array of strings");
        }
        out.push_back(*element.value<std::string>());
    }
    return out;
}

std::map<std::string, std::string> TableReader::string_map(std::string_view key) const {
    std::map<std::string, std::string> out;
    const toml::node* node = m_table.get(key);
    if (!node) {
        return out;
    }
    const toml::table* t = node->as_table();
    if (!t) {
        fail(key, "'" + std::string(key) + "' in " + m_section + " must be a table of strings");
    }
    for (const auto& [k, v] : *t) {
        if (!v.is_string()) {
            fail_at(v, m_file,
                    "'" + std::string(key) + "." + std::string(k.str()) + "' in " + m_section + " must be a string");
        }
        out.emplace(std::string(k.str()), *v.value<std::string>());
    }
    return out;
}

const toml::table* TableReader::table(std::string_view key) const {
    const toml::node* node = m_table.get(key);
    if (node && !node->is_table()) {
        fail(key, "'" + std::string(key) + "' in " + m_section + " must be a table");
    }
    return node ? node->as_table() : nullptr;
}

namespace {

// A valid variable name for a hint: `example`, else one made from the key ("token_env" -> "MY_TOKEN").
std::string env_example(std::string_view key, std::string_view example) {
    if (!example.empty()) {
        return std::string(example);
    }
    std::string_view stem = key;
    if (stem.ends_with("_env")) {
        stem.remove_suffix(4);
    }
    std::string out = "MY_";
    for (const char c : stem) {
        out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    return out;
}

} // namespace

SecretRef TableReader::secret(std::string_view key, std::string_view example) const {
    SecretRef ref;
    if (auto name = string(key)) {
        const bool valid = !name->empty() && std::all_of(name->begin(), name->end(), [](char c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        }) && !(name->front() >= '0' && name->front() <= '9');
        if (!valid) {
            fail(key,
                 "'" + std::string(key) + "' in " + m_section + " must name an environment variable, not '" + *name +
                     "'",
                 "secrets are read from the environment only, e.g. " + std::string(key) + " = \"" +
                     env_example(key, example) + "\"");
        }
        ref.env = *name;
        ref.where = location_of(*m_table.get(key), m_file);
    }
    return ref;
}

std::optional<util::Rate> TableReader::rate(std::string_view key) const {
    const auto text = string(key);
    if (!text) {
        return std::nullopt;
    }
    auto rate = util::parse_rate(*text);
    if (!rate) {
        fail(key, "'" + std::string(key) + "' in " + m_section + " is not a rate: '" + *text + "'",
             "write requests per period, e.g. \"10/s\", \"100/10s\" or \"150/min\"");
    }
    return rate;
}

std::optional<model::Template> TableReader::template_(std::string_view key,
                                                      std::span<const std::string> extra_fields) const {
    const auto text = string(key);
    if (!text) {
        return std::nullopt;
    }
    auto parsed = model::Template::parse(*text, extra_fields);
    if (auto* error = std::get_if<model::TemplateError>(&parsed)) {
        Location at = location_of(*m_table.get(key), m_file);
        // Point into a one-line basic string: past the opening quote, at the offending brace.
        at.column += 1 + static_cast<long>(error->offset);
        throw util::ConfigError(at.str() + ": " + error->message + " in '" + std::string(key) + "' of " + m_section,
                                error->hint);
    }
    return std::get<model::Template>(std::move(parsed));
}

} // namespace issuebridge::config
