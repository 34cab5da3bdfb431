#pragma once
// The secret values this run has read, and scrub(), which takes them out of any text before it is printed, logged,
// written as JSON or stored. Values come from the environment (config::read_secret adds each one) and from forms
// built from them (an adapter adds the base64 of the "user:token" it sends as Basic auth). This is what catches a
// token that a server or proxy echoes in an error body, which no name-based redaction (http/redact.hpp) can.
// Process-wide, like the environment the values come from, so that every place where text leaves the process can
// scrub it without each layer passing a registry down.

#include <cstddef>
#include <string>
#include <string_view>

namespace issuebridge::util {

// Values shorter than this are not scrubbed: a one- or two-character "token" would turn every message into
// asterisks, and a secret that short is no secret anyway. Real ones are far longer (GitHub tokens 40+
// characters, Atlassian API tokens 24+, Trello keys 32).
inline constexpr std::size_t k_min_secret_length = 8;

// Remembers `value` (and its percent-encoded form, when different) for scrub(). Thread-safe; never fails.
void add_secret(std::string_view value);

// `text` with every remembered secret value replaced by ********. Thread-safe; never fails.
std::string scrub(std::string_view text);

} // namespace issuebridge::util
