// The writes of a Jira target, Cloud or Data Center: create (then transition), update (fields and/or transition).

#include "jira.hpp"

#include "issuebridge/targets/registry.hpp"

#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/strings.hpp"

#include <simdjson.h>

namespace issuebridge::targets::jira {

namespace {

// DOM, not on-demand: each answer is checked whole before any field is read (see github/parse.cpp).
namespace dom = simdjson::dom;

// nullopt for a 2xx answer, else what went wrong, with Jira's own words when it gave any.
std::optional<util::Failure> failure_of(const http::Outcome& outcome, const std::string& what) {
    if (!outcome.ok()) {
        util::Failure f = outcome.failure();
        f.message = what + ": " + f.message;
        return f;
    }
    if (outcome->success()) {
        return std::nullopt;
    }
    util::Failure f = http::failure_from(*outcome, what);
    if (f.kind == util::Failure::Kind::http) {
        f.message = what + ": jira answered " + std::to_string(outcome->status) + ": " + error_text(outcome->body);
    }
    return f;
}

std::string transition_name(const Context& c, model::ItemState state) {
    return state == model::ItemState::closed ? c.close_transition : c.reopen_transition;
}

// Moves an item to a state through the configured transition: with a learnt id at once, else after reading the
// item's transitions. A transition that is not offered is fine when the item already has the state (someone
// closed it by hand); otherwise it is this item's error, naming the statuses the item can reach. A refused id
// (Cloud: 4xx; Data Center: also 500 "If transition ID is incorrect", API-FACTS §6.1) makes it read the
// transitions again, once.
class TransitionSteps {
public:
    // `item` is the issue id for URLs, `key` its name for messages.
    TransitionSteps(std::shared_ptr<Context> c, std::string item, std::string key, model::ItemState state)
        : m_c(std::move(c)), m_item(std::move(item)), m_key(std::move(key)), m_state(state),
          m_name(util::to_lower(transition_name(*m_c, state))) {
        const auto it = m_c->transition_ids.find(m_name);
        m_step = it == m_c->transition_ids.end() ? Step::list : Step::post;
        m_learnt = it != m_c->transition_ids.end();
    }

    std::optional<http::Request> next() {
        const std::string base = "/issue/" + m_item;
        switch (m_step) {
        case Step::list:
            return request(*m_c, "GET", base + "/transitions");
        case Step::post: {
            util::JsonWriter body;
            body.begin_object().key("transition").begin_object().field("id", m_c->transition_ids.at(m_name));
            body.end_object().end_object();
            return request(*m_c, "POST", base + "/transitions", body.take());
        }
        case Step::status:
            return request(*m_c, "GET", base + "?fields=status");
        case Step::done:
            break;
        }
        return std::nullopt;
    }

    void on_outcome(const http::Outcome& outcome) {
        const std::string what = "transition '" + transition_name(*m_c, m_state) + "' of " + m_key;
        if (auto f = failure_of(outcome, what)) {
            // A learnt id may not fit this item's status: learn again, once. Data Center answers an id it does
            // not know with a 500, which is no server fault to retry: read the transitions again, once, then fail.
            const long status = outcome.ok() ? outcome->status : 0;
            const bool dc_refused = m_c->dialect.start_at && status == 500;
            const bool refused = (status >= 400 && status < 500 && status != 401) || dc_refused;
            if (m_step == Step::post && refused && !m_relisted && (m_learnt || dc_refused)) {
                m_learnt = false;
                m_relisted = true;
                m_step = Step::list;
                return;
            }
            if (m_step == Step::post && dc_refused) {
                return finish(util::Failure{
                    util::Failure::Kind::other,
                    what + ": jira refused the transition id (500: " + error_text(outcome->body) + ")" + reachable(),
                    0});
            }
            return finish(std::move(f));
        }
        if (m_step == Step::post) {
            return finish(std::nullopt);
        }
        if (m_step == Step::list) {
            return read_transitions(outcome->body);
        }
        read_status(outcome->body);
    }

    bool done() const { return m_step == Step::done; }
    const std::optional<util::Failure>& failure() const { return m_failure; }

private:
    enum class Step { list, post, status, done };

    void finish(std::optional<util::Failure> failure) {
        m_failure = std::move(failure);
        m_step = Step::done;
    }

