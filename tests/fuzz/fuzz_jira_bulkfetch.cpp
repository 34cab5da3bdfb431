// libFuzzer harness: a Jira bulkfetch answer (POST /rest/api/3/issue/bulkfetch) through the read-back that compares
// each item with its draft (ADF documents compared node by node).

#include "targets/jira/jira.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace issuebridge;
    static const model::Draft draft = [] {
        model::Draft d;
        d.external_id = "github:github.com/o/r#1";
        d.target = "jira";
        d.title = "Crash on start";
        d.body = "It *crashes*:\n\n- [ ] one\n- [x] two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        d.labels = {"bug"};
        d.url = "https://github.com/o/r/issues/1";
        return d;
    }();
    http::FakeClient client;
    client.on_every("POST", fuzz::jira_url("/rest/api/3/issue/bulkfetch"),
                    http::FakeClient::response(200, std::string(fuzz::text(data, size))));
    auto op = fuzz::jira()->inspect({{"10001", &draft}, {"10002", &draft}});
    fuzz::drive(*op, client);
    // The same bytes as a stored ADF description, compared with one we render.
    static const std::string ours = targets::jira::description_of(targets::jira::k_cloud, draft);
    static_cast<void>(targets::jira::same_document(fuzz::text(data, size), ours));
    return 0;
}
