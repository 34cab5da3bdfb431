// The Trello target's pieces: its requests (key and token redacted wherever a URL is logged), the marker line,
// descriptions cut to Trello's limit, board listings that are malformed, and real answers recorded from
// api.trello.com (fixtures/trello).

#include "cli/schemas.hpp"
#include "http/redact.hpp"
#include "issuebridge/config/config.hpp"
#include "issuebridge/http/message.hpp"
#include "issuebridge/render/body.hpp"
#include "issuebridge/targets/registry.hpp"
#include "issuebridge/util/error.hpp"
#include "issuebridge/util/secrets.hpp"
#include "support/tempdir.hpp"
#include "targets/trello/trello.hpp"

#include <doctest/doctest.h>

using namespace issuebridge;
namespace trello = targets::trello;

namespace {

trello::Context context() {
    trello::Context c;
    c.name = "board";
    c.base_url = "https://api.trello.com";
    c.key = "k3y0123456789abcdef";
    c.token = "t0ken-ATTA0123456789";
    c.board = "5e93ba98614ac22d22f085c4";
    c.list = c.open_list = "5e93bac014d40e501ee46b8d";
    c.done_list = "5e93bac014d40e501ee46b8e";
    return c;
}

model::Draft draft(std::string body) {
    model::Draft d;
    d.external_id = "github:github.com/acme/widgets#12";
    d.title = "Crash on start";
    d.body = std::move(body);
    d.url = "https://github.com/acme/widgets/issues/12";
    d.link_label = "View on GitHub";
    return d;
}

std::string fixture(const std::string& name) {
    return testing::read_file(std::string(ISSUEBRIDGE_SOURCE_DIR) + "/tests/unit/fixtures/trello/" + name);
}

} // namespace

TEST_SUITE_BEGIN("targets.trello");

TEST_CASE("a recorded board listing reads whole: ids, names, lists, label names and members") {
    const auto c = context();
    std::vector<trello::Card> cards;
    REQUIRE_FALSE(trello::read_cards(c, fixture("board-cards.json"), cards));
    REQUIRE(cards.size() == 3);
    CHECK(cards[0].id == "5ec0e621fe539f18d8d81980");
    CHECK(cards[0].name == "Test Trello::Card.create 3");
    CHECK(cards[2].id_list == "5e93bac014d40e501ee46b8d");
    CHECK_FALSE(cards[2].closed);
    CHECK(cards[2].label_names == std::vector<std::string>{"", ""}); // labels with a colour and no name
    CHECK(cards[2].id_members == std::vector<std::string>{"5e679b808e6e8828784b30e1"});
    CHECK(cards[2].url == "https://trello.com/c/iK30ThVk/3-test-trellocardcreate");
    for (const auto& card : cards) {
        CHECK(trello::external_id_of(c, card).empty()); // made by hand: none is ours
    }
}

TEST_CASE("a recorded create answer gives the card's id and URL") {
    auto c = std::make_shared<trello::Context>(context());
    c->labels_known = true; // no label to make: the create is the first request
    const model::Draft d = draft("Steps to reproduce");
    auto op = trello::make_write(c, targets::Change{&d, std::nullopt, model::k_all_fields, false, {}});
    const auto requests = op->next();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].method == "POST");
    http::Response answer;
    answer.status = 200;
    answer.body = fixture("card-created.json");
    op->on_outcome(0, http::Outcome(std::move(answer)));
    REQUIRE(op->done());
    const auto& r = op->result();
    CHECK_FALSE(r.failure);
    REQUIRE(r.ref);
    CHECK(r.ref->id == "5e93c827fb102a6f40c5fa2b");
    CHECK(r.ref->url == "https://trello.com/c/iK30ThVk/3-test-trellocardcreate");
    CHECK(r.fields_applied);
    CHECK(r.state_applied);
}

TEST_CASE("key and token go as query parameters and are masked in every logged URL, header and error text") {
    const auto c = context();
    const http::Request r = trello::request(c, "GET", "/1/boards/" + c.board + "/cards/all?limit=1000");
    CHECK(r.url == "https://api.trello.com/1/boards/5e93ba98614ac22d22f085c4/cards/all?limit=1000&key=" + c.key +
                       "&token=" + c.token);
    const std::string logged = http::redact_url(r.url);
    CHECK(logged.find(c.key) == std::string::npos);
    CHECK(logged.find(c.token) == std::string::npos);
    CHECK(logged.find("key=********&token=********") != std::string::npos);
    // A server or proxy echoing the URL in an error body, or a Location header carrying it.
    CHECK(http::redact_text("invalid request " + r.url).find(c.token) == std::string::npos);
    CHECK(http::redact_header("Location", r.url).find(c.key) == std::string::npos);
    // The values themselves, once read from the environment, are scrubbed from any text.
    util::add_secret(c.token);
    CHECK(util::scrub("token " + c.token + " refused").find(c.token) == std::string::npos);
}

TEST_CASE("a failed answer's message quotes Trello's plain-text error without the key or token") {
    const auto c = context();
    util::add_secret(c.key);
    http::Response res;
    res.status = 400;
    res.body = "invalid value for idList (key=" + c.key + ")";
    const auto f = trello::failure_of(http::Outcome(res), "create a card");
    REQUIRE(f);
    CHECK(f->message.find("invalid value for idList") != std::string::npos);
    CHECK(f->message.find(c.key) == std::string::npos);
}