    void read_transitions(const std::string& body) {
        dom::parser parser;
        dom::element doc;
        dom::array list;
        if (parser.parse(body).get(doc)) {
            return finish(not_json("jira transitions of " + m_key));
        }
        if (doc["transitions"].get_array().get(list)) {
            return finish(util::Failure{util::Failure::Kind::parse,
                                        "jira transitions of " + m_key + ": field 'transitions' must be an array", 0});
        }
        m_reachable.clear();
        bool offered = false; // read them all: a later refusal names every status the item can reach
        for (dom::element t : list) {
            std::string_view id;
            std::string_view name;
            std::string_view to;
            if (t["id"].get_string().get(id) || t["name"].get_string().get(name)) {
                continue;
            }
            if (t["to"]["name"].get_string().get(to)) {
                to = {};
            }
            m_reachable.push_back(std::string(name) + (to.empty() ? "" : " -> " + std::string(to)));
            if (!offered && (util::to_lower(name) == m_name || util::to_lower(to) == m_name)) {
                m_c->transition_ids[m_name] = std::string(id);
                offered = true;
            }
        }
        m_step = offered ? Step::post : Step::status; // not offered: maybe the item is there already
    }

    void read_status(const std::string& body) {
        dom::parser parser;
        dom::element doc;
        std::string_view category;
        if (parser.parse(body).get(doc)) {
            return finish(not_json("jira issue " + m_key));
        }
        if (doc["fields"]["status"]["statusCategory"]["key"].get_string().get(category)) {
            return finish(util::Failure{util::Failure::Kind::parse,
                                        "jira issue " + m_key + ": field 'fields.status.statusCategory.key' is missing",
                                        0});
        }
        const bool closed = category == "done";
        if (closed == (m_state == model::ItemState::closed)) {
            return finish(std::nullopt);
        }
        finish(util::Failure{
            util::Failure::Kind::other,
            "transition '" + transition_name(*m_c, m_state) + "' is not available for " + m_key + reachable(), 0});
    }

    // "; it offers: Start -> In Progress, Close -> Done" from the transitions read last.
    std::string reachable() const {
        if (m_reachable.empty()) {
            return "; it offers no transition";
        }
        return "; it offers: " + util::join(m_reachable, ", ");
    }

    std::shared_ptr<Context> m_c;
    std::string m_item;
    std::string m_key;
    model::ItemState m_state;
    std::string m_name;
    Step m_step;
    bool m_learnt = false;
    bool m_relisted = false;              // the transitions were read again after a refused id
    std::vector<std::string> m_reachable; // "name -> status" of each transition read last
    std::optional<util::Failure> m_failure;
};

class CreateOperation final : public Operation {
public:
    CreateOperation(std::shared_ptr<Context> c, model::Draft draft) : m_c(std::move(c)), m_draft(std::move(draft)) {}

    // Finished once the create failed, or succeeded and needs no transition, or its transition finished.
    bool done() const override { return m_sent && (!m_transition || m_transition->done()); }

    std::vector<http::Request> next() override {
        if (!m_sent) {
            const bool closed = m_draft.state == model::ItemState::closed;
            m_carried = closed && m_carry ? m_c->create_close_id : std::string();
            return {request(*m_c, "POST", "/issue", create_body(*m_c, m_draft, m_carried))};
        }
        return {*m_transition->next()};
    }

    void on_outcome(std::size_t, http::Outcome outcome) override {
        if (m_transition) {
            m_transition->on_outcome(outcome);
            if (m_transition->done()) {
                m_result.state_applied = !m_transition->failure();
                m_result.failure = m_transition->failure();
                if (m_result.state_applied) {
                    m_result.shown_state.reset();
                    learn_create_transition();
                }
            }
            return;
        }
        if (!m_carried.empty() && outcome.ok() && outcome->status == 400 &&
            util::to_lower(error_text(outcome->body)).find("transition") != std::string::npos) {
            // The carried transition was refused, and with it the whole create: send it again without, and let
            // this run learn the transition again from the new item.
            if (m_c->create_close_id == m_carried) {
                m_c->create_close_id.clear();
            }
            m_carry = false;
            return;
        }
        m_sent = true;
        const std::string what = "create in project '" + m_c->project + "'";
        if (auto f = failure_of(outcome, what)) {
            // No answer, or a server error: Jira may have created it. A 4xx or 429, or a request the stopping
            // run never sent, means it did not.
            const long status = outcome.ok() ? outcome->status : 0;
            const bool not_sent = !outcome.ok() && outcome.failure().kind == util::Failure::Kind::interrupted;
            m_result.outcome_unknown = !not_sent && (status == 0 || status >= 500);
            if (const auto setting = status == 400 ? refused_setting(outcome->body) : std::string(); !setting.empty()) {
                // Every item would get the same answer: a setting to fix, not an item to retry.
                f->kind = util::Failure::Kind::config;
                f->message += " (check " + setting + " in target '" + m_c->name + "')";
            }
            m_result.failure = std::move(f);
            return;
        }
        read_created(outcome->body);
    }

