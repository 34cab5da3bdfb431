// The writes of a GitHub target: create (then close), update (fields and/or state in one PATCH). Labels the issue
// needs are created in the repository first when missing (GET .../labels once per run, POST .../labels for each
// missing one), so they get our colour rather than GitHub's grey, and never twice (GitHub refuses a second label of
// the same name with 422 already_exists, which we take as done); so is its milestone (milestone.cpp).

#include "github.hpp"

#include "issuebridge/targets/registry.hpp"
#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/strings.hpp"

#include <simdjson.h>

#include <map>

namespace issuebridge::targets::github {

namespace {

namespace dom = simdjson::dom;

// Makes sure the repository has every label of `wanted`: lists the labels when not known this run, then creates
// those missing, all in one round, each in the route's colour for it (`colors`) or its own.
class EnsureLabels {
public:
    EnsureLabels(std::shared_ptr<Context> c, std::vector<std::string> wanted, std::map<std::string, std::string> colors)
        : m_c(std::move(c)), m_wanted(std::move(wanted)), m_colors(std::move(colors)), m_list(m_c) {
        if (m_list.done()) {
            plan_creates();
        }
    }

    bool done() const { return m_failure || (m_list.done() && m_sent && m_answered == m_creates.size()); }

    std::vector<http::Request> next() {
        if (!m_list.done()) {
            return {m_list.next()};
        }
        m_sent = true;
        // Another operation of this run may have sent the same label since this one listed: not twice.
        std::erase_if(m_creates,
                      [this](const std::string& name) { return m_c->labels->contains(util::to_lower(name)); });
        std::vector<http::Request> out;
        for (const auto& name : m_creates) {
            util::JsonWriter body;
            const auto color = m_colors.find(name);
            body.begin_object()
                .field("name", name)
                .field("color", color != m_colors.end() ? color->second : label_color(name));
            if (name == m_c->marker_label) {
                body.field("description", "Issues kept in sync by issuebridge");
            }
            out.push_back(request(*m_c, "POST", repo_path(*m_c) + "/labels", body.end_object().take()));
            m_c->labels->insert(util::to_lower(name)); // no other operation of this run creates it again
        }
        return out;
    }

    void on_outcome(std::size_t index, const http::Outcome& outcome) {
        if (!m_list.done()) {
            m_list.on_outcome(outcome);
            if (m_list.failure()) {
                m_failure = m_list.failure();
            } else if (m_list.done()) {
                plan_creates();
            }
            return;
        }
        ++m_answered;
        const bool exists =
            outcome.ok() && outcome->status == 422 && outcome->body.find("already_exists") != std::string::npos;
        if (exists) {
            return;
        }
        if (auto f = failure_of(outcome, "create label '" + m_creates.at(index) + "' in " + m_c->repo)) {
            m_c->labels->erase(util::to_lower(m_creates.at(index))); // a later operation may try again
            if (!m_failure) {
                m_failure = std::move(f);
            }
        }
    }

    const std::optional<util::Failure>& failure() const { return m_failure; }

private:
    void plan_creates() {
        for (const auto& name : m_wanted) {
            if (!m_c->labels->contains(util::to_lower(name))) {
                m_creates.push_back(name);
            }
        }
        m_sent = m_creates.empty();
    }

    std::shared_ptr<Context> m_c;
    std::vector<std::string> m_wanted;
    std::map<std::string, std::string> m_colors;
    LabelSteps m_list;
    std::vector<std::string> m_creates;
    bool m_sent = false;
    std::size_t m_answered = 0;
    std::optional<util::Failure> m_failure;
};

std::string issue_path(const Context& c, const TargetRef& ref) { return repo_path(c) + "/issues/" + ref.id; }

class CreateOperation final : public Operation {
public:
    CreateOperation(std::shared_ptr<Context> c, model::Draft draft)
        : m_c(std::move(c)), m_draft(std::move(draft)), m_labels(m_c, labels_of(*m_c, m_draft), m_draft.label_colors),
          m_milestone(m_c, m_draft.milestone.value_or("")) {
        if (m_labels.done()) {
            m_step = after_labels(); // every label is known to exist
        }
    }

    bool done() const override { return m_done; }

