// The writes of a Trello target: create a card (in the list its state belongs in, with the source URL attached),
// update its fields and/or move it between lists (or archive it). Board labels are learnt once per run and
// created once by name.

#include "trello.hpp"

#include "issuebridge/targets/registry.hpp"
#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/strings.hpp"

#include <simdjson.h>

#include <algorithm>
#include <map>

namespace issuebridge::targets::trello {

namespace {

namespace dom = simdjson::dom;

// Makes sure every label name of `needed` has a board label id in the context: reads the board's labels once per
// run, creates the missing ones (each by one operation only: another that needs it too reads the labels again
// until it shows), and is done when all are known.
class LabelSteps {
public:
    // Board labels for `needed`, each created (when missing) in the route's colour for it or our own.
    LabelSteps(std::shared_ptr<Context> c, std::vector<std::string> needed, std::map<std::string, std::string> colours)
        : m_c(std::move(c)), m_needed(std::move(needed)), m_colours(std::move(colours)) {}

    ~LabelSteps() {
        for (const auto& name : m_claimed) {
            m_c->labels_pending.erase(name);
        }
    }
    LabelSteps(const LabelSteps&) = delete;
    LabelSteps& operator=(const LabelSteps&) = delete;

    // Never in the middle of a round: every answer of the last round has been read.
    bool done() const {
        return m_outstanding == 0 &&
               (m_failure || (m_c->labels_known && std::all_of(m_needed.begin(), m_needed.end(), [&](const auto& n) {
                                  return m_c->label_ids.contains(n);
                              })));
    }

    std::vector<http::Request> next() {
        m_round.clear();
        std::vector<http::Request> requests;
        bool wait = !m_c->labels_known;
        if (m_c->labels_known) {
            for (const auto& name : m_needed) {
                if (m_c->label_ids.contains(name) || m_claimed.contains(name)) {
                    continue;
                }
                if (m_c->labels_pending.contains(name)) {
                    wait = true; // another operation is creating it
                    continue;
                }
                m_c->labels_pending.insert(name);
                m_claimed.insert(name);
                util::JsonWriter body;
                const auto colour = m_colours.find(name);
                body.begin_object().field("name", name);
                body.field("color", colour != m_colours.end() ? colour->second : label_colour(name));
                body.field("idBoard", m_c->board);
                body.end_object();
                m_round.push_back(name);
                requests.push_back(request(*m_c, "POST", "/1/labels", body.take()));
            }
        }
        if (wait || requests.empty()) {
            m_round.emplace_back();
            requests.push_back(request(
                *m_c, "GET", "/1/boards/" + util::url_encode(m_c->board) + "/labels?fields=name,color&limit=1000"));
        }
        m_outstanding = requests.size();
        return requests;
    }

    void on_outcome(std::size_t index, const http::Outcome& outcome) {
        --m_outstanding;
        const std::string name = m_round.at(index);
        const std::string what = name.empty() ? "read the labels of board '" + m_c->board + "'"
                                              : "create label '" + name + "' on board '" + m_c->board + "'";
        if (!name.empty()) {
            m_claimed.erase(name);
            m_c->labels_pending.erase(name);
        }
        if (auto f = failure_of(outcome, what)) {
            if (!m_failure) {
                m_failure = std::move(f);
            }
            return;
        }
        dom::parser parser;
        dom::element doc;
        if (parser.parse(outcome->body).get(doc)) {
            m_failure = util::Failure{util::Failure::Kind::parse, "trello " + what + ": the body is not valid JSON", 0};
            return;
        }
        if (!name.empty()) {
            std::string_view id;
            if (doc["id"].get_string().get(id)) {
                m_failure = malformed("label answer", "id");
                return;
            }
            m_c->label_ids[name] = std::string(id);
            return;
        }
        dom::array labels;
        if (doc.get_array().get(labels)) {
            m_failure = malformed("board labels", "(the answer must be an array)");
            return;
        }
        for (dom::element l : labels) {
            std::string_view id;
            std::string_view label;
            if (l["id"].get_string().get(id) || l["name"].get_string().get(label)) {
                m_failure = malformed("board labels", "[].id");
                return;
            }
            m_c->label_ids.emplace(std::string(label), std::string(id)); // the first of a name stays
        }
        m_c->labels_known = true;
    }