TEST_CASE("the description ends with the link back and the marker line, which reads back") {
    const auto c = context();
    const std::string desc = trello::desc_of(c, draft("Steps: run it."));
    CHECK(desc == "Steps: run it.\n\n[View on GitHub](https://github.com/acme/widgets/issues/12)\n\n"
                  "issuebridge-id: github:github.com/acme/widgets#12");
    CHECK(trello::marker_in(desc) == "github:github.com/acme/widgets#12");
    CHECK(trello::marker_in("no marker here") == "");
    // A body quoting a marker mid-line is not taken for one.
    CHECK(trello::marker_in("see issuebridge-id: github:x#1") == "");
}

TEST_CASE("a body over Trello's 16,384 characters is cut with a note, and the marker line stays whole") {
    const auto c = context();
    const std::string desc = trello::desc_of(c, draft(std::string(40000, 'a')));
    CHECK(render::text_length(desc) <= trello::k_trello_desc_limit);
    CHECK(desc.find(std::string(render::k_truncation_notice)) != std::string::npos);
    CHECK(trello::marker_in(desc) == "github:github.com/acme/widgets#12");
}

TEST_CASE("with marker_field the description carries no marker line") {
    auto c = context();
    c.marker_field = "5e68e8e87c16bf75894df21a";
    CHECK(trello::desc_of(c, draft("x")).find("issuebridge-id") == std::string::npos);
}

TEST_CASE("a card's state: archived or in done_list is closed; any other list is open") {
    auto c = context();
    CHECK(trello::state_of(c, false, c.list) == model::ItemState::open);
    CHECK(trello::state_of(c, false, "5e93bac014d40e501ee46b99") == model::ItemState::open); // moved by hand
    CHECK(trello::state_of(c, false, c.done_list) == model::ItemState::closed);
    CHECK(trello::state_of(c, true, c.list) == model::ItemState::closed);
    CHECK(trello::list_for(c, model::ItemState::closed) == c.done_list);
    c.archive = true;
    CHECK(trello::list_for(c, model::ItemState::closed) == "");
    CHECK(trello::list_for(c, model::ItemState::open) == c.open_list);
}

TEST_CASE("a malformed board listing fails naming the field, and takes no card") {
    const auto c = context();
    std::vector<trello::Card> cards;
    const char* const good = R"({"id":"61000000000000000000000a","name":"n","desc":"d\n\nissuebridge-id: x#1",)"
                             R"("closed":false,"idList":"l","labels":[{"name":"bug"}],"idMembers":[],)"
                             R"("attachments":[{"url":"https://github.com/acme/widgets/issues/12"}]})";
    REQUIRE_FALSE(trello::read_cards(c, std::string("[") + good + "]", cards));
    REQUIRE(cards.size() == 1);
    CHECK(cards[0].label_names == std::vector<std::string>{"bug"});
    CHECK(trello::external_id_of(c, cards[0]) == "x#1");
    const std::pair<const char*, const char*> bad[] = {
        {R"([{"name":"n"}])", "'[].id'"},
        {R"([{"id":"a","name":"n","desc":5,"closed":false,"idList":"l","labels":[],"idMembers":[]}])", "'[].desc'"},
        {R"([{"id":"a","name":"n","desc":"","closed":"no","idList":"l","labels":[],"idMembers":[]}])", "'[].closed'"},
        {R"([{"id":"a","name":"n","desc":"","closed":false,"idList":"l","labels":[{}],"idMembers":[]}])",
         "'[].labels[].name'"},
        {R"({"cards":[]})", "must be an array"},
        {R"([{"id":"a","name":"n","desc":"",)", "not valid JSON"},
    };
    for (const auto& [body, field] : bad) {
        CAPTURE(body);
        std::vector<trello::Card> none;
        const auto f = trello::read_cards(c, body, none);
        REQUIRE(f);
        CHECK(f->kind == util::Failure::Kind::parse);
        CHECK(f->message.find(field) != std::string::npos);
        CHECK(none.empty());
    }
}

TEST_CASE("a card whose marker line was deleted is known by its attached source URL") {
    auto c = context();
    trello::Card card;
    card.id = "61000000000000000000000a";
    card.desc = "someone rewrote this";
    card.attachment_urls = {"https://github.com/acme/widgets/issues/12"};
    CHECK(trello::external_id_of(c, card) == "");
    c.url_of["github:github.com/acme/widgets#12"] = "https://github.com/acme/widgets/issues/12";
    CHECK(trello::external_id_of(c, card) == "github:github.com/acme/widgets#12");
}

TEST_CASE("the row: close must be move or archive, and move needs done_list") {
    const auto parse = [](const std::string& extra) {
        return config::parse("[sources.gh]\ntype = \"github\"\n[targets.t]\ntype = \"trello\"\nkey_env = \"K\"\n"
                             "token_env = \"T\"\nboard = \"b\"\nlist = \"l\"\n" +
                                 extra +
                                 "[[routes]]\nname = \"main\"\nsource = \"gh\"\ntarget = \"t\"\nrepos = [\"a/b\"]\n",
                             "c.toml", cli::schemas());
    };
    CHECK_NOTHROW(parse("done_list = \"d\"\n"));
    CHECK_NOTHROW(parse("close = \"archive\"\n"));
    CHECK_THROWS_WITH_AS(parse(""), doctest::Contains("done_list"), util::ConfigError);
    CHECK_THROWS_WITH_AS(parse("done_list = \"d\"\nclose = \"delete\"\n"), doctest::Contains("'move' or 'archive'"),
                         util::ConfigError);
    const targets::Row* row = targets::find_row("trello");
    REQUIRE(row);
    CHECK(row->policy.rate == http::RateLimit{100, std::chrono::seconds{10}});
    CHECK(row->policy.rate_limit_floor >= std::chrono::seconds{10});
}

TEST_SUITE_END();
