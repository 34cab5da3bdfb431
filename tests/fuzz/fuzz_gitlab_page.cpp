// libFuzzer harness: a GitLab issues or merge requests page (GET /projects/:id/issues|merge_requests) through the
// page parser, GFM rewriting included (descriptions go through it); the same bytes as a page of a group's projects
// (GET /groups/:id/projects).

#include "sources/gitlab/gitlab.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace issuebridge;
    const std::string_view text = fuzz::text(data, size);
    const bool mr = size > 0 && (data[0] & 1) != 0;
    const sources::gitlab::PageContext context{"gitlab.com", "g/p", mr ? "merge_request" : "issue",
                                               "https://gitlab.com"};
    const auto page = sources::gitlab::parse_page(text, context, size > 0 && (data[0] & 2) != 0);
    if (page.ok()) {
        for (const auto& item : page->items) {
            if (item.ok() && (item->number <= 0 || item->updated_at.empty())) {
                __builtin_trap(); // the parser promises a positive iid and a readable update time
            }
        }
    }
    (void)sources::gitlab::absolute_references(text, "https://gitlab.com", "g/p");
    (void)sources::gitlab::parse_projects_page(text);
    return 0;
}