    const std::optional<util::Failure>& failure() const { return m_failure; }

private:
    std::shared_ptr<Context> m_c;
    std::vector<std::string> m_needed;
    std::map<std::string, std::string> m_colours;
    std::set<std::string> m_claimed;  // being created by this operation
    std::vector<std::string> m_round; // per request of the round: the label created, or "" for a read
    std::size_t m_outstanding = 0;    // answers of the round not read yet
    std::optional<util::Failure> m_failure;
};

std::vector<std::string> ids_of(const Context& c, const std::vector<std::string>& names) {
    std::vector<std::string> ids;
    for (const auto& n : names) {
        if (const auto it = c.label_ids.find(n); it != c.label_ids.end()) {
            ids.push_back(it->second);
        }
    }
    return ids;
}

// A card's member: the draft's assignee, left out when the board does not know it. Trello refuses a write naming a
// member not on the board with a 400 whose words vary ("invalid value for idMembers" for a malformed id, "Invalid
// objectId" for another's), so any 400 to a write that named a member is tried once more without it; when that
// goes through, the member is learnt as unknown for the run (later writes leave it out from the start) and each
// item written without it gets a warning.
class Member {
public:
    Member(Context& c, const model::Draft& draft) : m_c(c), m_assignee(draft.assignee) {}

    // The member ids the next write carries, remembered: another write of the run may learn the member unknown
    // while this one is in flight, and its refusal must still be answered by a write without it.
    std::vector<std::string> ids() {
        m_carried = !m_assignee.empty() && !m_dropped && !m_c.unknown_members.contains(m_assignee);
        return m_carried ? std::vector<std::string>{m_assignee} : std::vector<std::string>{};
    }

    // Whether the write answered by `outcome` is to go again without the member.
    bool retry_without(const http::Outcome& outcome) {
        if (!m_carried || !outcome.ok() || outcome->status != 400) {
            return false;
        }
        m_dropped = true;
        return true;
    }

    // After a write that went through: the warning for the item, or "".
    std::string written() {
        if (m_assignee.empty() || (!m_dropped && !m_c.unknown_members.contains(m_assignee))) {
            return {};
        }
        m_c.unknown_members.insert(m_assignee);
        return "member '" + m_assignee + "' is not on board '" + m_c.board +
               "': the card is written without it (check the route's assignee map)";
    }

private:
    Context& m_c;
    std::string m_assignee;
    bool m_dropped = false;
    bool m_carried = false;
};

void write_array(util::JsonWriter& w, std::string_view key, const std::vector<std::string>& values) {
    w.key(key).begin_array();
    for (const auto& v : values) {
        w.value(v);
    }
    w.end_array();
}

http::Request custom_field(const Context& c, const std::string& card, std::string_view external_id) {
    util::JsonWriter body;
    body.begin_object().key("value").begin_object().field("text", external_id).end_object().end_object();
    return request(c, "PUT",
                   "/1/cards/" + util::url_encode(card) + "/customField/" + util::url_encode(c.marker_field) + "/item",
                   body.take());
}

// A card's steps, one request per round after the labels: each phase sends at most one request.
enum class Phase { labels, read, write, field, archive, done };

class CreateOperation final : public Operation {
public:
    CreateOperation(std::shared_ptr<Context> c, const model::Draft& draft)
        : m_c(c), m_draft(draft), m_labels(c, draft.labels, draft.label_colors), m_member(*c, m_draft) {
        // Labels learnt earlier this run need no request.
        m_phase = m_labels.done() ? Phase::write : Phase::labels;
    }

    bool done() const override { return m_phase == Phase::done; }

    std::vector<http::Request> next() override {
        switch (m_phase) {
        case Phase::labels:
            return m_labels.next();
        case Phase::write:
            return {create()};
        case Phase::field:
            return {custom_field(*m_c, m_result.ref->id, m_draft.external_id)};
        case Phase::archive:
            return {request(*m_c, "PUT", "/1/cards/" + util::url_encode(m_result.ref->id), R"({"closed":true})")};
        default:
            return {};
        }
    }

    void on_outcome(std::size_t index, http::Outcome outcome) override {
        switch (m_phase) {
        case Phase::labels:
            m_labels.on_outcome(index, outcome);
            if (m_labels.failure()) {
                m_result.failure = m_labels.failure();
                m_phase = Phase::done;
            } else if (m_labels.done()) {
                m_phase = Phase::write;
            }
            return;
        case Phase::write:
            return on_created(outcome);
        case Phase::field:
            if (auto f = failure_of(outcome, "set the marker field of card " + m_result.ref->id)) {
                m_result.failure = std::move(f);
                m_phase = Phase::done;
                return;
            }
            m_phase = after_field();
            return;
        case Phase::archive:
            if (auto f = failure_of(outcome, "archive card " + m_result.ref->id)) {
                m_result.failure = std::move(f);
            } else {
                m_result.state_applied = true;
                m_result.shown_state.reset();
            }
            m_phase = Phase::done;
            return;
        default:
            return;
        }
    }

