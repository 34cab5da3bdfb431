// Trello's particulars end to end (the pair scenarios in test_scenarios.cpp and test_sync_faults.cpp run for
// GitHub -> Trello too): the seed's card names, a card moved by hand, a deleted marker line (with the state or
// without it), `state adopt`, the marker in a custom field, members the board does not know, labels created once,
// and a storm of 429s without Retry-After.

#include "pairs.hpp"

#include <simdjson.h>

#include <filesystem>
#include <map>
#include <set>

using namespace issuebridge::testing;

namespace {

const std::string k_repo = "acme/board";
constexpr std::string_view k_doing = "600000000000000000000102";
constexpr std::string_view k_done = "600000000000000000000103";

Pair trello_pair() { return {github_source(), trello_target()}; }

// The admin view of every card, as JSON text, parsed by `parser`.
simdjson::dom::array cards(Sandbox& sandbox, simdjson::dom::parser& parser, std::string& json) {
    json = sandbox.admin("GET", "/_sandbox/trello/cards");
    return parser.parse(json).get_array().value();
}

// The first open source item.
PairItem first_open(Sandbox& sandbox) {
    for (const auto& s : github_source().items(sandbox, k_repo)) {
        if (s.state == "open") {
            return s;
        }
    }
    FAIL("no open item");
    return {};
}

// The card of `external_id`: its id, list, desc and name.
struct CardView {
    std::string id;
    std::string list;
    std::string desc;
    std::string name;
    bool closed = false;
};

CardView card_of(Sandbox& sandbox, const std::string& external_id) {
    simdjson::dom::parser parser;
    std::string json;
    for (auto c : cards(sandbox, parser, json)) {
        const std::string desc(c["desc"].get_string().value());
        const auto attachments = c["attachments"].get_array().value();
        bool ours = desc.ends_with("issuebridge-id: " + external_id);
        for (auto a : attachments) {
            ours = ours || std::string_view(a["url"].get_string().value())
                               .ends_with("/issues/" + external_id.substr(external_id.rfind('#') + 1));
        }
        if (ours) {
            return {std::string(c["id"].get_string().value()), std::string(c["idList"].get_string().value()), desc,
                    std::string(c["name"].get_string().value()), c["closed"].get_bool().value()};
        }
    }
    FAIL("no card for " << external_id);
    return {};
}

void remove_state(const PairSync& setup) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(setup.state_path() + suffix);
    }
}

// The first assignee of every source item by its number ("" for none), as the source API lists them.
std::map<std::string, std::string> assignees(Sandbox& sandbox) {
    httplib::Client c("127.0.0.1", sandbox.port());
    auto r = c.Get("/repos/" + k_repo + "/issues?state=all&per_page=100",
                   httplib::Headers{{"Authorization", "Bearer sandbox-github-token"}});
    REQUIRE(r);
    simdjson::dom::parser parser;
    std::map<std::string, std::string> out;
    const simdjson::dom::array items = parser.parse(r->body).get_array().value();
    for (auto i : items) {
        const auto logins = i["assignees"].get_array().value();
        out[std::to_string(i["number"].get_int64().value())] =
            logins.size() == 0 ? "" : std::string(logins.at(0)["login"].get_string().value());
    }
    return out;
}

} // namespace

TEST_SUITE_BEGIN("e2e.trello");

TEST_CASE("cards are named as the seed names them, '[ ISSUE <number> ] <title>', and carry the source URL") {
    Sandbox sandbox;
    github_source().seed(sandbox, k_repo, 5, 3);
    PairSync setup(sandbox, trello_pair(), k_repo, trello_target().fast());
    REQUIRE(setup.sync().exit_code == 0);
    const PairItem item = first_open(sandbox);
    const CardView card = card_of(sandbox, item.external_id);
    CHECK(card.name == "[ ISSUE " + item.local_id + " ] " + item.title);
    CHECK(card.desc.find("issuebridge-id: " + item.external_id) != std::string::npos);
}

