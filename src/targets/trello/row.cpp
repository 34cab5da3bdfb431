// Trello's row: everything the core knows of Trello as a target.

#include "trello.hpp"

#include "issuebridge/targets/registry.hpp"

namespace issuebridge::targets::trello {

namespace {

config::Setting setting(std::string key, config::Setting::Kind kind, bool required, std::string default_value,
                        std::string example, std::string doc) {
    config::Setting s;
    s.key = std::move(key);
    s.kind = kind;
    s.required = required;
    s.default_value = std::move(default_value);
    s.example = std::move(example);
    s.doc = std::move(doc);
    return s;
}

std::optional<config::Problem> label_colour_problem(std::string_view colour) {
    if (!is_label_colour(colour)) {
        return config::Problem{"label_colors", "must be one of Trello's label colours", label_colours()};
    }
    return std::nullopt;
}

std::optional<config::Problem> check(const config::Target& t) {
    const std::string close = t.setting("close");
    if (close != "move" && close != "archive") {
        return config::Problem{"close", "must be 'move' or 'archive'",
                               "'move' puts closed items in done_list; 'archive' archives their cards"};
    }
    if (close == "move" && t.setting("done_list").empty()) {
        return config::Problem{"type", "set 'done_list' (or close = \"archive\")",
                               "done_list is the id of the list that receives closed items"};
    }
    return std::nullopt;
}

Row make_row() {
    using Kind = config::Setting::Kind;
    Row row;
    config::TargetSchema& s = row.schema;
    s.type = "trello";
    s.default_base_url = "https://api.trello.com"; // paths carry the API version: /1/cards
    s.base_url_example = "https://api.trello.com";
    s.settings = {
        setting("key_env", Kind::secret, true, "", "TRELLO_KEY",
                "the environment variable holding the Trello API key (sent as the 'key' query parameter)"),
        setting("token_env", Kind::secret, true, "", "TRELLO_TOKEN",
                "the environment variable holding the Trello token (sent as the 'token' query parameter)"),
        setting("board", Kind::text, true, "", "5e93ba98614ac22d22f085c4", "the id of the board that holds the cards"),
        setting("list", Kind::text, true, "", "5e93bac014d40e501ee46b8d", "the id of the list that receives new cards"),
        setting("done_list", Kind::text, false, "", "5e93bac014d40e501ee46b8e",
                "the id of the list closed items move to (required unless close = \"archive\")"),
        setting("close", Kind::text, false, "move", "archive",
                "what closing an item does: 'move' it to done_list or 'archive' its card"),
        setting("open_list", Kind::text, false, "", "5e93bac014d40e501ee46b8d",
                "the id of the list reopened items move to (default: list)"),
        setting("marker_field", Kind::text, false, "", "5e68e8e87c16bf75894df21a",
                "the id of a text custom field that holds the external id instead of the description's marker line"),
    };
    s.check = check;
    s.label_color_problem = label_colour_problem;
    s.default_title = "[ ISSUE {number} ] {title}"; // the seed system's card names

    // 100 requests per 10 s per token (API-FACTS §5); pacing is per host, which with one token per board is per
    // token. A 429 says nothing of how long to wait: back off a whole window.
    row.policy.rate = http::RateLimit{100, std::chrono::seconds{10}};
    row.policy.rate_limit_floor = std::chrono::seconds{10};
    row.policy.vendor = "Trello";
    row.capabilities.search_lag = 0;               // the board scan sees a card as soon as it is created
    row.capabilities.create_carries_closed = true; // the create names done_list
    row.capabilities.max_batch = 1;
    s.search_lag = 0;
    row.make = [](const config::Target& t) -> std::unique_ptr<Target> { return std::make_unique<TrelloTarget>(t); };
    return row;
}

} // namespace

const Row& row() {
    static const Row k_row = make_row();
    return k_row;
}

} // namespace issuebridge::targets::trello