    const OperationResult& result() const override { return m_result; }

private:
    Phase after_field() const {
        return m_c->archive && m_draft.state == model::ItemState::closed ? Phase::archive : Phase::done;
    }

    http::Request create() {
        const std::string list = list_for(*m_c, m_draft.state);
        util::JsonWriter body;
        body.begin_object()
            .field("idList", list.empty() ? m_c->list : list)
            .field("name", name_of(m_draft))
            .field("desc", desc_of(*m_c, m_draft))
            .field("pos", "bottom");
        if (!m_draft.url.empty()) {
            body.field("urlSource", m_draft.url); // attached: found again should the marker line be deleted
        }
        write_array(body, "idLabels", ids_of(*m_c, m_draft.labels));
        write_array(body, "idMembers", m_member.ids());
        body.end_object();
        return request(*m_c, "POST", "/1/cards", body.take());
    }

    void on_created(const http::Outcome& outcome) {
        if (m_member.retry_without(outcome)) {
            return; // made again without the member
        }
        if (auto f = failure_of(outcome, "create a card in list '" + m_c->list + "'")) {
            // No answer, or a server error: Trello may have made the card. A 4xx or 429, or a request the
            // stopping run never sent, means it did not.
            const long status = outcome.ok() ? outcome->status : 0;
            const bool not_sent = !outcome.ok() && outcome.failure().kind == util::Failure::Kind::interrupted;
            m_result.outcome_unknown = !not_sent && (status == 0 || status >= 500);
            m_result.failure = std::move(f);
            m_phase = Phase::done;
            return;
        }
        dom::parser parser;
        dom::element doc;
        std::string_view id;
        const bool parsed = !parser.parse(outcome->body).get(doc);
        if (!parsed || doc["id"].get_string().get(id)) {
            // Made, but we cannot tell which: the board scan finds it on the next run.
            m_result.outcome_unknown = true;
            m_result.failure = parsed ? malformed("create answer", "id")
                                      : util::Failure{util::Failure::Kind::parse,
                                                      "trello create answer: the body is not valid JSON", 0};
            m_phase = Phase::done;
            return;
        }
        std::string_view url;
        if (doc["url"].get_string().get(url)) {
            url = {};
        }
        m_result.ref = TargetRef{std::string(id), std::string(id), std::string(url)};
        m_result.fields_applied = true;
        m_result.memo = labels_memo(m_draft);
        m_result.warning = m_member.written();
        const bool archive_later = m_c->archive && m_draft.state == model::ItemState::closed;
        m_result.state_applied = !archive_later;
        if (archive_later) {
            m_result.shown_state = model::ItemState::open; // until it is archived
        }
        m_phase = !m_c->marker_field.empty() ? Phase::field : after_field();
    }

    std::shared_ptr<Context> m_c;
    model::Draft m_draft;
    LabelSteps m_labels;
    Member m_member;
    Phase m_phase;
    OperationResult m_result;
};

class UpdateOperation final : public Operation {
public:
    UpdateOperation(std::shared_ptr<Context> c, const Change& change)
        : m_c(c), m_draft(*change.draft), m_fields(change.fields), m_move(change.move_state),
          m_memo(memo_labels(change.memo)), m_labels(c, change.draft->labels, change.draft->label_colors),
          m_member(*c, m_draft) {
        m_result.ref = *change.item;
        m_result.state_applied = !m_move;
        m_result.fields_applied = m_fields == 0;
        if (m_result.fields_applied) {
            m_result.memo = labels_memo(m_draft);
        }
        m_phase = !(m_fields & model::Field::labels) ? Phase::write : m_labels.done() ? Phase::read : Phase::labels;
    }

    bool done() const override { return m_phase == Phase::done; }

    std::vector<http::Request> next() override {
        const std::string card = "/1/cards/" + util::url_encode(m_result.ref->id);
        switch (m_phase) {
        case Phase::labels:
            return m_labels.next();
        case Phase::read:
            return {request(*m_c, "GET", card + "?fields=idLabels")};
        case Phase::write:
            return {request(*m_c, "PUT", card, body())};
        case Phase::field:
            return {custom_field(*m_c, m_result.ref->id, m_draft.external_id)};
        default:
            return {};
        }
    }

