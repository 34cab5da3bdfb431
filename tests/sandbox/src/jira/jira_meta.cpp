// Jira Cloud REST v3: the current user and a project, which a client reads to check its
// configuration. `expand` and `properties` are accepted and change nothing.

#include "jira_api.hpp"
#include "services.hpp"

#include "issuebridge/util/json_writer.hpp"

namespace issuebridge::sandbox {

namespace {

void get_myself(Services& services, const ApiProfile& profile, Call& call) {
    std::string reply;
    services.store.with([&](State& s) {
        // The pipeline has authenticated the request; a reset since then may have removed the
        // account.
        if (const JiraAccount* account = authenticated_account(s.get<JiraData>(), call.req)) {
            util::JsonWriter w;
            write_account(w, *account, call.origin());
            reply = w.take();
        }
    });
    if (reply.empty()) {
        return profile.unauthorized(call.res);
    }
    reply_jira(call.res, 200, std::move(reply));
}

void get_project(Services& services, Call& call) {
    std::string reply;
    services.store.with([&](State& s) {
        if (const JiraProject* project = find_project(s.get<JiraData>(), call.param(0))) {
            util::JsonWriter w;
            write_project_details(w, s.get<JiraData>(), *project, call.origin());
            reply = w.take();
        }
    });
    if (reply.empty()) {
        return reply_jira(
            call.res, 404,
            error_body("No project could be found with key '" + call.param(0) + "'."));
    }
    reply_jira(call.res, 200, std::move(reply));
}

} // namespace

void register_jira_meta(Router& router, Services& services, const ApiProfile& profile,
                        std::string_view base) {
    Services* s = &services;
    if (!base.ends_with("/rest/api/2")) { // Data Center's users are not Cloud's: jira_dc.cpp
        router.api(profile, Method::get, base, "/myself",
                   [s, &profile](Call& c) { get_myself(*s, profile, c); });
    }
    router.api(profile, Method::get, base, "/project/{projectIdOrKey}",
               [s](Call& c) { get_project(*s, c); });
}

} // namespace issuebridge::sandbox
