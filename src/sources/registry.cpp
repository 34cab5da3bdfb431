#include "issuebridge/sources/registry.hpp"

#include "codescanning/codescanning.hpp"
#include "github/github.hpp"
#include "gitlab/gitlab.hpp"
#include "lgtm/lgtm.hpp"

#include "issuebridge/util/error.hpp"

#include <vector>

namespace issuebridge::sources {

std::span<const Row> rows() {
    // One line per adapter.
    static const std::vector<Row> k_rows = {
        github::row(),
        codescanning::row(),
        gitlab::row(),
        lgtm::row(),
    };
    return k_rows;
}

const Row* find_row(std::string_view type) {
    for (const auto& row : rows()) {
        if (row.schema.type == type) {
            return &row;
        }
    }
    return nullptr;
}

std::unique_ptr<Source> make_source(const config::Source& source) {
    if (const Row* row = find_row(source.type)) {
        return row->make(source);
    }
    throw util::ConfigError(source.where.str() + ": '" + source.type +
                                "' sources are not supported by this build of issuebridge",
                            "see 'issuebridge --help' for what this build supports");
}

const Identity* identity(std::string_view type) {
    const Row* row = find_row(type);
    return row ? &row->identity : nullptr;
}

std::string canonical_id(std::string_view external_id) {
    std::string id(external_id);
    for (const auto& row : rows()) {
        id = row.identity.canonical_id(id);
    }
    return id;
}

std::string describe_cursor(std::string_view position) {
    for (const auto& row : rows()) {
        if (auto described = row.identity.describe_cursor(position)) {
            return *described;
        }
    }
    return std::string(position);
}

} // namespace issuebridge::sources
