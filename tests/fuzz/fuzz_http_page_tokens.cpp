// libFuzzer harness: the next-page tokens read from response bodies: Jira's nextPageToken/isLast, Asana's
// next_page.offset and LGTM's nextPageUrl.

#include "issuebridge/http/pagination.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace issuebridge;
    const std::string_view body = fuzz::text(data, size);
    static_cast<void>(http::jira_next_page_token(body));
    static_cast<void>(http::asana_next_offset(body));
    static_cast<void>(http::lgtm_next_page_url(body));
    return 0;
}
