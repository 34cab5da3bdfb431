// libFuzzer harness: an LGTM analysis' alerts (GET /analyses/{id}/alerts, SARIF 2.1.0) through the streaming parser,
// and the analysis, project and cursor readers.

#include "sources/lgtm/lgtm.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace issuebridge;
    namespace lg = sources::lgtm;
    const std::string text(fuzz::text(data, size));
    std::size_t given = 0;
    const auto count = lg::parse_sarif(text, {"lgtm.example.com", "g/o/r", "1", "", "", ""}, [&](lg::ParsedItem item) {
        ++given;
        if (item.ok() && (!item->external_id.starts_with("lgtm:lgtm.example.com/1/") || item->fields.size() != 8)) {
            __builtin_trap(); // the parser promises an id of this project and every alert field
        }
    });
    if (count.ok() && *count != given) {
        __builtin_trap(); // the count is of the results given
    }
    (void)lg::parse_analysis(text);
    (void)lg::parse_project_id(text);
    lg::write_cursor(lg::read_cursor(text));
    return 0;
}
