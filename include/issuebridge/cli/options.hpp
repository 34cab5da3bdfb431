#pragma once
// What the command line asked for, as plain values. Filled by the CLI11 definitions in cli/app.cpp and read by
// the one-file-per-command handlers.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace issuebridge::cli {

struct GlobalOptions {
    std::optional<std::filesystem::path> config; // --config
    std::optional<std::filesystem::path> state;  // --state
    int verbosity = 0;                           // -v, -vv
    bool quiet = false;                          // -q
    std::optional<std::filesystem::path> log_file;
    bool json = false;
};

struct SyncOptions {
    std::vector<std::string> repos;
    std::vector<std::string> routes;
    bool dry_run = false;
    bool full = false;
    std::optional<int> max_writes;
};

struct CheckMissingOptions {
    int days = 0;
    std::vector<std::string> repos;
    std::vector<std::string> routes;
    bool report_only = false;
};

struct StatusOptions {
    bool check = false; // --check: exit 1 when the last run failed or an item has failed for over a day
};

struct ConfigCheckOptions {
    bool online = false;
};

struct StateAdoptOptions {
    std::vector<std::string> routes;
};

} // namespace issuebridge::cli
