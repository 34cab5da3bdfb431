// The Trello target side of the pair scenarios (pairs.hpp): the sandbox's board E2E, new cards in To Do, closed
// ones in Done.

#include "pairs.hpp"

#include <simdjson.h>

namespace issuebridge::testing {

namespace {

constexpr std::string_view k_done = "600000000000000000000103";

class TrelloTarget final : public TargetSide {
public:
    std::string api() const override { return "trello"; }
    std::string name() const override { return "trello"; }

    std::string config(const Sandbox& sandbox, const std::string& extra) const override {
        return "[targets.trello]\ntype = \"trello\"\nbase_url = \"" + sandbox.url() +
               "\"\nkey_env = \"IB_E2E_TRELLO_KEY\"\ntoken_env = \"IB_E2E_TRELLO_TOKEN\"\n"
               "board = \"600000000000000000000b01\"\nlist = \"600000000000000000000101\"\n"
               "done_list = \"600000000000000000000103\"\n" +
               extra;
    }

    Env env() const override {
        return {{"IB_E2E_TRELLO_KEY", "sandbox-trello-key"}, {"IB_E2E_TRELLO_TOKEN", "sandbox-trello-token"}};
    }
    std::pair<std::string, std::string> wrong_secret() const override {
        return {"IB_E2E_TRELLO_TOKEN", "trello_WRONGSECRET"};
    }

    std::string immediate() const override { return "search_lag = 0\n"; }
    std::string fast() const override { return "rate_limit = \"1000/s\"\n"; }
    // A board scan is no search index: it never lags.
    std::optional<LaggingSearch> lagging_search() const override { return std::nullopt; }

    void prepare(Sandbox&) const override {} // the sandbox starts with the board

    std::vector<PairItem> items(Sandbox& sandbox) const override {
        const std::string json = sandbox.admin("GET", "/_sandbox/trello/cards");
        simdjson::dom::parser parser;
        const simdjson::dom::array cards = parser.parse(json).get_array().value();
        std::vector<PairItem> out;
        for (auto card : cards) {
            const std::string_view desc = card["desc"].get_string().value();
            const auto at = desc.rfind("\nissuebridge-id: ");
            REQUIRE_MESSAGE(at != std::string_view::npos, "a card without a marker line: " << desc);
            std::string_view id = desc.substr(at + 17);
            id = id.substr(0, id.find('\n'));
            // The row's default title is the seed system's "[ ISSUE {number} ] {title}": compare the title part.
            std::string_view name = card["name"].get_string().value();
            if (name.starts_with("[ ISSUE ") && name.find(" ] ") != std::string_view::npos) {
                name.remove_prefix(name.find(" ] ") + 3);
            }
            const bool closed = card["closed"].get_bool().value() || card["idList"].get_string().value() == k_done;
            PairItem item{"",
                          std::string(id),
                          std::string(card["id"].get_string().value()),
                          std::string(name),
                          closed ? "closed" : "open",
                          {}};
            const simdjson::dom::array labels = card["labels"].get_array().value();
            for (auto l : labels) {
                item.labels.emplace_back(l["name"].get_string().value());
            }
            out.push_back(std::move(item));
        }
        return out;
    }

    int creates(Sandbox& sandbox) const override { return sandbox.requests("trello", "POST /1/cards"); }
    // One PUT /1/cards/{id} may do both: the sandbox counts what each changed.
    int edits(Sandbox& sandbox) const override { return sandbox.requests("trello.cards", "edits"); }
    int state_changes(Sandbox& sandbox) const override { return sandbox.requests("trello.cards", "moves"); }
    int marker_lookups(Sandbox& sandbox) const override {
        return sandbox.requests("trello", "GET /1/boards/{id}/cards/{filter}");
    }
    int requests(Sandbox& sandbox) const override { return sandbox.total(api()); }
    int writes(Sandbox& sandbox) const override { return sandbox.total(api(), true); }
};

} // namespace

const TargetSide& trello_target() {
    static const TrelloTarget side;
    return side;
}

} // namespace issuebridge::testing