TEST_CASE("a card moved to another list by hand stays there until its state changes at the source") {
    Sandbox sandbox;
    github_source().seed(sandbox, k_repo, 6, 3);
    PairSync setup(sandbox, trello_pair(), k_repo, trello_target().fast());
    REQUIRE(setup.sync().exit_code == 0);
    const PairItem item = first_open(sandbox);
    const CardView before = card_of(sandbox, item.external_id);
    sandbox.admin("PUT", "/_sandbox/trello/cards/" + before.id, R"({"idList":"600000000000000000000102"})");
    github_source().change(sandbox, k_repo, item, SourceChange::retitle("Retitled at the source"));
    REQUIRE(setup.sync().exit_code == 0);
    CardView after = card_of(sandbox, item.external_id);
    CHECK(after.name.ends_with("Retitled at the source"));
    CHECK(after.list == k_doing); // not moved back to To Do
    github_source().change(sandbox, k_repo, item, SourceChange::restate("closed"));
    REQUIRE(setup.sync().exit_code == 0);
    after = card_of(sandbox, item.external_id);
    CHECK(after.list == k_done);
}

TEST_CASE("a deleted marker line: the card is still ours by its attachment and check-missing writes the line back") {
    Sandbox sandbox;
    github_source().seed(sandbox, k_repo, 6, 3);
    PairSync setup(sandbox, trello_pair(), k_repo, trello_target().fast());
    REQUIRE(setup.sync().exit_code == 0);
    const PairItem item = first_open(sandbox);
    const CardView card = card_of(sandbox, item.external_id);
    sandbox.admin("PUT", "/_sandbox/trello/cards/" + card.id, R"({"desc":"rewritten by hand"})");
    sandbox.admin("POST", "/_sandbox/requests/reset");
    const auto r = setup.ib({"check-missing", "--days", "36500"});
    CHECK(r.exit_code == 0);
    CHECK(sandbox.requests("trello", "POST /1/cards") == 0); // nothing made again
    CHECK(card_of(sandbox, item.external_id).desc.ends_with("issuebridge-id: " + item.external_id));
    CHECK(card_of(sandbox, item.external_id).id == card.id);
}

TEST_CASE("a lost state and a deleted marker line: the card is found by its attachment and adopted, not made again") {
    Sandbox sandbox;
    github_source().seed(sandbox, k_repo, 6, 3);
    PairSync setup(sandbox, trello_pair(), k_repo, trello_target().fast());
    REQUIRE(setup.sync().exit_code == 0);
    const PairItem item = first_open(sandbox);
    const CardView card = card_of(sandbox, item.external_id);
    sandbox.admin("PUT", "/_sandbox/trello/cards/" + card.id, R"({"desc":"rewritten by hand"})");
    remove_state(setup);
    sandbox.admin("POST", "/_sandbox/requests/reset");
    const auto r = setup.sync();
    CHECK(r.exit_code == 0);
    CHECK(r.err == "issuebridge: notice: main " + k_repo +
                       ": 6 items found on the target by their markers and adopted, not created again\n");
    CHECK(sandbox.requests("trello", "POST /1/cards") == 0);
    const CardView after = card_of(sandbox, item.external_id);
    CHECK(after.id == card.id);
    CHECK(after.desc.ends_with("issuebridge-id: " + item.external_id)); // the adopted card shows the draft again
    check_converged(sandbox, trello_pair(), k_repo);
}