    std::vector<http::Request> next() override {
        switch (m_step) {
        case Step::labels:
            if (auto out = m_labels.next(); !out.empty() || !m_labels.done()) {
                return out;
            }
            m_step = after_labels(); // every label it needed was sent by another operation meanwhile
            return next();
        case Step::milestone:
            if (m_milestone.done()) { // learnt by another operation meanwhile
                m_step = Step::create;
                return next();
            }
            return {m_milestone.next()};
        case Step::create:
            return {
                request(*m_c, "POST", repo_path(*m_c) + "/issues", create_body(*m_c, m_draft, m_milestone.number()))};
        case Step::close:
            return {request(*m_c, "PATCH", issue_path(*m_c, *m_result.ref),
                            edit_body(m_draft, 0, {}, std::nullopt, model::ItemState::closed))};
        }
        return {};
    }

    void on_outcome(std::size_t index, http::Outcome outcome) override {
        switch (m_step) {
        case Step::labels:
            m_labels.on_outcome(index, outcome);
            if (m_labels.failure()) {
                m_result.failure = m_labels.failure();
                m_done = true;
            } else if (m_labels.done()) {
                m_step = after_labels();
            }
            return;
        case Step::milestone:
            m_milestone.on_outcome(outcome);
            if (m_milestone.failure()) {
                m_result.failure = m_milestone.failure();
                m_done = true;
            } else if (m_milestone.done()) {
                m_step = Step::create;
            }
            return;
        case Step::create:
            m_c->index.reset(); // a write: the next lookup lists again
            return created(outcome);
        case Step::close:
            m_done = true;
            m_result.failure = failure_of(outcome, "close " + m_result.ref->key);
            m_result.state_applied = !m_result.failure;
            if (m_result.state_applied) {
                m_result.shown_state.reset();
            }
            return;
        }
    }

    const OperationResult& result() const override { return m_result; }

private:
    enum class Step { labels, milestone, create, close };

    Step after_labels() const { return m_milestone.done() ? Step::create : Step::milestone; }

    void created(const http::Outcome& outcome) {
        m_done = true;
        if (auto f = failure_of(outcome, "create an issue in " + m_c->repo)) {
            // No answer, or a server error: GitHub may have created it. A 4xx (a secondary limit's 403 included)
            // or a request the stopping run never sent means it did not.
            const long status = outcome.ok() ? outcome->status : 0;
            const bool not_sent = !outcome.ok() && outcome.failure().kind == util::Failure::Kind::interrupted;
            m_result.outcome_unknown = !not_sent && (status == 0 || status >= 500);
            if (status == 404 || status == 410) {
                // Every item would get the same answer: a setting to fix, not an item to retry.
                f->kind = util::Failure::Kind::config;
                f->message += " (check repo in target '" + m_c->name +
                              "', that its issues are enabled, and the "
                              "token's access)";
            }
            m_result.failure = std::move(f);
            return;
        }
        dom::parser parser;
        dom::element doc;
        std::int64_t number = 0;
        std::string_view url;
        const bool parsed = !parser.parse(outcome->body).get(doc);
        if (!parsed || doc["number"].get_int64().get(number) || doc["html_url"].get_string().get(url)) {
            // Created, but we cannot tell which: the marker finds it on the next run.
            m_result.outcome_unknown = true;
            m_result.failure = util::Failure{util::Failure::Kind::parse,
                                             "github create answer: fields 'number' and 'html_url' are malformed", 0};
            return;
        }
        const std::string n = std::to_string(number);
        m_result.ref = TargetRef{n, m_c->repo + "#" + n, std::string(url)};
        m_result.fields_applied = true;
        m_result.memo = labels_memo(m_draft);
        m_result.state_applied = m_draft.state == model::ItemState::open; // GitHub creates issues open
        if (!m_result.state_applied) {
            m_result.shown_state = model::ItemState::open; // until the close goes through
            m_step = Step::close;
            m_done = false;
        }
    }

    std::shared_ptr<Context> m_c;
    model::Draft m_draft;
    EnsureLabels m_labels;
    MilestoneSteps m_milestone;
    Step m_step = Step::labels;
    bool m_done = false;
    OperationResult m_result;
};

// An update: with labels, the labels are made sure of and the issue's own read first (a PATCH replaces the whole
// set, and labels added by hand must stay); with a milestone, its number is learnt (or it is created); then one
// PATCH writes the fields and the state together.
class UpdateOperation final : public Operation {
public:
    UpdateOperation(std::shared_ptr<Context> c, TargetRef item, const model::Draft& draft, unsigned fields,
                    bool move_state, std::string_view memo)
        : m_c(std::move(c)), m_draft(draft), m_fields(fields), m_ours(labels_of(*m_c, draft)),
          m_memo_labels(memo_labels(memo)),
          m_labels(m_c, (fields & model::Field::labels) ? m_ours : std::vector<std::string>{}, draft.label_colors),
          m_milestone(m_c, (fields & model::Field::milestone) ? draft.milestone.value_or("") : std::string()) {
        m_result.ref = std::move(item);
        m_result.fields_applied = fields == 0;
        m_result.state_applied = !move_state;
        if (move_state) {
            m_state = draft.state;
        }
        if (m_result.fields_applied) {
            m_result.memo = labels_memo(draft); // the fingerprints that chose no field agree on the labels
        }
        m_step = (fields & model::Field::labels) && !m_labels.done() ? Step::labels : after_labels();
        m_done = fields == 0 && !move_state;
    }

