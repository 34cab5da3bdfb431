#pragma once
// The command line: CLI11 definitions of every command and flag, and dispatch to the command handlers.

#include "issuebridge/cli/options.hpp"
#include "issuebridge/util/error.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>

namespace issuebridge::cli {

// Everything one invocation parsed, and the handler of the command it chose.
struct Invocation {
    GlobalOptions global;
    SyncOptions sync;
    CheckMissingOptions check_missing;
    StatusOptions status;
    ConfigCheckOptions config_check;
    StateAdoptOptions state_adopt;
    std::function<int(const Invocation&)> handler; // set by the chosen command's callback
};

// The full command-line surface bound to `invocation`. The docs drift test walks the same tree.
std::unique_ptr<CLI::App> make_app(Invocation& invocation);

// Parses argv and runs the chosen command; returns the process exit code. Throws util::Error (and subclasses)
// for main to report.
int run(int argc, const char* const* argv);

// Prints "issuebridge: error: <message>" (and "issuebridge: hint: <hint>") on stderr.
void print_error(const std::string& message, const std::string& hint);

// Prints "issuebridge: <level>: <text>" on stderr (text as given: callers make server text safe with shown()).
// The level word "error" is coloured red and "warning" yellow when choose_colour() said so; the others stay plain.
void diagnose(std::string_view level, const std::string& text);
// Decides once, before anything is printed, whether diagnostics are coloured: only when stderr is a terminal whose
// TERM is not "dumb", NO_COLOR is unset or empty (no-color.org) and `no_color_flag` (--no-color) is not given.
void choose_colour(bool no_color_flag);

// The version of every --json document's shape (its "json_version" field; man issuebridge(1), JSON OUTPUT).
constexpr int k_json_version = 1;

// Whether the command line gives the global flag `flag` ("--json", "--no-color") before any "--", read without
// CLI11 so that it holds even when parsing fails.
bool given(int argc, const char* const* argv, std::string_view flag);

// What main does with an error that ends the run: every problem on stderr (a configuration error may carry
// several), and with `json` also {"json_version":1,"exit_code":N,"error":"…","hint":"…","errors":[{"error","hint"}…]}
// on stdout, so that --json always gives a document. Returns the exit code.
int report_fatal(const util::Error& error, bool json);

} // namespace issuebridge::cli
