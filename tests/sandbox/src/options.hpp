#pragma once
// issuebridge-sandbox's command line.

#include "limits.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace issuebridge::sandbox {

struct Options {
    std::string host = "127.0.0.1";
    int port = 0;
    std::string seed_path;
    std::int64_t latency_ms = 0;
    double fault_rate = 0.0;
    std::uint64_t fault_seed = 0;
    std::int64_t fault_stall_ms = 30000;
    std::map<std::string, LimitConfig, std::less<>> rate_limits; // by API name
    // The modules' own options (module.hpp), by "<module>.<option>".
    std::map<std::string, std::int64_t, std::less<>> settings;
    std::string tls_cert; // PEM certificate chain and key: serve HTTPS instead of HTTP
    std::string tls_key;
};

// The APIs this sandbox emulates (names for --rate-limit, bursts, request counts): the modules'.
bool is_known_api(std::string_view name);
// An API's budget when none is configured: its module's default.
LimitConfig default_limit(std::string_view api);

// Parses argv. Returns nullopt when the program should exit with `exit_code` (after --help: 0;
// after an error, which is printed: 2).
std::optional<Options> parse_options(int argc, char** argv, int& exit_code);

// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_host(const std::string& host);

} // namespace issuebridge::sandbox