    const OperationResult& result() const override { return m_result; }

private:
    void read_created(const std::string& body) {
        dom::parser parser;
        dom::element doc;
        std::string_view id;
        std::string_view key;
        const bool parsed = !parser.parse(body).get(doc);
        if (!parsed || doc["id"].get_string().get(id) || doc["key"].get_string().get(key)) {
            // Created, but we cannot tell which: the marker finds it on the next run.
            m_result.outcome_unknown = true;
            m_result.failure = parsed ? util::Failure{util::Failure::Kind::parse,
                                                      "jira create answer: fields 'id' and 'key' must be strings", 0}
                                      : not_json("jira create answer");
            return;
        }
        m_result.ref = TargetRef{std::string(id), std::string(key), m_c->base_url + "/browse/" + std::string(key)};
        m_result.fields_applied = true;
        m_result.memo = labels_memo(m_draft);
        // Jira creates items open, unless the create carried a transition and says it went through. An answer
        // that does not say is taken as open: the transition steps find the item closed if it is.
        std::int64_t moved = 0;
        m_result.state_applied =
            m_draft.state == model::ItemState::open ||
            (!m_carried.empty() && !doc["transition"]["status"].get_int64().get(moved) && moved >= 200 && moved < 300);
        if (!m_result.state_applied) {
            m_result.shown_state = model::ItemState::open; // until the transition goes through
            m_transition.emplace(m_c, m_result.ref->id, m_result.ref->key, m_draft.state);
        }
    }

    // The close transition moved the item this create made, from the status new items start in: later creates
    // carry it.
    void learn_create_transition() {
        const auto it = m_c->transition_ids.find(util::to_lower(m_c->close_transition));
        if (m_draft.state == model::ItemState::closed && it != m_c->transition_ids.end()) {
            m_c->create_close_id = it->second;
        }
    }

    std::shared_ptr<Context> m_c;
    model::Draft m_draft;
    bool m_sent = false;
    bool m_carry = true;   // a closed draft's create may carry the learnt transition
    std::string m_carried; // the transition id the create sent carried, if any
    std::optional<TransitionSteps> m_transition;
    OperationResult m_result;
};

class UpdateOperation final : public Operation {
public:
    UpdateOperation(std::shared_ptr<Context> c, TargetRef item, const model::Draft& draft, unsigned fields,
                    bool transition, std::string_view memo)
        : m_c(std::move(c)), m_body(fields ? update_body(*m_c, draft, fields, memo) : std::string()) {
        m_result.ref = std::move(item);
        m_result.fields_applied = fields == 0;
        // The labels on the item are the draft's: written now, or equal to those written before (the fingerprints
        // that chose the fields agree).
        m_memo = labels_memo(draft);
        if (m_result.fields_applied) {
            m_result.memo = m_memo;
        }
        m_result.state_applied = !transition;
        if (transition) {
            m_transition.emplace(m_c, m_result.ref->id, m_result.ref->key, draft.state);
        }
    }

    bool done() const override {
        return m_result.failure || (m_result.fields_applied && (!m_transition || m_transition->done()));
    }

    std::vector<http::Request> next() override {
        if (!m_result.fields_applied) {
            return {request(*m_c, "PUT", "/issue/" + m_result.ref->id, m_body)};
        }
        return {*m_transition->next()};
    }

    void on_outcome(std::size_t, http::Outcome outcome) override {
        if (!m_result.fields_applied) {
            m_result.failure = failure_of(outcome, "update " + m_result.ref->key);
            m_result.fields_applied = !m_result.failure;
            if (m_result.fields_applied) {
                m_result.memo = m_memo;
            }
            return;
        }
        m_transition->on_outcome(outcome);
        if (m_transition->done()) {
            m_result.state_applied = !m_transition->failure();
            m_result.failure = m_transition->failure();
        }
    }

    const OperationResult& result() const override { return m_result; }

private:
    std::shared_ptr<Context> m_c;
    std::string m_body;
    std::string m_memo; // kept once the fields are written
    std::optional<TransitionSteps> m_transition;
    OperationResult m_result;
};

} // namespace

// Defined in find.cpp; an empty list of ids means every item of the project that carries a marker.
std::unique_ptr<FindOperation> make_find(std::shared_ptr<Context> context,
                                         const std::vector<std::string>& external_ids);

Capabilities JiraTarget::capabilities() const { return row().capabilities; }

std::unique_ptr<Operation> JiraTarget::write(const Change& change) {
    if (!change.item) {
        return std::make_unique<CreateOperation>(m_context, *change.draft);
    }
    return std::make_unique<UpdateOperation>(m_context, *change.item, *change.draft, change.fields, change.move_state,
                                             change.memo);
}

std::unique_ptr<FindOperation> JiraTarget::find(const std::vector<Sought>& items) {
    return make_find(m_context, external_ids_of(items));
}

std::unique_ptr<FindOperation> JiraTarget::find_all() { return make_find(m_context, {}); }

} // namespace issuebridge::targets::jira
