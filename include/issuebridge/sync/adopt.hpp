#pragma once
// 'state adopt': rebuild the links of a lost or fresh state database from the markers found on the targets, so
// that the next sync creates nothing twice.

#include "issuebridge/config/config.hpp"
#include "issuebridge/http/client.hpp"
#include "issuebridge/sources/source.hpp"
#include "issuebridge/state/store.hpp"
#include "issuebridge/targets/target.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace issuebridge::sync {

struct AdoptReport {
    int adopted = 0; // links written
    int already = 0; // links that already named the same item
    // One marker on several items (the oldest is linked), or a link already naming another item (left alone).
    std::vector<std::string> conflicts;
    std::vector<std::string> unrouted; // markers no selected route produces
};

// Lists every marked item on the targets of the selected routes (all when empty) and links each to its route.
// Never chooses silently: an external id found on several items is linked to the oldest (so that no sync makes
// yet another) and reported; one already linked to another item is reported and left alone. Throws
// util::AuthError when a target refuses our credentials, util::Error when a listing fails. `make_target` makes the
// adapter of a configured target; empty: targets::make_target (tests: scripted fakes).
AdoptReport adopt(const config::Config& config, state::Store& store, http::Client& client,
                  const std::vector<std::string>& routes,
                  const std::function<std::unique_ptr<targets::Target>(const config::Target&)>& make_target = {});

// The one of `routes` whose source and repository make `external_id` (as its source type's identity, from
// `identity_of`, tells), and that repository into `repo`; nullptr when none does (a type without identity, another
// host or repository).
const config::Route* route_of(const config::Config& config, const std::vector<const config::Route*>& routes,
                              const std::string& external_id, std::string& repo,
                              const sources::Identity* (*identity_of)(std::string_view type) = sources::identity);

} // namespace issuebridge::sync
