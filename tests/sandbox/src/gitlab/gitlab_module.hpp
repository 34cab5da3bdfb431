#pragma once
// The emulated GitLab REST v4 API as one sandbox module: its routes, admin routes and the "gitlab"
// section of a seed file. The table in modules.cpp lists it.

#include "module.hpp"
#include "router.hpp"

#include <memory>

namespace issuebridge::sandbox {

// gitlab_api.cpp
std::unique_ptr<ApiProfile> register_gitlab_api(Router& router, Services& services);
// gitlab_module.cpp: /_sandbox/gitlab/...
void register_gitlab_admin(Router& router, Services& services);

} // namespace issuebridge::sandbox
