// The writes of an Asana target: create (POST /tasks, carrying completed, tags and the identity) and update
// (PUT /tasks/{gid} for fields and completed; tags through the batch API, since updateTask does not set them).

#include "asana.hpp"

#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/strings.hpp"

#include <algorithm>

namespace issuebridge::targets::asana {

namespace {

namespace dom = simdjson::dom;

// The batch API takes at most 10 actions per request (API-FACTS §4.1).
constexpr std::size_t k_batch_actions = 10;

bool mentions(std::string_view body, std::string_view word) {
    return util::to_lower(error_text(body)).find(word) != std::string::npos;
}

// Asana refused the rich text: the 400 names html_notes or the XML (API-FACTS §4.1, "XML is invalid").
bool refused_rich_text(const http::Outcome& o) {
    return o.ok() && o->status == 400 && (mentions(o->body, "html_notes") || mentions(o->body, "xml"));
}

std::vector<std::string> tag_names(const Context& c, const model::Draft& draft) {
    return c.write_tags ? draft.labels : std::vector<std::string>{};
}

class CreateOperation final : public Operation {
public:
    CreateOperation(std::shared_ptr<Context> c, model::Draft draft)
        : m_c(std::move(c)), m_draft(std::move(draft)), m_tags(m_c, tag_names(*m_c, m_draft)) {}

    bool done() const override { return m_done; }

    std::vector<http::Request> next() override {
        m_tags.refresh();
        if (!m_tags.done()) {
            return {*m_tags.next()};
        }
        std::vector<std::string> gids;
        const auto by_name = m_tags.gids();
        for (const auto& label : tag_names(*m_c, m_draft)) {
            gids.push_back(by_name.at(label));
        }
        m_external = m_c->identity != Identity::notes;
        return {request(*m_c, "POST", "/tasks?opt_fields=gid,external,completed",
                        create_body(*m_c, m_draft, gids, m_external, m_rich))};
    }

