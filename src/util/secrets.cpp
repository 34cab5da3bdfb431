#include "issuebridge/util/secrets.hpp"

#include "issuebridge/util/strings.hpp"

#include <algorithm>
#include <mutex>
#include <vector>

namespace issuebridge::util {

namespace {

struct Registry {
    std::mutex mutex;
    std::vector<std::string> values; // longest first, so a secret inside another is not matched first
};

Registry& registry() {
    static Registry r;
    return r;
}

void remember(Registry& r, std::string value) {
    if (value.size() < k_min_secret_length || std::find(r.values.begin(), r.values.end(), value) != r.values.end()) {
        return;
    }
    r.values.push_back(std::move(value));
    std::stable_sort(r.values.begin(), r.values.end(),
                     [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

} // namespace

void add_secret(std::string_view value) {
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    remember(r, std::string(value));
    remember(r, url_encode(value));
}

std::string scrub(std::string_view text) {
    if (text.empty()) {
        return {}; // the common case on the hot path: a link row with no error
    }
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    std::string out(text);
    for (const auto& secret : r.values) {
        for (std::size_t at = out.find(secret); at != std::string::npos; at = out.find(secret, at)) {
            out.replace(at, secret.size(), "********");
            at += 8;
        }
    }
    return out;
}

} // namespace issuebridge::util