TEST_CASE("state adopt links every card by its marker from one board read; the sync after it creates none") {
    Sandbox sandbox;
    github_source().seed(sandbox, k_repo, 8, 5);
    PairSync setup(sandbox, trello_pair(), k_repo, trello_target().fast());
    REQUIRE(setup.sync().exit_code == 0);
    remove_state(setup);
    sandbox.admin("POST", "/_sandbox/requests/reset");
    const auto adopt = setup.ib({"state", "adopt"});
    CHECK(adopt.exit_code == 0);
    CHECK(adopt.out == "adopted 8, already linked 0, conflicts 0, markers of no route 0\n");
    CHECK(sandbox.requests("trello", "GET /1/boards/{id}/cards/{filter}") == 1);
    sandbox.admin("POST", "/_sandbox/requests/reset");
    // What an adopted card shows is unknown to the state: the sync rewrites it, and makes none.
    const auto again = setup.sync();
    CHECK(again.exit_code == 0);
    CHECK(again.err == "");
    CHECK(sandbox.requests("trello", "POST /1/cards") == 0);
    check_converged(sandbox, trello_pair(), k_repo);
}

TEST_CASE("with marker_field the external id is kept in a custom field, not the description, and found there") {
    Sandbox sandbox;
    github_source().seed(sandbox, k_repo, 6, 7);
    const std::string field = "600000000000000000000c01";
    PairSync setup(sandbox, trello_pair(), k_repo, trello_target().fast() + "marker_field = \"" + field + "\"\n");
    REQUIRE(setup.sync().exit_code == 0);
    std::set<std::string> wanted;
    for (const auto& s : github_source().items(sandbox, k_repo)) {
        wanted.insert(s.external_id);
    }
    const auto marked = [&] {
        simdjson::dom::parser parser;
        std::string json;
        std::set<std::string> ids;
        for (auto c : cards(sandbox, parser, json)) {
            CHECK(std::string_view(c["desc"].get_string().value()).find("issuebridge-id:") == std::string_view::npos);
            const simdjson::dom::array fields = c["customFieldItems"].get_array().value();
            for (auto f : fields) {
                if (f["idCustomField"].get_string().value() == field) {
                    ids.emplace(f["value"]["text"].get_string().value());
                }
            }
        }
        return ids;
    };
    CHECK(marked() == wanted);
    CHECK(sandbox.requests("trello", "PUT /1/cards/{id}/customField/{field}/item") == 6);
    remove_state(setup);
    sandbox.admin("POST", "/_sandbox/requests/reset");
    const auto r = setup.sync();
    CHECK(r.exit_code == 0);
    CHECK(r.err == "issuebridge: notice: main " + k_repo +
                       ": 6 items found on the target by their markers and adopted, not created again\n");
    CHECK(sandbox.requests("trello", "POST /1/cards") == 0);
    CHECK(marked() == wanted);
}

TEST_CASE("a member the board does not know is a warning on its items, whose cards are written without it") {
    Sandbox sandbox;
    github_source().seed(sandbox, k_repo, 30, 4);
    // Trello words the two refusals differently: an id of no member of the board, and no id at all.
    const std::string known = "5e679b808e6e8828784b30e2"; // a member of the sandbox's board
    const std::string stranger = "5e679b808e6e8828784b30e9";
    PairSync setup(sandbox, trello_pair(), k_repo, trello_target().fast());
    setup.write_config(trello_target().fast(), "[routes.map]\nassignees = { octocat = \"" + known + "\", hubot = \"" +
                                                   stranger + "\", monalisa = \"dana\" }\n");
    const auto by_number = assignees(sandbox);
    int strangers = 0;
    for (const auto& [number, login] : by_number) {
        strangers += login == "hubot" || login == "monalisa";
    }
    REQUIRE(strangers > 0);
    // With latency, creates naming a stranger are still in flight when an earlier one has learnt it unknown: their
    // refusals must be answered by a write without it all the same.
    sandbox.admin("POST", "/_sandbox/faults", R"({"latency_ms":40})");
    const auto r = setup.sync();
    sandbox.admin("POST", "/_sandbox/faults", R"({"latency_ms":0})");
    INFO(r.err);
    CHECK(r.exit_code == 0);
    std::size_t warnings = 0;
    for (std::size_t at = 0; (at = r.err.find("is not on board", at)) != std::string::npos; ++at) {
        ++warnings;
    }
    CHECK(warnings == static_cast<std::size_t>(strangers));
    CHECK(r.err.find("issuebridge: warning: github:") != std::string::npos);
    for (const std::string& member : {stranger, std::string("dana")}) {
        CHECK(r.err.find("member '" + member +
                         "' is not on board '600000000000000000000b01': the card is written without it (check the "
                         "route's assignee map)") != std::string::npos);
    }
    // Refused once each, or by every create in flight before the first refusal came back; never after it.
    CHECK(sandbox.requests("trello", "POST /1/cards", "400") >= 2);
    CHECK(sandbox.requests("trello", "POST /1/cards", "400") <= strangers);
    simdjson::dom::parser parser;
    std::string json;
    int cards_seen = 0;
    for (auto c : cards(sandbox, parser, json)) {
        ++cards_seen;
        const std::string name(c["name"].get_string().value());
        const std::string number = name.substr(8, name.find(' ', 8) - 8); // "[ ISSUE <number> ] ..."
        const auto members = c["idMembers"].get_array().value();
        if (by_number.at(number) == "octocat") {
            REQUIRE(members.size() == 1);
            CHECK(members.at(0).get_string().value() == known);
        } else {
            CHECK(members.size() == 0);
        }
    }
    CHECK(cards_seen == 30);
    sandbox.admin("POST", "/_sandbox/requests/reset");
    const auto again = setup.sync();
    CHECK(again.exit_code == 0);
    CHECK(again.err == ""); // the cards show what they can: nothing is written again, so nothing is said again
    CHECK(trello_target().writes(sandbox) == 0);
}

