#include "issuebridge/sources/github.hpp"
#include "issuebridge/sources/source.hpp"
#include "issuebridge/util/error.hpp"

namespace issuebridge::sources {

namespace {

struct Entry {
    const char* type;
    std::unique_ptr<Source> (*make)(const config::Source&);
};

// One line per adapter.
constexpr Entry k_sources[] = {
    {"github", github::make},
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

} // namespace issuebridge::sources
