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

// One round of drive(): the next requests of every unfinished one of `operations`, all in flight at once, their
// outcomes given back. Returns false when none had anything to send. For callers that act between rounds (the
// engine commits the pages a round completed before it asks for more).
bool round(http::Client& client, const std::vector<http::Operation*>& operations);

} // namespace issuebridge::sync
