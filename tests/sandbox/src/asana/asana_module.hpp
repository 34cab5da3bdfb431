#pragma once
// The emulated Asana API 1.0 as one sandbox module: its routes, admin routes and the "asana"
// section of a seed file. The table in modules.cpp lists it.

#include "module.hpp"
#include "router.hpp"

#include <memory>

namespace issuebridge::sandbox {

// asana_api.cpp
std::unique_ptr<ApiProfile> register_asana_api(Router& router, Services& services);
// asana_admin.cpp: /_sandbox/asana/...
void register_asana_admin(Router& router, Services& services);

} // namespace issuebridge::sandbox
