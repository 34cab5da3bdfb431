// libFuzzer harness: a Jira search answer (POST /rest/api/3/search/jql) through the marker lookup, both for given
// external ids and for every marked item of the project.

#include "targets/jira/jira.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace issuebridge;
    const std::string body(fuzz::text(data, size));
    for (const bool all : {false, true}) {
        http::FakeClient client;
        client.on_every("POST", fuzz::jira_url("/rest/api/3/search/jql"), http::FakeClient::response(200, body));
        auto find = all ? fuzz::jira()->find_all()
                        : fuzz::jira()->find({{"github:github.com/o/r#1"}, {"github:github.com/o/r#2"}});
        fuzz::drive(*find, client);
    }
    return 0;
}
