// /_sandbox/trello/...: every card (with attachments and custom field items), and editing, making
// or deleting a card by hand as a person in Trello's UI would (labels by name, made on the board
// when new).

#include "services.hpp"
#include "trello_data.hpp"
#include "trello_module.hpp"

#include "issuebridge/util/json_writer.hpp"

#include <algorithm>

namespace issuebridge::sandbox {

namespace {

void list_cards(Services& services, Call& call) {
    util::JsonWriter w;
    services.store.with([&](State& s) {
        const TrelloData& d = s.get<TrelloData>();
        w.begin_array();
        for (const auto& [id, card] : d.cards) {
            write_card(w, d, card, true, true);
        }
        w.end_array();
    });
    reply_json(call.res, 200, w.take());
}

// The label of `name` on the board, made when it has none.
std::string label_id(TrelloData& d, TrelloBoard& board, const std::string& name) {
    for (const auto& l : board.labels) {
        if (l.name == name) {
            return l.id;
        }
    }
    board.labels.push_back({d.make_id(), name, "sky"});
    return board.labels.back().id;
}

// {"name", "desc", "idList", "closed", "labels": [names], "idMembers": [...], "attachments":
// [urls]}
std::string edit(TrelloData& d, TrelloCard& card, const Json& body) {
    bool bad = false;
    TrelloBoard& board = *d.board(card.board);
    if (auto v = get_string(body, "name", bad)) {
        card.name = *v;
    }
    if (auto v = get_string(body, "desc", bad)) {
        card.desc = *v;
    }
    if (auto v = get_string(body, "idList", bad)) {
        if (std::none_of(board.lists.begin(), board.lists.end(),
                         [&](const TrelloList& l) { return l.id == *v; })) {
            return "idList: not a list of the card's board";
        }
        card.list = *v;
    }
    if (auto v = get_bool(body, "closed", bad)) {
        card.closed = *v;
    }
    if (auto v = get_strings(body, "labels", bad)) {
        card.labels.clear();
        for (const auto& name : *v) {
            card.labels.push_back(label_id(d, board, name));
        }
    }
    if (auto v = get_strings(body, "idMembers", bad)) {
        card.members = *v;
    }
    if (auto v = get_strings(body, "attachments", bad)) {
        card.attachments.clear();
        for (const auto& url : *v) {
            card.attachments.push_back({d.make_id(), url, url});
        }
    }
    return bad ? "name, desc, idList are strings, closed a boolean, labels, idMembers, attachments "
                 "arrays of strings"
               : "";
}

void edit_card(Services& services, Call& call, bool create) {
    const auto body = Json::parse(call.req.body);
    if (!body || !body->is_object()) {
        return reply_admin_error(call.res, 400, "the body is a JSON object");
    }
    std::string error;
    int status = 200;
    util::JsonWriter w;
    services.store.with([&](State& s) {
        TrelloData& d = s.get<TrelloData>();
        TrelloCard made;
        TrelloCard* card = nullptr;
        if (create) {
            made.board = k_trello_board;
            made.list = d.board(k_trello_board)->lists.front().id;
            card = &made;
        } else if ((card = d.card(call.param(0))) == nullptr) {
            status = 404;
            error = "no card " + call.param(0);
            return;
        }
        TrelloCard edited = *card;
        if (error = edit(d, edited, *body); !error.empty()) {
            status = 400;
            return;
        }
        if (create) {
            edited.id = d.make_id();
            d.cards.emplace(edited.id, edited);
        } else {
            *card = edited;
        }
        write_card(w, d, edited, true, true);
    });
    if (!error.empty()) {
        return reply_admin_error(call.res, status, error);
    }
    reply_json(call.res, 200, w.take());
}

} // namespace

void register_trello_admin(Router& router, Services& services) {
    Services* s = &services;
    router.admin(Method::get, "/_sandbox/trello/cards", [s](Call& c) { list_cards(*s, c); });
    router.admin(Method::post, "/_sandbox/trello/cards", [s](Call& c) { edit_card(*s, c, true); });
    router.admin(Method::put, "/_sandbox/trello/cards/{id}",
                 [s](Call& c) { edit_card(*s, c, false); });
    router.admin(Method::del, "/_sandbox/trello/cards/{id}", [s](Call& c) {
        const bool gone = s->store.with(
            [&](State& st) { return st.get<TrelloData>().cards.erase(c.param(0)) > 0; });
        gone ? reply_json(c.res, 200, "{}")
             : reply_admin_error(c.res, 404, "no card " + c.param(0));
    });
    router.admin(Method::get, "/_sandbox/trello/labels", [s](Call& c) {
        util::JsonWriter w;
        s->store.with([&](State& st) {
            w.begin_array();
            for (const auto& l : st.get<TrelloData>().board(k_trello_board)->labels) {
                w.begin_object()
                    .field("id", l.id)
                    .field("name", l.name)
                    .field("color", l.color)
                    .end_object();
            }
            w.end_array();
        });
        reply_json(c.res, 200, w.take());
    });
}

} // namespace issuebridge::sandbox
