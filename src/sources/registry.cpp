#include "github/github.hpp"
#include "issuebridge/sources/source.hpp"
#include "issuebridge/util/error.hpp"

namespace issuebridge::sources {

namespace {

struct Entry {
    const char* type;
    std::unique_ptr<Source> (*make)(const config::Source&);
    Identity identity;
};

// One line per adapter.
constexpr Entry k_sources[] = {
    {"github", github::make, {github::repo_of, github::canonical_id}},
};

} // namespace

std::unique_ptr<Source> make_source(const config::Source& source) {
    for (const auto& entry : k_sources) {
        if (source.type == entry.type) {
            return entry.make(source);
        }
    }
    throw util::ConfigError(source.where.str() + ": '" + source.type + "' sources are not supported by this build of issuebridge",
                            "see 'issuebridge --help' for what this build supports");
}

const Identity* identity(std::string_view type) {
    for (const auto& entry : k_sources) {
        if (type == entry.type) {
            return &entry.identity;
        }
    }
    return nullptr;
}

std::string canonical_id(std::string_view external_id) {
    std::string id(external_id);
    for (const auto& entry : k_sources) {
        id = entry.identity.canonical_id(id);
    }
    return id;
}

} // namespace issuebridge::sources
