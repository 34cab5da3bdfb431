// Reading a whole board: GET /1/boards/{id}/cards/all (open and archived cards) in pages of 1,000, older pages by
// `before=<oldest id seen>` (Trello ids grow with creation time; API-FACTS §5.1), with each card's labels,
// attachment URLs and custom field items, so that one listing answers every lookup of a run.

#include "trello.hpp"

#include "issuebridge/util/strings.hpp"

#include <simdjson.h>

namespace issuebridge::targets::trello {

namespace {

namespace dom = simdjson::dom;

// The most one listing returns.
constexpr std::size_t k_page = 1000;

bool older(std::string_view a, std::string_view b) { return a.size() != b.size() ? a.size() < b.size() : a < b; }

std::optional<util::Failure> read_strings(dom::element card, const char* field, std::vector<std::string>& out) {
    dom::array list;
    if (card[field].get_array().get(list)) {
        return malformed("board cards", std::string("[].") + field);
    }
    for (dom::element e : list) {
        std::string_view s;
        if (e.get_string().get(s)) {
            return malformed("board cards", std::string("[].") + field);
        }
        out.emplace_back(s);
    }
    return std::nullopt;
}

} // namespace

std::optional<util::Failure> read_cards(const Context& c, const std::string& body, std::vector<Card>& cards) {
    // DOM, not on-demand: the whole page is checked before any card is taken (see github/parse.cpp).
    dom::parser parser;
    dom::element doc;
    dom::array list;
    if (parser.parse(body).get(doc)) {
        return util::Failure{util::Failure::Kind::parse, "trello board cards: the body is not valid JSON", 0};
    }
    if (doc.get_array().get(list)) {
        return malformed("board cards", "(the answer must be an array)");
    }
    std::vector<Card> page;
    for (dom::element e : list) {
        Card card;
        std::string_view id;
        std::string_view name;
        std::string_view desc;
        std::string_view id_list;
        if (e["id"].get_string().get(id) || id.empty()) {
            return malformed("board cards", "[].id");
        }
        if (e["name"].get_string().get(name)) {
            return malformed("board cards", "[].name");
        }
        if (e["desc"].get_string().get(desc)) {
            return malformed("board cards", "[].desc");
        }
        if (e["idList"].get_string().get(id_list)) {
            return malformed("board cards", "[].idList");
        }
        if (e["closed"].get_bool().get(card.closed)) {
            return malformed("board cards", "[].closed");
        }
        std::string_view url;
        if (!e["url"].get_string().get(url)) {
            card.url = std::string(url);
        }
        card.id = std::string(id);
        card.name = std::string(name);
        card.desc = std::string(desc);
        card.id_list = std::string(id_list);
        dom::array labels;
        if (e["labels"].get_array().get(labels)) {
            return malformed("board cards", "[].labels");
        }
        for (dom::element l : labels) {
            std::string_view label;
            if (l["name"].get_string().get(label)) {
                return malformed("board cards", "[].labels[].name");
            }
            card.label_names.emplace_back(label);
        }
        if (auto f = read_strings(e, "idMembers", card.id_members)) {
            return f;
        }
        dom::array attachments;
        if (!e["attachments"].get_array().get(attachments)) {
            for (dom::element a : attachments) {
                std::string_view u;
                if (!a["url"].get_string().get(u)) {
                    card.attachment_urls.emplace_back(u);
                }
            }
        }
        dom::array items;
        if (!c.marker_field.empty() && !e["customFieldItems"].get_array().get(items)) {
            for (dom::element item : items) {
                std::string_view field;
                std::string_view text;
                if (!item["idCustomField"].get_string().get(field) && field == c.marker_field &&
                    !item["value"]["text"].get_string().get(text)) {
                    card.field_marker = std::string(text);
                }
            }
        }
        page.push_back(std::move(card));
    }
    cards.insert(cards.end(), std::make_move_iterator(page.begin()), std::make_move_iterator(page.end()));
    return std::nullopt;
}

std::string external_id_of(const Context& c, const Card& card) {
    if (!card.field_marker.empty()) {
        return card.field_marker;
    }
    if (std::string id = marker_in(card.desc); !id.empty()) {
        return id;
    }
    // The marker line was deleted by hand: the attachment still names the source item.
    for (const auto& [id, url] : c.url_of) {
        for (const auto& attached : card.attachment_urls) {
            if (!url.empty() && attached == url) {
                return id;
            }
        }
    }
    return {};
}

http::Request BoardScan::next() const {
    std::string path = "/1/boards/" + util::url_encode(m_c->board) +
                       "/cards/all?fields=name,desc,closed,idList,idMembers,labels,url&attachments=true"
                       "&attachment_fields=url&limit=" +
                       std::to_string(k_page);
    if (!m_c->marker_field.empty()) {
        path += "&customFieldItems=true";
    }
    if (!m_before.empty()) {
        path += "&before=" + util::url_encode(m_before);
    }
    return request(*m_c, "GET", path);
}

std::optional<util::Failure> BoardScan::on_outcome(const http::Outcome& outcome) {
    if (auto f = failure_of(outcome, "read the cards of board '" + m_c->board + "'")) {
        m_done = true;
        return f;
    }
    const std::size_t before = m_cards.size();
    if (auto f = read_cards(*m_c, outcome->body, m_cards)) {
        m_done = true;
        return f;
    }
    const std::size_t got = m_cards.size() - before;
    std::string oldest = m_before;
    for (std::size_t i = before; i < m_cards.size(); ++i) {
        if (oldest.empty() || older(m_cards[i].id, oldest)) {
            oldest = m_cards[i].id;
        }
    }
    // A full page may have older cards behind it; a page that brought nothing older ends the scan.
    m_done = got < k_page || oldest == m_before;
    m_before = oldest;
    return std::nullopt;
}

} // namespace issuebridge::targets::trello
