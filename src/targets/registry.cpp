#include "issuebridge/targets/registry.hpp"

#include "asana/asana.hpp"
#include "github/github.hpp"
#include "jira/jira.hpp"
#include "trello/trello.hpp"

#include "issuebridge/util/error.hpp"

#include <vector>

namespace issuebridge::targets {

std::span<const Row> rows() {
    // One line per adapter.
    static const std::vector<Row> k_rows = {
        jira::row(),
        trello::row(),
        asana::row(),
        github::row(),
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

std::unique_ptr<Target> make_target(const config::Target& target) {
    if (const Row* row = find_row(target.type)) {
        return row->make(target);
    }
    throw util::ConfigError(target.where.str() + ": '" + target.type +
                                "' targets are not supported by this build of issuebridge",
                            "see 'issuebridge --help' for what this build supports");
}

} // namespace issuebridge::targets
