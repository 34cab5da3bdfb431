#pragma once
// The HTTP policy of a tracker from its config: its type's defaults, then what the user set. Private to sync/.

#include "issuebridge/config/config.hpp"
#include "issuebridge/http/policy.hpp"

namespace issuebridge::sync {

http::HostPolicy policy_for(const std::string& type, const std::optional<util::Rate>& rate, const std::string& ca_file,
                            std::optional<int> concurrency);

} // namespace issuebridge::sync
