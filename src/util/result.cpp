#include "issuebridge/util/result.hpp"

namespace issuebridge::util {

const char* to_string(Failure::Kind kind) noexcept {
    switch (kind) {
    case Failure::Kind::transport:
        return "transport";
    case Failure::Kind::timeout:
        return "timeout";
    case Failure::Kind::http:
        return "http";
    case Failure::Kind::parse:
        return "parse";
    case Failure::Kind::rate_limit:
        return "rate_limit";
    case Failure::Kind::auth:
        return "auth";
    case Failure::Kind::interrupted:
        return "interrupted";
    case Failure::Kind::config:
        return "config";
    case Failure::Kind::other:
        return "other";
    }
    return "other";
}

} // namespace issuebridge::util
