#pragma once
// The emulated LGTM Enterprise API v1.0 as one sandbox module: its routes, admin routes and the
// "lgtm" section of a seed file. The table in modules.cpp lists it.

#include "module.hpp"
#include "router.hpp"

#include <memory>

namespace issuebridge::sandbox {

// lgtm_api.cpp
std::unique_ptr<ApiProfile> register_lgtm_api(Router& router, Services& services);

} // namespace issuebridge::sandbox
