// libFuzzer harness: the answers `config check --online` reads from Jira: GET /rest/api/3/myself and
// GET /rest/api/3/project/{key}.

#include "targets/jira/jira.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace issuebridge;
    const std::string body(fuzz::text(data, size));
    http::FakeClient client;
    client.on_every("GET", fuzz::jira_url("/rest/api/3/myself"), http::FakeClient::response(200, body));
    client.on_every("GET", fuzz::jira_url("/rest/api/3/project/SUP"), http::FakeClient::response(200, body));
    auto op = fuzz::jira()->probe();
    fuzz::drive(*op, client);
    return 0;
}