TEST_CASE("board labels are created once, by name, however many cards carry them, in the route's colours") {
    Sandbox sandbox;
    github_source().seed(sandbox, k_repo, 40, 5);
    std::set<std::string> wanted;
    for (const auto& s : github_source().items(sandbox, k_repo)) {
        wanted.insert(s.labels.begin(), s.labels.end());
    }
    REQUIRE_FALSE(wanted.empty());
    std::string colours; // every label pink: their own stable colours are not all pink
    for (const auto& label : wanted) {
        colours += (colours.empty() ? "\"" : ", \"") + label + "\" = \"pink\"";
    }
    PairSync setup(sandbox, trello_pair(), k_repo, trello_target().fast());
    setup.write_config(trello_target().fast(), "[routes.map]\nlabel_colors = { " + colours + " }\n");
    REQUIRE(setup.sync().exit_code == 0);
    const std::string json = sandbox.admin("GET", "/_sandbox/trello/labels");
    simdjson::dom::parser parser;
    std::multiset<std::string> names;
    const simdjson::dom::array labels = parser.parse(json).get_array().value();
    for (auto l : labels) {
        names.insert(std::string(l["name"].get_string().value()));
        CHECK(l["color"].get_string().value() == std::string_view("pink"));
    }
    CHECK(names.size() == wanted.size()); // no duplicate
    CHECK(std::set<std::string>(names.begin(), names.end()) == wanted);
    CHECK(sandbox.requests("trello", "POST /1/labels") == static_cast<int>(wanted.size()));
    check_converged(sandbox, trello_pair(), k_repo);
}

TEST_CASE("a storm of 429s without Retry-After is waited out, not turned into failures" * doctest::test_suite("slow")) {
    // Trello's budget at a fifth of its real size: the row's pacing (100 per 10 s) overruns it, and every 429
    // says nothing of how long to wait.
    Sandbox sandbox({"--rate-limit", "trello=20/10"});
    github_source().seed(sandbox, k_repo, 30, 9);
    PairSync setup(sandbox, trello_pair(), k_repo, "");
    const auto r = setup.sync();
    CHECK(r.exit_code == 0);
    CHECK(r.err == "");
    CHECK(sandbox.requests("trello", "POST /1/cards", "429") > 0); // the storm happened
    check_exactly_once(sandbox, trello_pair(), k_repo, 30);
}

TEST_SUITE_END();
