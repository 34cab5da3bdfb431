#pragma once
// The emulated Jira Cloud REST v3 API as one sandbox module: its routes, admin routes and the
// "jira" section of a seed file. The table in modules.cpp lists it.

#include "module.hpp"
#include "router.hpp"

#include <memory>

namespace issuebridge::sandbox {

// jira_api.cpp
std::unique_ptr<ApiProfile> register_jira_api(Router& router, Services& services);
// jira_admin.cpp: /_sandbox/jira/...
void register_jira_admin(Router& router, Services& services);
// jira_dc.cpp: Jira Data Center REST v2 over the same state, as the module "jiradc".
const Module& jira_dc_module();

} // namespace issuebridge::sandbox
