#pragma once
// The emulated Trello's state: one member (the token's), boards with lists, labels and custom
// fields, and cards with their labels, members, attachments and custom field items. Ids are 24 hex
// digits that grow with creation time, as Trello's do (clients page board cards with before=<id>).

#include "json.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace issuebridge::sandbox {

struct TrelloList {
    std::string id;
    std::string name;
    bool closed = false;
};

struct TrelloLabel {
    std::string id;
    std::string name;
    std::string color;
};

struct TrelloField {
    std::string id;
    std::string name;
    std::string type = "text";
};

struct TrelloBoard {
    std::string id;
    std::string name;
    std::vector<TrelloList> lists;
    std::vector<TrelloLabel> labels;
    std::vector<TrelloField> fields;
};

struct TrelloAttachment {
    std::string id;
    std::string name;
    std::string url;
};

struct TrelloCard {
    std::string id;
    std::string board;
    std::string list;
    std::string name;
    std::string desc;
    bool closed = false;
    double pos = 0;
    std::vector<std::string> labels; // ids
    std::vector<std::string> members;
    std::vector<TrelloAttachment> attachments;
    std::map<std::string, std::string> field_text; // custom field id -> text value
    std::int64_t last_activity_ms = 0;
};

struct TrelloData {
    std::string key = "sandbox-trello-key";
    std::string token = "sandbox-trello-token";
    std::string member_id = "5e679b808e6e8828784b30e1";
    std::string username = "sandbox";
    std::vector<std::string> board_members = {"5e679b808e6e8828784b30e1",
                                              "5e679b808e6e8828784b30e2"};
    std::map<std::string, TrelloBoard> boards;
    std::map<std::string, TrelloCard> cards; // by id: oldest first
    std::uint64_t next_id = 1;

    // A new id, larger than every earlier one.
    std::string make_id();
    TrelloBoard* board(const std::string& id);
    TrelloCard* card(const std::string& id);
};

// The startup state: board 600000000000000000000b01 ("E2E") with lists To Do (...0101), Doing
// (...0102) and Done
// (...0103), no labels, and a text custom field "external-id" (...0c01).
TrelloData fresh_trello();
inline constexpr const char* k_trello_board = "600000000000000000000b01";

// A card as the API shows it; `attachments` and `fields` add those members.
void write_card(util::JsonWriter& w, const TrelloData& data, const TrelloCard& card,
                bool attachments, bool fields);

} // namespace issuebridge::sandbox
