#pragma once
// How the commands that read every selected (route, repository) listing drive them: all at once, a page of each
// per round. Private to sync/.

#include "issuebridge/config/config.hpp"
#include "issuebridge/http/client.hpp"
#include "issuebridge/sources/source.hpp"

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>

namespace issuebridge::sync {

// Drives `count` listings in rounds until none is left or `cancel` is set. Before each round `listing(i)` gives
// the i-th listing to drive (nullptr: it ended, or its owner stopped); after it, `pages(i)` is called for each i
// that gave one, in increasing i (config order), so that which route handles an item first does not depend on
// timing. The client keeps each host's limits.
void drive_listings(http::Client& client, std::size_t count,
                    const std::function<sources::Listing*(std::size_t)>& listing,
                    const std::function<void(std::size_t)>& pages, const std::atomic<bool>* cancel);

// Once `listing` is done: reports why it ended early (listing_failed: `error`, `setting`; throws util::AuthError
// when the source refused our credentials) and returns false, or returns true when it read to its end.
bool listing_complete(const sources::Listing& listing, const config::Config& config, const config::Route& route,
                      std::string& error, bool* setting = nullptr);

} // namespace issuebridge::sync
