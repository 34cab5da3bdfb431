#pragma once
// The exceptions that mean "this run cannot go on". They are caught once, in main, and turned into a
// message on stderr and an exit code. A remote call's expected outcomes are values (util/result.hpp), never these.

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace issuebridge::util {

// Process exit codes; documented in README.md and man/issuebridge.1, asserted by the e2e tests.
enum class ExitCode : int {
    ok = 0,
    items_failed = 1, // some items failed; they are retried by the next run
    usage = 2,        // usage or configuration error
    locked = 3,       // another run holds the state lock
    auth = 4,         // a tracker refused our credentials
    interrupted = 130,
};

class Error : public std::runtime_error {
public:
    // `message` is lowercase, quotes values with '', and has no trailing period; `hint` may be empty.
    explicit Error(std::string message, std::string hint = {}, ExitCode code = ExitCode::items_failed)
        : std::runtime_error(std::move(message)), m_hint(std::move(hint)), m_code(code) {}
    const std::string& hint() const noexcept { return m_hint; }
    ExitCode exit_code() const noexcept { return m_code; }

private:
    std::string m_hint;
    ExitCode m_code;
};

// A bad command line.
class UsageError : public Error {
public:
    explicit UsageError(std::string message, std::string hint = {})
        : Error(std::move(message), std::move(hint), ExitCode::usage) {}
};

// A bad configuration file or environment; the message starts with "file:line:column: " when it can.
class ConfigError : public Error {
public:
    explicit ConfigError(std::string message, std::string hint = {})
        : Error(std::move(message), std::move(hint), ExitCode::usage) {}
    // Several problems found in one pass, as a compiler reports them: what() is their messages, one a line;
    // problems() each with its own hint. `errors` must not be empty.
    explicit ConfigError(const std::vector<ConfigError>& errors);
    struct Problem {
        std::string message;
        std::string hint;
    };
    // Every problem this error stands for (one, unless built from several).
    const std::vector<Problem>& problems() const noexcept { return m_problems; }

private:
    std::vector<Problem> m_problems{{what(), hint()}};
};

// A tracker refused our credentials; the message names the tracker and the environment variable to check.
class AuthError : public Error {
public:
    explicit AuthError(std::string message, std::string hint = {})
        : Error(std::move(message), std::move(hint), ExitCode::auth) {}
};

// Another run holds the state lock.
class LockError : public Error {
public:
    explicit LockError(std::string message, std::string hint = {})
        : Error(std::move(message), std::move(hint), ExitCode::locked) {}
};

} // namespace issuebridge::util