    void on_outcome(std::size_t index, http::Outcome outcome) override {
        const std::string what = "update card " + m_result.ref->id;
        switch (m_phase) {
        case Phase::labels:
            m_labels.on_outcome(index, outcome);
            if (m_labels.failure()) {
                return finish(m_labels.failure());
            }
            if (m_labels.done()) {
                m_phase = Phase::read;
            }
            return;
        case Phase::read:
            if (auto f = failure_of(outcome, "read card " + m_result.ref->id)) {
                return finish(std::move(f));
            }
            if (auto f = read_labels(outcome->body)) {
                return finish(std::move(f));
            }
            m_phase = Phase::write;
            return;
        case Phase::write:
            if ((m_fields & model::Field::assignee) && m_member.retry_without(outcome)) {
                return; // written again without the member
            }
            if (auto f = failure_of(outcome, what)) {
                return finish(std::move(f));
            }
            m_result.fields_applied = true;
            m_result.state_applied = true;
            m_result.memo = labels_memo(m_draft);
            if (m_fields & model::Field::assignee) {
                m_result.warning = m_member.written();
            }
            if (!m_c->marker_field.empty() && m_fields == model::k_all_fields) {
                m_phase = Phase::field; // a card adopted or repaired: its marker field too
                return;
            }
            return finish(std::nullopt);
        case Phase::field:
            return finish(failure_of(outcome, "set the marker field of card " + m_result.ref->id));
        default:
            return;
        }
    }

    const OperationResult& result() const override { return m_result; }

private:
    void finish(std::optional<util::Failure> failure) {
        m_result.failure = std::move(failure);
        m_phase = Phase::done;
    }

    // The labels the card has now; kept are those not ours (added by hand) and not dropped by the draft.
    std::optional<util::Failure> read_labels(const std::string& body) {
        dom::parser parser;
        dom::element doc;
        dom::array ids;
        if (parser.parse(body).get(doc) || doc["idLabels"].get_array().get(ids)) {
            return malformed("card " + m_result.ref->id, "idLabels");
        }
        std::vector<std::string> dropped;
        for (const auto& name : m_memo) {
            if (!std::binary_search(m_draft.labels.begin(), m_draft.labels.end(), name) &&
                std::find(m_draft.labels.begin(), m_draft.labels.end(), name) == m_draft.labels.end()) {
                dropped.push_back(name);
            }
        }
        const std::vector<std::string> dropped_ids = ids_of(*m_c, dropped);
        std::vector<std::string> keep = ids_of(*m_c, m_draft.labels);
        for (dom::element e : ids) {
            std::string_view id;
            if (e.get_string().get(id)) {
                return malformed("card " + m_result.ref->id, "idLabels[]");
            }
            const std::string s(id);
            if (std::find(dropped_ids.begin(), dropped_ids.end(), s) == dropped_ids.end() &&
                std::find(keep.begin(), keep.end(), s) == keep.end()) {
                keep.push_back(s);
            }
        }
        m_label_ids = std::move(keep);
        return std::nullopt;
    }

    std::string body() {
        util::JsonWriter w;
        w.begin_object();
        if (m_fields & model::Field::title) {
            w.field("name", name_of(m_draft));
        }
        if (m_fields & (model::Field::body | model::Field::url)) {
            w.field("desc", desc_of(*m_c, m_draft));
        }
        if (m_fields & model::Field::labels) {
            write_array(w, "idLabels", m_label_ids);
        }
        if (m_fields & model::Field::assignee) {
            write_array(w, "idMembers", m_member.ids());
        }
        if (m_move) {
            const std::string list = list_for(*m_c, m_draft.state);
            if (!list.empty()) {
                w.field("idList", list);
            }
            // Reopening unarchives (a card archived by hand, or by close = "archive"); closing archives only
            // when configured so.
            if (m_draft.state == model::ItemState::open) {
                w.field("closed", false);
            } else if (m_c->archive) {
                w.field("closed", true);
            }
        }
        w.end_object();
        return w.take();
    }

    std::shared_ptr<Context> m_c;
    model::Draft m_draft;
    unsigned m_fields;
    bool m_move;
    std::vector<std::string> m_memo;
    LabelSteps m_labels;
    std::vector<std::string> m_label_ids;
    Member m_member;
    Phase m_phase;
    OperationResult m_result;
};

} // namespace

std::unique_ptr<Operation> make_write(std::shared_ptr<Context> c, const Change& change) {
    if (!change.item) {
        return std::make_unique<CreateOperation>(std::move(c), *change.draft);
    }
    return std::make_unique<UpdateOperation>(std::move(c), change);
}

} // namespace issuebridge::targets::trello
