#pragma once
// The driver of operations (http/operation.hpp): every sync, check, lookup and listing goes through it, so that
// many operations share one client's concurrency and limits.

#include "issuebridge/http/client.hpp"
#include "issuebridge/http/operation.hpp"

#include <atomic>
#include <vector>

namespace issuebridge::sync {

// Drives `operations` to their end in rounds: every unfinished one's next requests, all of a round in flight at
// once. A round in flight always completes, so an interrupt never leaves a write without its answer. Returns false
// when `cancel` was set after a round: the remaining steps are left unsent.
bool drive(http::Client& client, const std::vector<http::Operation*>& operations, const std::atomic<bool>* cancel);

} // namespace issuebridge::sync
