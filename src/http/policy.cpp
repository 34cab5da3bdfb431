#include "issuebridge/http/policy.hpp"

#include "issuebridge/util/strings.hpp"

#include <cctype>

namespace issuebridge::http {

std::string origin_of(std::string_view url) {
    const std::size_t sep = url.find("://");
    if (sep == std::string_view::npos || sep == 0) {
        return {};
    }
    const std::string scheme = util::to_lower(url.substr(0, sep));
    std::string_view authority = url.substr(sep + 3);
    authority = authority.substr(0, authority.find_first_of("/?#"));
    if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
        authority.remove_prefix(at + 1);
    }
    const std::size_t bracket = authority.rfind(']');
    const std::size_t colon = authority.rfind(':');
    const bool has_port = colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket);
    std::string origin = scheme + "://" + util::to_lower(has_port ? authority.substr(0, colon) : authority) + ":";
    if (has_port && colon + 1 < authority.size()) {
        origin += authority.substr(colon + 1);
    } else {
        origin += scheme == "https" ? "443" : "80";
    }
    return origin;
}

} // namespace issuebridge::http
