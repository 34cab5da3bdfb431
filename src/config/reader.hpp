#pragma once
// Typed, located reads from one TOML table. Private to config/.

#include "issuebridge/config/config.hpp"

#include <toml++/toml.h>

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace issuebridge::config {

Location location_of(const toml::node& node, const std::string& file);

// Throws util::ConfigError "file:line:column: message".
[[noreturn]] void fail_at(const toml::node& node, const std::string& file, const std::string& message,
                          const std::string& hint = {});

class TableReader {
public:
    // `section` is how messages name the table, e.g. "[sources.gh]". Unknown keys are rejected at once,
    // with the nearest allowed key as a hint.
    TableReader(const toml::table& table, std::string section, std::span<const std::string> allowed,
                const std::string& file);

    // Messages from now on name the table `section` (e.g. once a route's name is known).
    void rename(std::string section) { m_section = std::move(section); }
    const toml::table& table() const { return m_table; }
    const std::string& file() const { return m_file; }
    const std::string& section() const { return m_section; }
    Location where() const { return location_of(m_table, m_file); }
    bool has(std::string_view key) const { return m_table.contains(key); }

    std::optional<std::string> string(std::string_view key) const;
    std::string required_string(std::string_view key) const;
    std::optional<long> integer(std::string_view key, long min, long max) const;
    std::vector<std::string> string_array(std::string_view key) const;
    std::map<std::string, std::string> string_map(std::string_view key) const;
    // A sub-table, or nullptr when absent.
    const toml::table* table(std::string_view key) const;
    // The name of an environment variable; `example` (e.g. the setting's) shows a valid one in the hint.
    SecretRef secret(std::string_view key, std::string_view example = {}) const;
    std::optional<util::Rate> rate(std::string_view key) const;
    // A template that may name the common fields and `extra_fields` (the route's source schema's).
    std::optional<model::Template> template_(std::string_view key,
                                             std::span<const std::string> extra_fields = {}) const;

    // Fails pointing at `key`'s value (or the table when the key is absent).
    [[noreturn]] void fail(std::string_view key, const std::string& message, const std::string& hint = {}) const;

private:
    const toml::node& node_or_table(std::string_view key) const;

    const toml::table& m_table;
    std::string m_section;
    std::string m_file;
};

} // namespace issuebridge::config