    void on_outcome(std::size_t, http::Outcome outcome) override {
        if (!m_tags.done()) {
            m_tags.on_outcome(outcome);
            if (m_tags.failure()) {
                m_result.failure = m_tags.failure();
                m_done = true;
            }
            return;
        }
        if (m_external && refuses_external(outcome)) {
            m_c->identity = Identity::notes; // nothing was created: send it again with the notes marker only
            return;
        }
        if (m_rich && refused_rich_text(outcome)) {
            m_rich = false; // nothing was created: the plain notes instead, and a warning for this item
            m_result.warning = "asana refused the rich text of " + m_draft.external_id + " (" +
                               error_text(outcome->body) + "); written as plain notes";
            return;
        }
        m_done = true;
        if (auto f = failure_of(outcome, "create a task in project '" + m_c->project + "'")) {
            // No answer, or a server error: Asana may have made it. A 4xx or 429, or a request the stopping run
            // never sent, means it did not.
            const long status = outcome.ok() ? outcome->status : 0;
            const bool not_sent = !outcome.ok() && outcome.failure().kind == util::Failure::Kind::interrupted;
            m_result.outcome_unknown = !not_sent && (status == 0 || status >= 500);
            if (m_result.outcome_unknown) {
                m_c->index_fresh = false; // the next lookup must see it, if it was made
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
        dom::element root;
        std::string_view gid;
        if (parser.parse(body).get(root) || root["data"]["gid"].get_string().get(gid)) {
            // Created, but we cannot tell which: the marker finds it on the next run.
            m_result.outcome_unknown = true;
            m_c->index_fresh = false;
            m_result.failure = malformed("asana create answer", "data.gid");
            return;
        }
        if (m_external) {
            // Kept: lookups by external id hold for this run. Ignored (no external in the answer): notes only.
            std::string_view external;
            const bool kept =
                !root["data"]["external"]["gid"].get_string().get(external) && external == m_draft.external_id;
            m_c->identity = kept ? Identity::external : Identity::notes;
        }
        m_result.ref = TargetRef{std::string(gid), std::string(gid), task_url(gid)};
        m_result.fields_applied = true;
        m_result.state_applied = true; // completed is carried by the create
        m_result.memo = tags_memo(m_tags.gids());
        if (m_c->index_fresh) {
            Task t;
            t.gid = gid;
            t.external_id = m_draft.external_id;
            t.completed = m_draft.state == model::ItemState::closed;
            m_c->index.push_back(std::move(t));
            m_c->written.insert(std::string(gid));
        }
    }

    std::shared_ptr<Context> m_c;
    model::Draft m_draft;
    TagSteps m_tags;
    bool m_external = false;
    bool m_rich = true;
    bool m_done = false;
    OperationResult m_result;
};

class UpdateOperation final : public Operation {
public:
    UpdateOperation(std::shared_ptr<Context> c, TargetRef item, const model::Draft& draft, unsigned fields,
                    bool move_state, std::string_view memo)
        : m_c(std::move(c)), m_draft(draft), m_fields(fields), m_move(move_state),
          m_tags(m_c, (fields & model::Field::labels) ? tag_names(*m_c, draft) : std::vector<std::string>{}),
          m_old_tags(memo_tags(memo)) {
        m_result.ref = std::move(item);
        m_result.memo = std::string(memo);
        m_put = update_body(*m_c, m_draft, m_fields, m_move, true);
        m_labels = (fields & model::Field::labels) && m_c->write_tags;
        const std::string& section = draft.state == model::ItemState::closed ? m_c->done_section : m_c->section;
        if (move_state && !m_c->done_section.empty()) {
            m_section = section; // reopened without a section: it stays where it is
        }
        m_result.state_applied = !move_state;
        m_c->written.insert(m_result.ref->id);
        settle();
    }

    bool done() const override { return m_done; }

    std::vector<http::Request> next() override {
        if (!m_put.empty()) {
            return {request(*m_c, "PUT", "/tasks/" + m_result.ref->id, m_put)};
        }
        if (m_labels && !m_tags.done()) {
            return {*m_tags.next()};
        }
        if (m_labels) {
            return {batch()};
        }
        util::JsonWriter body;
        body.begin_object().key("data").begin_object().field("task", m_result.ref->id).end_object().end_object();
        return {request(*m_c, "POST", "/sections/" + m_section + "/addTask", body.take())};
    }

    void on_outcome(std::size_t, http::Outcome outcome) override {
        const std::string what = "update task " + m_result.ref->id;
        if (!m_put.empty()) {
            if (m_rich && refused_rich_text(outcome)) {
                m_rich = false;
                m_result.warning = "asana refused the rich text of " + m_draft.external_id + " (" +
                                   error_text(outcome->body) + "); written as plain notes";
                m_put = update_body(*m_c, m_draft, m_fields, m_move, false);
                return;
            }
            if (auto f = failure_of(outcome, what)) {
                return fail(std::move(*f));
            }
            m_put.clear();
            m_result.state_applied = !m_move || m_section.empty();
        } else if (m_labels && !m_tags.done()) {
            m_tags.on_outcome(outcome);
            if (m_tags.failure()) {
                return fail(*m_tags.failure());
            }
        } else if (m_labels) {
            if (auto f = read_batch(outcome)) {
                return fail(std::move(*f));
            }
            if (m_actions.empty()) {
                m_labels = false;
                m_result.memo = tags_memo(m_tags.gids());
            }
        } else {
            if (auto f = failure_of(outcome, "move task " + m_result.ref->id + " to section " + m_section)) {
                return fail(std::move(*f));
            }
            m_section.clear();
        }
        settle();
    }

    const OperationResult& result() const override { return m_result; }

private:
    struct Action {
        bool add;
        std::string tag;
    };

    void fail(util::Failure f) {
        m_result.failure = std::move(f);
        m_done = true;
    }

    // Plans the tag changes once the tags are known, and finishes when nothing is left to send.
    void settle() {
        m_tags.refresh();
        if (m_labels && m_tags.done() && !m_batched) {
            plan_batches();
        }
        if (m_put.empty() && !m_labels && m_section.empty()) {
            m_result.fields_applied = true;
            m_result.state_applied = true;
            m_done = true;
        }
    }

    // Adds every tag of the draft (adding one the task has is harmless) and removes those this target wrote that
    // the draft dropped; tags added by hand stay.
    void plan_batches() {
        m_batched = true;
        const auto now = m_tags.gids();
        for (const auto& [name, gid] : now) {
            m_actions.push_back({true, gid});
        }
        for (const auto& [name, gid] : m_old_tags) {
            if (!now.contains(name)) {
                m_actions.push_back({false, gid});
            }
        }
        if (m_actions.empty()) {
            m_labels = false;
        }
    }

    http::Request batch() {
        util::JsonWriter body;
        body.begin_object().key("data").begin_object().key("actions").begin_array();
        m_sent = std::min(m_actions.size(), k_batch_actions);
        for (std::size_t i = 0; i < m_sent; ++i) {
            const Action& a = m_actions[i];
            body.begin_object().field("method", "post");
            body.field("relative_path", "/tasks/" + m_result.ref->id + (a.add ? "/addTag" : "/removeTag"));
            body.key("data").begin_object().field("tag", a.tag).end_object().end_object();
        }
        body.end_array().end_object().end_object();
        http::Request r = request(*m_c, "POST", "/batch", body.take());
        r.idempotent = true; // adding or removing a tag twice leaves the task as once
        return r;
    }

    std::optional<util::Failure> read_batch(const http::Outcome& outcome) {
        const std::string what = "tags of task " + m_result.ref->id;
        if (auto f = failure_of(outcome, what)) {
            return f;
        }
        dom::parser parser;
        dom::element root;
        dom::array results;
        if (parser.parse(outcome->body).get(root)) {
            return not_json("asana batch answer");
        }
        if (root["data"].get_array().get(results) || results.size() != m_sent) {
            return malformed("asana batch answer", "data");
        }
        // 200 even when actions failed: each action's status is its own (API-FACTS §4.1).
        for (dom::element r : results) {
            std::int64_t status = 0;
            if (r["status_code"].get_int64().get(status)) {
                return malformed("asana batch answer", "data[].status_code");
            }
            if (status < 200 || status >= 300) {
                std::string_view message;
                if (r["body"]["errors"].at(0)["message"].get_string().get(message)) {
                    message = "no message";
                }
                return util::Failure{util::Failure::Kind::http,
                                     what + ": asana answered " + std::to_string(status) + ": " +
                                         util::printable(message),
                                     static_cast<int>(status)};
            }
        }
        m_actions.erase(m_actions.begin(), m_actions.begin() + static_cast<std::ptrdiff_t>(m_sent));
        return std::nullopt;
    }

    std::shared_ptr<Context> m_c;
    model::Draft m_draft;
    unsigned m_fields;
    bool m_move;
    bool m_rich = true;
    TagSteps m_tags;
    std::map<std::string, std::string> m_old_tags;
    std::string m_put; // the PUT's body while it is to be sent
    bool m_labels = false;
    bool m_batched = false;
    std::vector<Action> m_actions;
    std::size_t m_sent = 0;
    std::string m_section; // to move the task to, once the PUT is done
    bool m_done = false;
    OperationResult m_result;
};

} // namespace

std::unique_ptr<Operation> AsanaTarget::write(const Change& change) {
    if (!change.item) {
        return std::make_unique<CreateOperation>(m_context, *change.draft);
    }
    return std::make_unique<UpdateOperation>(m_context, *change.item, *change.draft, change.fields, change.move_state,
                                             change.memo);
}

} // namespace issuebridge::targets::asana
