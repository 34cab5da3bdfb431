#pragma once
// Trello (REST 1) as a target: one card per source item on a configured board. Private to targets/; reached
// through targets::make_target.
//
// Trello has no idempotency key and its search lags (API-FACTS §5.1), so a card is found again without search: its
// description ends with a marker line naming the external id (or, with marker_field, a text custom field holds
// it), and the card carries the source item's URL as an attachment. Lookups read the whole board in pages
// (GET /1/boards/{id}/cards/all) and match client-side.

#include "card_markdown.hpp"

#include "issuebridge/config/config.hpp"
#include "issuebridge/targets/target.hpp"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace issuebridge::targets {
struct Row;
}

namespace issuebridge::targets::trello {

// Trello's registry row (row.cpp): schema, vendor limits, capabilities, make.
const Row& row();

// Card names are limited like descriptions (16,384 characters).
inline constexpr std::size_t k_name_limit = 16384;
// The marker line's prefix: "issuebridge-id: github:github.com/o/r#12".
inline constexpr std::string_view k_marker_prefix = "issuebridge-id: ";

// One card of a board listing.
struct Card {
    std::string id;
    std::string name;
    std::string desc;
    std::string url;
    std::string id_list;
    bool closed = false;
    std::vector<std::string> label_names;
    std::vector<std::string> id_members;
    std::vector<std::string> attachment_urls;
    std::string field_marker; // the marker_field's text on it, if any
};

// The settings and what every operation of one target learns once per run (the board's labels).
struct Context {
    std::string name;     // of the target in the config, for messages
    std::string base_url; // no trailing slash; paths start with /1/
    std::string key;      // sent as the `key` and `token` query parameters (the spec's security scheme)
    std::string token;
    std::string board;
    std::string list;         // new open cards
    std::string done_list;    // closed items, unless archive
    std::string open_list;    // reopened items
    bool archive = false;     // close = "archive": closed items are archived where they are
    std::string marker_field; // a text custom field's id holding the external id instead of the marker line

    // Board labels by name, learnt once (GET /1/boards/{id}/labels); names being created by an operation now.
    bool labels_known = false;
    std::map<std::string, std::string> label_ids;
    std::set<std::string> labels_pending;
    // Member ids a write was refused for this run ("invalid value for idMembers": not on the board): later writes
    // leave them out and warn, rather than be refused again.
    std::set<std::string> unknown_members;
    // Source URLs of the items sought or inspected this run, by external id: a card whose marker someone deleted is
    // still found by its attachment.
    std::map<std::string, std::string> url_of;
    // The board as the last lookup read it, kept for the read-back that follows it in a recovery (one board read
    // for both); dropped by the next write or read-back.
    std::optional<std::vector<Card>> snapshot;
};

class TrelloTarget final : public Target {
public:
    // Reads the key and token from the environment (util::ConfigError when unset).
    explicit TrelloTarget(const config::Target& target);

    // A board scan sees a new card at once (search_lag 0); a create carries the list, so a closed item is
    // created in done_list (with close = "archive" it is archived after).
    Capabilities capabilities() const override;
    std::unique_ptr<Operation> write(const Change& change) override;
    std::unique_ptr<FindOperation> find(const std::vector<Sought>& items) override;
    std::unique_ptr<FindOperation> find_all() override;
    std::unique_ptr<InspectOperation> inspect(const std::vector<Expectation>& items) override;
    std::unique_ptr<ProbeOperation> probe() override;

private:
    std::shared_ptr<Context> m_context;
};

// A request to `path` (with its own query, if any) under the base URL, key and token appended; a body is JSON.
http::Request request(const Context& c, std::string method, std::string path, std::string body = {});

// What the card of `draft` shows: its name, and its description (the body in Trello's markdown, cut to fit,
// the link back, then the marker line unless a custom field holds the marker).
std::string name_of(const model::Draft& draft);
std::string desc_of(const Context& c, const model::Draft& draft);
std::string marker_line(std::string_view external_id);
// The external id of the marker line in `desc`, or "".
std::string marker_in(std::string_view desc);

// The list a card of `state` belongs in ("" when archiving closes it: it stays where it is).
std::string list_for(const Context& c, model::ItemState state);
// What a card shows: closed when archived or in done_list.
model::ItemState state_of(const Context& c, bool closed, std::string_view id_list);

// A stable default colour for a new board label.
std::string label_colour(std::string_view name);
// Whether `colour` is one of Trello's label colours; all of them, for people ("green, yellow, ... or black").
bool is_label_colour(std::string_view colour);
std::string label_colours();

// Trello's memo: the label names written, as a JSON array (so labels added by hand stay); none when unknown.
std::string labels_memo(const model::Draft& draft);
std::vector<std::string> memo_labels(std::string_view memo);

// nullopt for a 2xx answer, else what went wrong for `what`, with Trello's own words.
std::optional<util::Failure> failure_of(const http::Outcome& outcome, const std::string& what);
util::Failure malformed(const std::string& what, const std::string& field);

// Reads one page of GET /1/boards/{id}/cards/all into `cards`; a failure names the field.
std::optional<util::Failure> read_cards(const Context& c, const std::string& body, std::vector<Card>& cards);
// The external id a card carries: its marker field, its marker line, else the draft URL its attachment names.
std::string external_id_of(const Context& c, const Card& card);

// Reads the whole board (open and archived cards), paged; finished when all pages are in. Used by find,
// find_all and inspect.
class BoardScan {
public:
    explicit BoardScan(std::shared_ptr<Context> c) : m_c(std::move(c)) {}
    http::Request next() const;
    // Reads one page; returns a failure, or nullopt (then done() tells whether another page follows).
    std::optional<util::Failure> on_outcome(const http::Outcome& outcome);
    bool done() const { return m_done; }
    const std::vector<Card>& cards() const { return m_cards; }

private:
    std::shared_ptr<Context> m_c;
    std::vector<Card> m_cards;
    std::string m_before; // the oldest card id seen: the next page is older
    bool m_done = false;
};

// Defined in find.cpp, inspect.cpp, probe.cpp, operations.cpp.
std::unique_ptr<FindOperation> make_find(std::shared_ptr<Context> c, const std::vector<std::string>& external_ids);
std::unique_ptr<InspectOperation> make_inspect(std::shared_ptr<Context> c, const std::vector<Expectation>& items);
std::unique_ptr<ProbeOperation> make_probe(std::shared_ptr<Context> c);
std::unique_ptr<Operation> make_write(std::shared_ptr<Context> c, const Change& change);

} // namespace issuebridge::targets::trello
