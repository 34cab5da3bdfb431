#include "trello_data.hpp"

#include <cstdio>

namespace issuebridge::sandbox {

std::string TrelloData::make_id() {
    char buf[32];
    std::snprintf(buf, sizeof buf, "61%022llx", static_cast<unsigned long long>(next_id++));
    return buf;
}

TrelloBoard* TrelloData::board(const std::string& id) {
    const auto it = boards.find(id);
    return it == boards.end() ? nullptr : &it->second;
}

TrelloCard* TrelloData::card(const std::string& id) {
    const auto it = cards.find(id);
    return it == cards.end() ? nullptr : &it->second;
}

TrelloData fresh_trello() {
    TrelloData data;
    TrelloBoard board{k_trello_board, "E2E", {}, {}, {}};
    board.lists = {{"600000000000000000000101", "To Do", false},
                   {"600000000000000000000102", "Doing", false},
                   {"600000000000000000000103", "Done", false}};
    board.fields = {{"600000000000000000000c01", "external-id", "text"}};
    data.boards.emplace(board.id, board);
    return data;
}

void write_card(util::JsonWriter& w, const TrelloData& data, const TrelloCard& card,
                bool attachments, bool fields) {
    w.begin_object()
        .field("id", card.id)
        .field("name", card.name)
        .field("desc", card.desc)
        .field("closed", card.closed)
        .field("idBoard", card.board)
        .field("idList", card.list)
        .field("pos", card.pos)
        .field("url", "https://trello.com/c/" + card.id.substr(16) + "/" + card.id)
        .field("shortUrl", "https://trello.com/c/" + card.id.substr(16));
    w.key("idLabels").begin_array();
    for (const auto& l : card.labels) {
        w.value(l);
    }
    w.end_array().key("labels").begin_array();
    const auto board = data.boards.find(card.board);
    for (const auto& l : card.labels) {
        if (board == data.boards.end()) {
            break;
        }
        for (const auto& label : board->second.labels) {
            if (label.id == l) {
                w.begin_object()
                    .field("id", label.id)
                    .field("idBoard", card.board)
                    .field("name", label.name)
                    .field("color", label.color)
                    .end_object();
            }
        }
    }
    w.end_array().key("idMembers").begin_array();
    for (const auto& m : card.members) {
        w.value(m);
    }
    w.end_array();
    if (attachments) {
        w.key("attachments").begin_array();
        for (const auto& a : card.attachments) {
            w.begin_object()
                .field("id", a.id)
                .field("name", a.name)
                .field("url", a.url)
                .end_object();
        }
        w.end_array();
    }
    if (fields) {
        w.key("customFieldItems").begin_array();
        for (const auto& [field, text] : card.field_text) {
            w.begin_object()
                .field("id", card.id.substr(0, 12) + field.substr(12))
                .key("value")
                .begin_object()
                .field("text", text)
                .end_object()
                .field("idCustomField", field)
                .field("idModel", card.id)
                .field("modelType", "card")
                .end_object();
        }
        w.end_array();
    }
    w.end_object();
}

} // namespace issuebridge::sandbox
