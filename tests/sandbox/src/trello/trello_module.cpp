// The Trello module: its state in the store, its seed section and its routes.

#include "trello_module.hpp"
#include "seed.hpp"
#include "services.hpp"
#include "trello_data.hpp"

namespace issuebridge::sandbox {

namespace {

void fresh(State& state, const Options&) { state.put(fresh_trello()); }

std::string seed(const Json& section, State& state, std::int64_t) {
    if (std::string error = check_keys(section, "trello", {"key", "token"}); !error.empty()) {
        return error;
    }
    TrelloData& d = state.get<TrelloData>();
    bool bad = false;
    if (auto key = get_string(section, "key", bad)) {
        d.key = *key;
    }
    if (auto token = get_string(section, "token", bad)) {
        d.token = *token;
    }
    return bad ? "trello: key and token are strings" : "";
}

} // namespace

const Module& trello_module() {
    // Unlimited unless configured: --rate-limit trello=100/10 plays Trello's 100 per 10 s per
    // token.
    static const Module module{
        "trello",
        "Trello REST 1",
        "  Trello    http://127.0.0.1:PORT          /1/cards..., /1/boards/{id}/cards/{filter}, "
        "/1/labels\n",
        "Trello key=sandbox-trello-key&token=sandbox-trello-token query parameters, unless the "
        "seed file sets "
        "others; board 600000000000000000000b01 with lists ...0101 (To Do), ...0102 (Doing), "
        "...0103 (Done) and "
        "the text custom field ...0c01.\n",
        LimitConfig{},
        nullptr,
        nullptr,
        &fresh,
        &seed,
        &register_trello_api,
        &register_trello_admin,
    };
    return module;
}

} // namespace issuebridge::sandbox
