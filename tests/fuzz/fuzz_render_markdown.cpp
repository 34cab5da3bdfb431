// libFuzzer harness: a source item's markdown body into every target format: ADF (Jira Cloud), wiki markup (Jira
// Data Center), html_notes (Asana) and Trello markdown. The first two bytes pick the length limit, so cutting a
// body to fit is fuzzed too.

#include "targets/asana/html_notes.hpp"
#include "targets/jira/formats.hpp"
#include "targets/trello/card_markdown.hpp"

#include "issuebridge/render/body.hpp"

#include "fuzz_support.hpp"

#include <simdjson.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace issuebridge;
    if (size < 2) {
        return 0;
    }
    const std::size_t limit = 1024 + ((std::size_t{data[0]} << 8U) | std::size_t{data[1]}) % 32000;
    const std::string_view markdown = fuzz::text(data + 2, size - 2);
    const render::BackLink link{"https://github.com/o/r/issues/1", "View on GitHub"};
    const std::string adf = targets::jira::to_adf(markdown, link, limit);
    simdjson::dom::parser parser;
    if (parser.parse(adf).error()) {
        __builtin_trap(); // the ADF we send must be JSON whatever the source says
    }
    static_cast<void>(targets::jira::to_jira_wiki(markdown, link, limit));
    static_cast<void>(targets::asana::to_asana_html(markdown, link, limit));
    static_cast<void>(targets::trello::to_trello_markdown(markdown, link, limit));
    static_cast<void>(render::text_length(markdown));
    return 0;
}
