#include "listings.hpp"

#include "adapters.hpp"

#include "drive.hpp"

#include <vector>

namespace issuebridge::sync {

void drive_listings(http::Client& client, std::size_t count,
                    const std::function<sources::Listing*(std::size_t)>& listing,
                    const std::function<void(std::size_t)>& pages, const std::atomic<bool>* cancel) {
    while (!(cancel && cancel->load())) {
        std::vector<http::Operation*> ops;
        std::vector<std::size_t> driven;
        for (std::size_t i = 0; i < count; ++i) {
            if (auto* l = listing(i)) {
                ops.push_back(l);
                driven.push_back(i);
            }
        }
        if (!round(client, ops)) {
            break;
        }
        for (const std::size_t i : driven) {
            pages(i);
        }
    }
}

bool listing_complete(const sources::Listing& listing, const config::Config& config, const config::Route& route,
                      std::string& error, bool* setting) {
    if (const auto& failure = listing.failure()) {
        // Stopped by SIGINT/SIGTERM: not the listing's fault, nothing to report; the next run lists again.
        if (failure->kind != util::Failure::Kind::interrupted) {
            listing_failed(*failure, config, route, error, setting);
        }
        return false;
    }
    return true;
}

} // namespace issuebridge::sync
