// The seed file: the state the sandbox starts from and returns to on POST /_sandbox/reset. Each
// module reads its own section ("github", "jira").

#include "seed.hpp"
#include "module.hpp"
#include "services.hpp"

#include <vector>

namespace issuebridge::sandbox {

std::string check_keys(const Json& obj, std::string_view where,
                       std::span<const std::string_view> allowed) {
    if (!obj.is_object()) {
        return std::string(where) + ": expected an object";
    }
    for (const auto& [key, value] : obj.as_object()) {
        bool known = false;
        for (const auto a : allowed) {
            known = known || a == key;
        }
        if (!known) {
            return std::string(where) + ": unknown key '" + key + "'";
        }
    }
    return "";
}

std::string apply_seed(const Json& seed, State& state, std::int64_t now_s) {
    std::vector<std::string_view> sections;
    for (const Module* m : modules()) {
        sections.emplace_back(m->name);
    }
    sections.emplace_back("description");
    if (std::string error = check_keys(seed, "seed", sections); !error.empty()) {
        return error;
    }
    for (const Module* m : modules()) {
        if (const Json* section = seed.get(m->name)) {
            if (std::string error = m->seed(*section, state, now_s); !error.empty()) {
                return error;
            }
        }
    }
    return "";
}

} // namespace issuebridge::sandbox
