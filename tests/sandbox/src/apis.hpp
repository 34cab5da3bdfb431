#pragma once
// The table of emulated APIs: each registers its routes on the shared Router. Adding an API (GitLab
// /api/v4, Asana /api/1.0, Trello /1) means one more file pair and one more line in sandbox.cpp.

#include "router.hpp"

#include <memory>

namespace issuebridge::sandbox {

// Each returns the profile its routes use; the caller keeps it alive as long as the server.
std::unique_ptr<ApiProfile> register_github_api(Router& router, Services& services);
std::unique_ptr<ApiProfile> register_jira_api(Router& router, Services& services);

void register_github_admin(Router& router, Services& services);
void register_jira_admin(Router& router, Services& services);
// /_sandbox/ routes that are not about one API: reset, clock, faults, limits, bursts, request
// counts.
void register_admin(Router& router, Services& services);

} // namespace issuebridge::sandbox
