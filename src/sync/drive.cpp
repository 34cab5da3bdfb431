#include "drive.hpp"

#include <utility>

namespace issuebridge::sync {

bool round(http::Client& client, const std::vector<http::Operation*>& operations) {
    std::vector<http::Request> requests;
    std::vector<std::pair<http::Operation*, std::size_t>> owners; // per request: its operation and index
    for (auto* op : operations) {
        if (op->done()) {
            continue;
        }
        auto next = op->next();
        for (std::size_t i = 0; i < next.size(); ++i) {
            requests.push_back(std::move(next[i]));
            owners.emplace_back(op, i);
        }
    }
    if (requests.empty()) {
        return false;
    }
    client.send_all(requests, [&](std::size_t i, http::Outcome outcome) {
        owners[i].first->on_outcome(owners[i].second, std::move(outcome));
    });
    return true;
}

bool drive(http::Client& client, const std::vector<http::Operation*>& operations, const std::atomic<bool>* cancel) {
    while (round(client, operations)) {
        if (cancel && cancel->load()) {
            return false;
        }
    }
    return true;
}

} // namespace issuebridge::sync
