#pragma once
// The emulated GitHub REST API (and GHES under /api/v3) as one sandbox module: its routes, admin
// routes and the "github" section of a seed file. The table in modules.cpp lists it.

#include "module.hpp"
#include "router.hpp"

#include <memory>

namespace issuebridge::sandbox {

// github_api.cpp
std::unique_ptr<ApiProfile> register_github_api(Router& router, Services& services);
// github_admin.cpp: /_sandbox/github/...
void register_github_admin(Router& router, Services& services);
// github_write.cpp: the routes a target writes through, and their admin hooks.
void register_github_write_api(Router& router, Services& services, const ApiProfile& profile);
void register_github_write_admin(Router& router, Services& services);

} // namespace issuebridge::sandbox
