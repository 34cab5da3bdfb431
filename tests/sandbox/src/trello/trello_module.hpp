#pragma once
// The emulated Trello REST 1 API as one sandbox module: its routes, admin routes and the "trello"
// section of a seed file. The table in modules.cpp lists it.

#include "module.hpp"
#include "router.hpp"

#include <memory>

namespace issuebridge::sandbox {

// trello_api.cpp
std::unique_ptr<ApiProfile> register_trello_api(Router& router, Services& services);
// trello_admin.cpp: /_sandbox/trello/...
void register_trello_admin(Router& router, Services& services);

} // namespace issuebridge::sandbox
