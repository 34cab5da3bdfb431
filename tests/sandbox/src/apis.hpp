#pragma once
// The core's own routes. The emulated APIs register theirs through their Module (module.hpp).

#include "router.hpp"

namespace issuebridge::sandbox {

// /_sandbox/ routes that are not about one API: reset, clock, faults, limits, bursts, request
// counts.
void register_admin(Router& router, Services& services);

} // namespace issuebridge::sandbox
