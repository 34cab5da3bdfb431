#include "commands.hpp"

#include "issuebridge/sources/registry.hpp"
#include "issuebridge/targets/registry.hpp"
#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/paths.hpp"

#include <cstdio>

namespace issuebridge::cli {

int cmd_version(const Invocation& inv) {
    if (inv.global.json) {
        util::JsonWriter out;
        out.begin_object()
            .field("json_version", k_json_version)
            .field("version", util::version())
            .key("sources")
            .begin_array();
        for (const auto& row : sources::rows()) {
            out.value(row.schema.type);
        }
        out.end_array().key("targets").begin_array();
        for (const auto& row : targets::rows()) {
            out.value(row.schema.type);
        }
        out.end_array().end_object();
        std::printf("%s\n", out.str().c_str());
    } else {
        std::printf("issuebridge %s\n", util::version());
    }
    return 0;
}

} // namespace issuebridge::cli
