// The table of emulated trackers. Adding one (GitLab /api/v4, Asana /api/1.0, Trello /1) means a
// folder of its own defining a Module, and one more line here.

#include "module.hpp"

#include <array>

namespace issuebridge::sandbox {

const Module& github_module(); // github/github_module.cpp
const Module& jira_module();   // jira/jira_module.cpp
const Module& asana_module();  // asana/asana_module.cpp

std::span<const Module* const> modules() {
    static const std::array<const Module*, 3> table{
        &github_module(),
        &jira_module(),
        &asana_module(),
    };
    return table;
}

const Module* find_module(std::string_view name) {
    for (const Module* m : modules()) {
        if (name == m->name) {
            return m;
        }
    }
    return nullptr;
}

std::string quoted_module_names() {
    std::string names;
    for (const Module* m : modules()) {
        names += (names.empty() ? "\"" : "|\"") + std::string(m->name) + "\"";
    }
    return names;
}

} // namespace issuebridge::sandbox
