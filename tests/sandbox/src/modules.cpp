// The table of emulated trackers. Adding one means a folder of its own defining a Module, and one
// more line here.

#include "module.hpp"

#include <array>

namespace issuebridge::sandbox {

const Module& codescanning_module(); // codescanning/cs_module.cpp
const Module& github_module();       // github/github_module.cpp
const Module& jira_module();         // jira/jira_module.cpp
const Module& jira_dc_module();      // jira/jira_dc.cpp
const Module& gitlab_module();       // gitlab/gitlab_module.cpp
const Module& trello_module();       // trello/trello_module.cpp
const Module& asana_module();        // asana/asana_module.cpp
const Module& lgtm_module();         // lgtm/lgtm_module.cpp

std::span<const Module* const> modules() {
    // In the order requests are matched: code scanning before github, whose /repos fallback would
    // answer its paths; Jira Data Center after Jira, whose state it shares.
    static const auto table = std::to_array<const Module*>({
        &codescanning_module(),
        &github_module(),
        &jira_module(),
        &jira_dc_module(),
        &gitlab_module(),
        &trello_module(),
        &asana_module(),
        &lgtm_module(),
    });
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
