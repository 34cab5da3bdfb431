// 'state adopt'.

#include "commands.hpp"
#include "runtime.hpp"

#include "issuebridge/sync/adopt.hpp"
#include "issuebridge/util/error.hpp"
#include "issuebridge/util/json_writer.hpp"

#include <cstdio>

namespace issuebridge::cli {

int cmd_state_adopt(const Invocation& inv) {
    const config::Config config = load_config(inv.global);
    Session session(inv.global, state_path(inv.global, &config), false);
    const auto report = sync::adopt(config, session.store(), session.client(), inv.state_adopt.routes);
    if (inv.global.json) {
        util::JsonWriter out;
        out.begin_object()
            .field("json_version", k_json_version)
            .field("adopted", report.adopted)
            .field("already_linked", report.already);
        out.key("conflicts").begin_array();
        for (const auto& c : report.conflicts) {
            out.value(c);
        }
        out.end_array().key("unrouted").begin_array();
        for (const auto& u : report.unrouted) {
            out.value(u);
        }
        out.end_array().end_object();
        print_json(out.str());
    } else {
        if (!inv.global.quiet) {
            std::printf("adopted %d, already linked %d, conflicts %zu, markers of no route %zu\n", report.adopted,
                        report.already, report.conflicts.size(), report.unrouted.size());
        }
        for (const auto& c : report.conflicts) {
            diagnose("warning", "conflict: " + shown(c) + "; settle it on the target");
        }
        for (const auto& u : report.unrouted) {
            diagnose("warning", "no selected route produces " + shown(u));
        }
    }
    return report.conflicts.empty() ? 0 : static_cast<int>(util::ExitCode::items_failed);
}

} // namespace issuebridge::cli
