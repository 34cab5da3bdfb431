// libFuzzer harness: the body of a refused Jira request ({"errorMessages":[],"errors":{}}) into one line.

#include "targets/jira/jira.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string line = issuebridge::targets::jira::error_text(issuebridge::fuzz::text(data, size));
    if (line.empty() && size > 0) {
        __builtin_trap(); // something is always shown: Jira's words or the body itself
    }
    return 0;
}
