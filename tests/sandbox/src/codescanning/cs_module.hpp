#pragma once
// The emulated GitHub code scanning API as one sandbox module, apart from the GitHub issues module:
// its routes, admin routes and the "codescanning" section of a seed file. The table in modules.cpp
// lists it (before GitHub's, whose /repos fallback would otherwise answer its paths).

#include "module.hpp"
#include "router.hpp"

#include <memory>

namespace issuebridge::sandbox {

// cs_api.cpp
std::unique_ptr<ApiProfile> register_codescanning_api(Router& router, Services& services);

} // namespace issuebridge::sandbox
