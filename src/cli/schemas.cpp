#include "schemas.hpp"

#include "issuebridge/sources/registry.hpp"
#include "issuebridge/targets/registry.hpp"

namespace issuebridge::cli {

const config::Schemas& schemas() {
    static const config::Schemas k_schemas = [] {
        config::Schemas s;
        for (const auto& row : sources::rows()) {
            s.sources.push_back(row.schema);
        }
        for (const auto& row : targets::rows()) {
            s.targets.push_back(row.schema);
        }
        return s;
    }();
    return k_schemas;
}

} // namespace issuebridge::cli
