#include "options.hpp"

#include "module.hpp"

#include <CLI/CLI.hpp>

#include <arpa/inet.h>
#include <array>
#include <charconv>
#include <iostream>

namespace issuebridge::sandbox {

namespace {

std::string description() {
    std::string names;
    std::string endpoints;
    std::string credentials;
    for (const Module* m : modules()) {
        names += names.empty() ? "" : " and ";
        names += m->title;
        endpoints += m->endpoints;
        credentials += m->credentials;
    }
    return "issuebridge-sandbox: a local emulator of the " + names +
           " APIs\nfor issuebridge's end-to-end tests, demo and benchmarks. It prints the port it "
           "listens on\n"
           "alone on the first line of stdout, serves until SIGTERM or SIGINT, then exits 0.\n\n" +
           endpoints +
           "  admin     http://127.0.0.1:PORT/_sandbox/   state, clock, faults, limits, request "
           "counts\n\n" +
           "Credentials: " + credentials +
           "See tests/sandbox/README.md for the admin API and the seed file format.";
}

std::optional<LimitConfig> parse_limit(const std::string& spec, std::string& api,
                                       std::string& error) {
    const auto eq = spec.find('=');
    const auto slash = spec.find('/', eq == std::string::npos ? 0 : eq);
    if (eq == std::string::npos || slash == std::string::npos) {
        error = "--rate-limit '" + spec + "': expected API=N/SECONDS, e.g. github=100/60";
        return std::nullopt;
    }
    api = spec.substr(0, eq);
    if (!is_known_api(api)) {
        std::string names;
        for (const Module* m : modules()) {
            names += (names.empty() ? "" : ", ") + std::string(m->name);
        }
        error = "--rate-limit '" + spec + "': unknown API '" + api + "' (" + names + ")";
        return std::nullopt;
    }
    LimitConfig config;
    const char* n_begin = spec.data() + eq + 1;
    const char* n_end = spec.data() + slash;
    const char* s_end = spec.data() + spec.size();
    const auto n = std::from_chars(n_begin, n_end, config.limit);
    const auto s = std::from_chars(n_end + 1, s_end, config.window_s);
    if (n.ptr != n_end || s.ptr != s_end || config.limit < 1 || config.window_s < 1) {
        error = "--rate-limit '" + spec + "': N and SECONDS must be positive integers";
        return std::nullopt;
    }
    return config;
}

std::string validate(Options& o, const std::vector<std::string>& limits) {
    if (!is_loopback_host(o.host)) {
        return "refusing to listen on '" + o.host +
               "': the sandbox only listens on loopback (127.0.0.1 or ::1)";
    }
    if (o.host == "localhost") {
        o.host = "127.0.0.1";
    }
    if (o.fault_rate < 0.0 || o.fault_rate > 1.0) {
        return "--fault-rate must be within [0, 1]";
    }
    if (o.port < 0 || o.port > 65535 || o.latency_ms < 0 || o.fault_stall_ms < 0) {
        return "--port, --latency-ms and --fault-stall-ms must not be negative";
    }
    for (const Module* m : modules()) {
        if (std::string error = m->check_options != nullptr ? m->check_options(o) : "";
            !error.empty()) {
            return error;
        }
    }
    for (const auto& spec : limits) {
        std::string api;
        std::string error;
        const auto config = parse_limit(spec, api, error);
        if (!config) {
            return error;
        }
        o.rate_limits[api] = *config;
    }
    return "";
}

} // namespace

bool is_known_api(std::string_view name) { return find_module(name) != nullptr; }

LimitConfig default_limit(std::string_view api) {
    const Module* m = find_module(api);
    return m != nullptr ? m->default_limit : LimitConfig{};
}

bool is_loopback_host(const std::string& host) {
    if (host == "localhost") {
        return true;
    }
    in_addr v4{};
    if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
        return (ntohl(v4.s_addr) >> 24) == 127;
    }
    in6_addr v6{};
    return inet_pton(AF_INET6, host.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

std::optional<Options> parse_options(int argc, char** argv, int& exit_code) {
    Options o;
    std::vector<std::string> limits;
    CLI::App app{description(), "issuebridge-sandbox"};
    app.add_option("--host", o.host, "Address to listen on; loopback only")->capture_default_str();
    app.add_option("--port", o.port, "Port to listen on; 0 picks a free one (printed on stdout)")
        ->capture_default_str();
    app.add_option("--seed", o.seed_path,
                   "JSON file with the initial state (see README.md, \"Seed file\")");
    app.add_option("--latency-ms", o.latency_ms,
                   "Delay added to every API request (not to /_sandbox/)")
        ->capture_default_str();
    app.add_option("--fault-rate", o.fault_rate,
                   "Fraction in [0,1] of API requests answered with a fault: 500, 502, a reset "
                   "connection, a "
                   "stall, or a truncated body")
        ->capture_default_str();
    app.add_option("--fault-seed", o.fault_seed,
                   "Seed of the fault decisions (same seed, same outcomes)")
        ->capture_default_str();
    app.add_option("--fault-stall-ms", o.fault_stall_ms,
                   "How long a stalled request hangs before it is dropped")
        ->capture_default_str();
    app.add_option("--rate-limit", limits,
                   "API=N/SECONDS, e.g. github=100/60 or jira=10/1: at most N requests per window; "
                   "repeatable. "
                   "GitHub defaults to 5000/3600; Jira to unlimited");
    for (const Module* m : modules()) {
        if (m->add_options != nullptr) {
            m->add_options(app, o);
        }
    }
    auto* cert =
        app.add_option("--tls-cert", o.tls_cert, "Serve HTTPS with this PEM certificate (chain)")
            ->check(CLI::ExistingFile);
    auto* key = app.add_option("--tls-key", o.tls_key, "The PEM private key of --tls-cert")
                    ->check(CLI::ExistingFile);
    cert->needs(key);
    key->needs(cert);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        exit_code = app.exit(e) == 0 ? 0 : 2;
        return std::nullopt;
    }
    if (const std::string error = validate(o, limits); !error.empty()) {
        std::cerr << "issuebridge-sandbox: error: " << error << "\n";
        exit_code = 2;
        return std::nullopt;
    }
    return o;
}

} // namespace issuebridge::sandbox
