// libFuzzer harness: the answers a create or an update reads: the create answer (POST /rest/api/3/issue), the
// item's transitions (GET .../transitions) and its status (GET ...?fields=status).

#include "targets/jira/jira.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace issuebridge;
    static const model::Draft draft = [] {
        model::Draft d;
        d.external_id = "github:github.com/o/r#1";
        d.target = "jira";
        d.title = "t";
        d.url = "https://github.com/o/r/issues/1";
        d.state = model::ItemState::closed;
        return d;
    }();
    const std::string body(fuzz::text(data, size));
    {
        model::Draft open = draft;
        open.state = model::ItemState::open;
        http::FakeClient client;
        client.on_every("POST", fuzz::jira_url("/rest/api/3/issue"), http::FakeClient::response(201, body));
        targets::Change create;
        create.draft = &open;
        auto op = fuzz::jira()->write(create);
        fuzz::drive(*op, client);
    }
    {
        http::FakeClient client;
        client.on_every("GET", fuzz::jira_url("/rest/api/3/issue/10002/transitions"),
                        http::FakeClient::response(200, body));
        client.on_every("POST", fuzz::jira_url("/rest/api/3/issue/10002/transitions"), http::FakeClient::response(204));
        client.on_every("GET", fuzz::jira_url("/rest/api/3/issue/10002?fields=status"),
                        http::FakeClient::response(200, body));
        targets::Change move;
        move.draft = &draft;
        move.item = targets::TargetRef{"10002", "SUP-2", ""};
        move.fields = 0;
        move.move_state = true;
        auto op = fuzz::jira()->write(move);
        fuzz::drive(*op, client);
    }
    return 0;
}