    bool done() const override { return m_done; }

    std::vector<http::Request> next() override {
        switch (m_step) {
        case Step::labels:
            if (auto out = m_labels.next(); !out.empty() || !m_labels.done()) {
                return out;
            }
            m_step = after_labels(); // every label it needed was sent by another operation meanwhile
            return next();
        case Step::milestone:
            if (m_milestone.done()) { // learnt by another operation meanwhile
                m_step = after_milestone();
                return next();
            }
            return {m_milestone.next()};
        case Step::read:
            return {request(*m_c, "GET", issue_path(*m_c, *m_result.ref))};
        case Step::patch:
            return {request(*m_c, "PATCH", issue_path(*m_c, *m_result.ref),
                            edit_body(m_draft, m_fields, m_write_labels, m_milestone.number(), m_state))};
        }
        return {};
    }

    void on_outcome(std::size_t index, http::Outcome outcome) override {
        switch (m_step) {
        case Step::labels:
            m_labels.on_outcome(index, outcome);
            if (m_labels.failure()) {
                return finish(m_labels.failure());
            }
            if (m_labels.done()) {
                m_step = after_labels();
            }
            return;
        case Step::milestone:
            m_milestone.on_outcome(outcome);
            if (m_milestone.failure()) {
                return finish(m_milestone.failure());
            }
            if (m_milestone.done()) {
                m_step = after_milestone();
            }
            return;
        case Step::read:
            if (auto f = failure_of(outcome, "read " + m_result.ref->key)) {
                return finish(std::move(f));
            }
            return read_labels(outcome->body);
        case Step::patch:
            m_c->index.reset(); // a write: the next lookup lists again
            if (auto f = failure_of(outcome, "update " + m_result.ref->key)) {
                return finish(std::move(f));
            }
            m_result.fields_applied = true;
            m_result.state_applied = true;
            m_result.memo = labels_memo(m_draft);
            return finish(std::nullopt);
        }
    }

    const OperationResult& result() const override { return m_result; }

private:
    enum class Step { labels, milestone, read, patch };

    Step after_labels() const { return m_milestone.done() ? after_milestone() : Step::milestone; }
    Step after_milestone() const { return (m_fields & model::Field::labels) ? Step::read : Step::patch; }

    void finish(std::optional<util::Failure> failure) {
        m_result.failure = std::move(failure);
        m_done = true;
    }

    void read_labels(const std::string& body) {
        dom::parser parser;
        dom::element doc;
        dom::array labels;
        if (parser.parse(body).get(doc) || doc["labels"].get_array().get(labels)) {
            return finish(util::Failure{util::Failure::Kind::parse,
                                        "github issue " + m_result.ref->key + ": field 'labels' is malformed", 0});
        }
        std::vector<std::string> shown;
        for (dom::element label : labels) {
            std::string_view name;
            if (label["name"].get_string().get(name)) {
                return finish(
                    util::Failure{util::Failure::Kind::parse,
                                  "github issue " + m_result.ref->key + ": field 'labels[].name' is malformed", 0});
            }
            shown.emplace_back(name);
        }
        m_write_labels = merged_labels(shown, m_ours, m_memo_labels);
        m_step = Step::patch;
    }

    std::shared_ptr<Context> m_c;
    model::Draft m_draft;
    unsigned m_fields;
    std::vector<std::string> m_ours;
    std::vector<std::string> m_memo_labels;
    std::vector<std::string> m_write_labels;
    std::optional<model::ItemState> m_state;
    EnsureLabels m_labels;
    MilestoneSteps m_milestone;
    Step m_step = Step::patch;
    bool m_done = false;
    OperationResult m_result;
};

} // namespace

Capabilities GitHubTarget::capabilities() const { return row().capabilities; }

std::unique_ptr<Operation> GitHubTarget::write(const Change& change) {
    if (!change.item) {
        return std::make_unique<CreateOperation>(m_context, *change.draft);
    }
    return std::make_unique<UpdateOperation>(m_context, *change.item, *change.draft, change.fields, change.move_state,
                                             change.memo);
}

} // namespace issuebridge::targets::github
