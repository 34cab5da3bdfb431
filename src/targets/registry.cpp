#include "issuebridge/targets/registry.hpp"

#include "jira/jira.hpp"

#include "issuebridge/util/error.hpp"

namespace issuebridge::targets {

namespace {

struct Entry {
    const char* type;
    std::unique_ptr<Target> (*make)(const config::Target&);
};

// One line per adapter.
constexpr Entry k_targets[] = {
    {"jira", [](const config::Target& t) -> std::unique_ptr<Target> { return std::make_unique<jira::JiraTarget>(t); }},
};

} // namespace

std::unique_ptr<Target> make_target(const config::Target& target) {
    for (const auto& entry : k_targets) {
        if (target.type == entry.type) {
            return entry.make(target);
        }
    }
    throw util::ConfigError(target.where.str() + ": '" + target.type + "' targets are not supported by this build of issuebridge",
                            "see 'issuebridge --help' for what this build supports");
}

} // namespace issuebridge::targets
