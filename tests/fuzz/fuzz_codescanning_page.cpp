// libFuzzer harness: a code scanning alerts page (GET /repos/{owner}/{repo}/code-scanning/alerts) through the page
// parser, and the cursor reader.

#include "sources/codescanning/codescanning.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace issuebridge;
    namespace cs = sources::codescanning;
    const auto page = cs::parse_alerts_page(fuzz::text(data, size), {"github.com", "o/r"});
    if (page.ok()) {
        for (const auto& item : *page) {
            if (item.ok() && (item->number <= 0 || item->state.empty() || item->fields.size() != 8)) {
                __builtin_trap(); // the parser promises a positive number, a state word and every alert field
            }
        }
    }
    cs::write_cursor(cs::read_cursor(fuzz::text(data, size)));
    return 0;
}
