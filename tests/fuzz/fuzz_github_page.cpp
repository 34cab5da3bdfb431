// libFuzzer harness: a GitHub issues page (GET /repos/{owner}/{repo}/issues) through the page parser.

#include "sources/github/github.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace issuebridge;
    const auto page = sources::github::parse_issues_page(fuzz::text(data, size), {"github.com", "o/r"});
    if (page.ok()) {
        for (const auto& item : *page) {
            if (item.ok() && item->number <= 0) {
                __builtin_trap(); // the parser promises a positive number
            }
        }
    }
    return 0;
}
