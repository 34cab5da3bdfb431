#include "issuebridge/util/error.hpp"

namespace issuebridge::util {

namespace {

std::string joined_messages(const std::vector<ConfigError>& errors) {
    std::string out;
    for (const auto& e : errors) {
        for (const auto& p : e.problems()) {
            out += (out.empty() ? "" : "\n") + p.message;
        }
    }
    return out;
}

std::vector<ConfigError::Problem> all_problems(const std::vector<ConfigError>& errors) {
    std::vector<ConfigError::Problem> out;
    for (const auto& e : errors) {
        out.insert(out.end(), e.problems().begin(), e.problems().end());
    }
    return out;
}

} // namespace

ConfigError::ConfigError(const std::vector<ConfigError>& errors)
    : Error(joined_messages(errors), errors.size() == 1 ? errors.front().hint() : std::string(), ExitCode::usage),
      m_problems(all_problems(errors)) {}

} // namespace issuebridge::util
