#include "support/fake_client.hpp"
#include "test_policies.hpp"

#include <doctest/doctest.h>

using namespace issuebridge::http;
using issuebridge::util::Failure;

TEST_SUITE_BEGIN("http.fake_client");

TEST_CASE("scripted answers in order, then the repeating one; every call recorded") {
    FakeClient client;
    client.on("GET", "https://h/a", FakeClient::response(500));
    client.on("GET", "https://h/a", FakeClient::response(200, "first", {{"ETag", "\"v1\""}}));
    client.on_every("GET", "https://h/a", FakeClient::response(304));
    client.on("POST", "https://h/a", Failure{Failure::Kind::timeout, "slow"});

    Request get;
    get.url = "https://h/a";
    get.if_none_match = "\"v1\"";
    CHECK(client.send(get)->status == 500);
    const Outcome second = client.send(get);
    CHECK(second->body == "first");
    CHECK(second->header("etag") == "\"v1\"");
    CHECK(client.send(get)->not_modified());
    CHECK(client.send(get)->not_modified());

    Request post;
    post.method = "POST";
    post.url = "https://h/a";
    post.body = "{}";
    CHECK(client.send(post).failure().kind == Failure::Kind::timeout);
    const Outcome unscripted = client.send(post);
    CHECK(unscripted.failure().message == "fake client: no scripted response for POST 'https://h/a'");

    REQUIRE(client.calls().size() == 6);
    CHECK(client.calls()[0].if_none_match == "\"v1\"");
    CHECK(client.calls()[4].body == "{}");
}

TEST_CASE("send_all answers each request by index; policies are recorded") {
    FakeClient client;
    client.set_policy("https://api.trello.com", issuebridge::testing::trello_like_policy());
    client.on("GET", "https://h/1", FakeClient::response(200, "one"));
    client.on("GET", "https://h/2", FakeClient::response(404));
    std::vector<Request> requests(2);
    requests[0].url = "https://h/1";
    requests[1].url = "https://h/2";
    std::vector<long> statuses(2);
    client.send_all(requests, [&](std::size_t i, Outcome o) { statuses[i] = o->status; });
    CHECK(statuses == std::vector<long>{200, 404});
    REQUIRE(client.policies().size() == 1);
    CHECK(client.policies()[0].first == "https://api.trello.com");
    CHECK(client.policies()[0].second.rate == issuebridge::testing::trello_like_policy().rate);
}

TEST_SUITE_END();
