// libFuzzer harness: a GitHub issues page (GET /repos/{owner}/{repo}/issues) through the page parser, and the same
// bytes as a page of an owner's repositories (GET /orgs/{org}/repos).

#include "sources/github/github.hpp"

#include "fuzz_support.hpp"

#include <algorithm>

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
    const auto repos = sources::github::parse_repos_page(fuzz::text(data, size), size % 2 == 0, size % 3 == 0);
    if (repos.ok() && std::any_of(repos->begin(), repos->end(), [](const auto& r) { return r.empty(); })) {
        __builtin_trap(); // a listed repository has a name
    }
    return 0;
}
