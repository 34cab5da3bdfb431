// Reading our items back from Jira in bulk and comparing each with the draft it should show: on Cloud through POST
// /rest/api/3/issue/bulkfetch, 100 per request, all in one round; on Data Center, which has no bulkfetch, through
// `key in (…)` searches of 100 ids each (search_pages.hpp), also in one round unless the instance's maxResults cap
// cuts a page short of the ids asked.

#include "jira.hpp"
#include "search_pages.hpp"

#include "issuebridge/util/json_writer.hpp"

#include <simdjson.h>

#include <algorithm>

namespace issuebridge::targets::jira {

namespace {

namespace dom = simdjson::dom;

// Ids per request: the most bulkfetch takes; a DC search page as well.
constexpr std::size_t k_batch = 100;

bool same(dom::element a, dom::element b) {
    if (a.type() != b.type()) {
        // 1 and 1.0 are one number to JSON, not to simdjson.
        return a.is_number() && b.is_number() && a.get_double().value_unsafe() == b.get_double().value_unsafe();
    }
    switch (a.type()) {
    case dom::element_type::ARRAY: {
        const dom::array x = a.get_array().value_unsafe();
        const dom::array y = b.get_array().value_unsafe();
        if (x.size() != y.size()) {
            return false;
        }
        auto j = y.begin();
        for (auto i = x.begin(); i != x.end(); ++i, ++j) {
            if (!same(*i, *j)) {
                return false;
            }
        }
        return true;
    }
    case dom::element_type::OBJECT: {
        // Jira gives some nodes (tables, task lists, mentions) a localId of its own.
        const auto members = [](dom::object o) {
            std::size_t n = 0;
            for (auto field : o) {
                n += field.key != "localId";
            }
            return n;
        };
        const dom::object x = a.get_object().value_unsafe();
        const dom::object y = b.get_object().value_unsafe();
        if (members(x) != members(y)) {
            return false;
        }
        for (auto field : x) {
            dom::element other;
            if (field.key != "localId" && (y.at_key(field.key).get(other) || !same(field.value, other))) {
                return false;
            }
        }
        return true;
    }
    case dom::element_type::STRING:
        return a.get_string().value_unsafe() == b.get_string().value_unsafe();
    case dom::element_type::INT64:
        return a.get_int64().value_unsafe() == b.get_int64().value_unsafe();
    case dom::element_type::UINT64:
        return a.get_uint64().value_unsafe() == b.get_uint64().value_unsafe();
    case dom::element_type::DOUBLE:
        return a.get_double().value_unsafe() == b.get_double().value_unsafe();
    case dom::element_type::BOOL:
        return a.get_bool().value_unsafe() == b.get_bool().value_unsafe();
    case dom::element_type::NULL_VALUE:
        return true;
    }
    return false;
}

// What one item should show, rendered once when the operation is made.
struct Expected {
    std::string summary;
    std::string description; // ADF
    std::vector<std::string> labels;
    std::string assignee;
    model::ItemState state = model::ItemState::open;
    std::string memo; // kept when the item carries all the labels
};

class BulkInspect final : public InspectOperation {
public:
    BulkInspect(std::shared_ptr<Context> c, const std::vector<Expectation>& items) : m_c(std::move(c)) {
        for (const auto& item : items) {
            const model::Draft& d = *item.draft;
            m_expected.emplace(item.target_id, Expected{summary_of(d), description_of(m_c->dialect, d), labels_of(d),
                                                        d.assignee, d.state, labels_memo(d)});
        }
    }

    // Cloud: every batch goes in the first round, there is no second. DC: a batch follows its pages.
    bool done() const override {
        if (m_expected.empty() || m_result.failure) {
            return true;
        }
        return m_sent && std::all_of(m_batches.begin(), m_batches.end(), [](const Batch& b) { return b.done; });
    }

    std::vector<http::Request> next() override {
        if (!m_sent) {
            m_sent = true;
            for (auto it = m_expected.begin(); it != m_expected.end();) {
                auto& batch = m_batches.emplace_back();
                for (; it != m_expected.end() && batch.ids.size() < k_batch; ++it) {
                    batch.ids.push_back(it->first);
                }
            }
        }
        m_round.clear();
        std::vector<http::Request> requests;
        for (std::size_t b = 0; b < m_batches.size(); ++b) {
            if (!m_batches[b].done) {
                m_round.push_back(b);
                requests.push_back(m_c->dialect.start_at ? search(m_batches[b]) : bulkfetch(m_batches[b].ids));
            }
        }
        return requests;
    }

    void on_outcome(std::size_t index, http::Outcome outcome) override {
        Batch& batch = m_batches.at(m_round.at(index));
        batch.done = true; // unless a DC page follows
        std::optional<util::Failure> failure;
        if (!outcome.ok()) {
            failure = outcome.failure();
        } else if (!outcome->success()) {
            failure = http::failure_from(*outcome, "read jira issues back");
        } else {
            failure = read(outcome->body, batch);
        }
        if (failure && failure->kind == util::Failure::Kind::auth) {
            m_result.failure = failure; // nothing more can be read
        } else if (failure) {
            batch.done = true;
            for (const auto& id : batch.ids) {
                m_inspected[id].error = failure->message; // this batch fails; the others may not
            }
        }
    }

    const OperationResult& result() const override { return m_result; }
    const std::map<std::string, Inspected>& inspected() const override { return m_inspected; }

private:
    // The ids of one request, and (DC) where its pages have got to.
    struct Batch {
        std::vector<std::string> ids;
        bool done = false;
        SearchPages pages;
    };

    // DC: `key in (…)` takes issue ids as well as keys; unvalidated, so a deleted item is a warning, not a 400.
    http::Request search(const Batch& batch) const {
        std::string jql = "key in (";
        for (std::size_t i = 0; i < batch.ids.size(); ++i) {
            jql += (i ? ", " : "") + batch.ids[i];
        }
        return batch.pages.request(*m_c, jql + ")", {"summary", "description", "labels", "assignee", "status"}, false);
    }

    http::Request bulkfetch(const std::vector<std::string>& ids) const {
        util::JsonWriter body;
        body.begin_object().key("issueIdsOrKeys").begin_array();
        for (const auto& id : ids) {
            body.value(id);
        }
        body.end_array().key("fields").begin_array();
        for (const char* field : {"summary", "description", "labels", "assignee", "status"}) {
            body.value(field);
        }
        body.end_array().end_object();
        http::Request r = request(*m_c, "POST", "/issue/bulkfetch", body.take());
        r.idempotent = true; // a read
        return r;
    }

    std::optional<util::Failure> read(const std::string& text, Batch& batch) {
        const std::string answer = m_c->dialect.start_at ? "search" : "bulkfetch";
        const auto bad = [&answer](const std::string& field) {
            return util::Failure{util::Failure::Kind::parse,
                                 "jira " + answer + " answer: field '" + field + "' is malformed", 0};
        };
        dom::parser parser;
        dom::element root;
        dom::array issues;
        if (parser.parse(text).get(root) || root["issues"].get_array().get(issues)) {
            return bad("issues");
        }
        if (m_c->dialect.start_at) {
            if (auto failure = batch.pages.read(root, issues)) {
                return failure;
            }
            batch.done = batch.pages.done();
        }
        // Read the whole page before taking any of it, so a malformed item fails its batch rather than half of it.
        std::vector<std::pair<std::string, Inspected>> page;
        for (dom::element issue : issues) {
            std::string_view id;
            std::string_view key;
            dom::object fields;
            if (issue["id"].get_string().get(id) || issue["key"].get_string().get(key)) {
                return bad("issues[].id");
            }
            if (issue["fields"].get_object().get(fields)) {
                return bad("issues[].fields");
            }
            const auto it = m_expected.find(std::string(id));
            if (it == m_expected.end()) {
                continue; // not asked for
            }
            auto shown = compare(it->second, fields);
            if (!shown) {
                return bad("issues[].fields." + shown.failure().message);
            }
            shown->ref = {std::string(id), std::string(key), m_c->base_url + "/browse/" + std::string(key)};
            page.emplace_back(id, std::move(*shown));
        }
        dom::array errors;
        if (!root["issueErrors"].get_array().get(errors)) {
            for (dom::element e : errors) {
                std::string_view id;
                std::string_view message;
                if (e["id"].get_string().get(id) || e["errorMessage"].get_string().get(message)) {
                    return bad("issueErrors[]");
                }
                page.emplace_back(id, Inspected{{}, model::ItemState::open, 0, "jira: " + std::string(message), {}});
            }
        }
        for (auto& [id, shown] : page) {
            m_inspected[id] = std::move(shown);
        }
        return std::nullopt;
    }

    // The fields that differ, or a Failure naming the malformed field.
    util::Result<Inspected> compare(const Expected& want, dom::object fields) {
        using Fail = util::Failure;
        Inspected out;
        std::string_view summary;
        if (fields["summary"].get_string().get(summary)) {
            return Fail{Fail::Kind::parse, "summary", 0};
        }
        out.differs |= summary == want.summary ? 0U : unsigned{model::Field::title};

        dom::element description;
        dom::element expected;
        if (fields["description"].get(description)) {
            return Fail{Fail::Kind::parse, "description", 0};
        }
        if (m_adf.parse(want.description).get(expected) || !same(description, expected)) {
            out.differs |= model::Field::body;
        }

        dom::array labels;
        if (fields["labels"].get_array().get(labels)) {
            return Fail{Fail::Kind::parse, "labels", 0};
        }
        std::vector<std::string_view> shown_labels;
        for (dom::element label : labels) {
            std::string_view l;
            if (label.get_string().get(l)) {
                return Fail{Fail::Kind::parse, "labels[]", 0};
            }
            shown_labels.push_back(l);
        }
        // Labels someone added by hand are theirs to keep: only ours must all be there.
        const bool has_ours = std::all_of(want.labels.begin(), want.labels.end(), [&](const std::string& l) {
            return std::find(shown_labels.begin(), shown_labels.end(), l) != shown_labels.end();
        });
        out.differs |= has_ours ? 0U : unsigned{model::Field::labels};
        if (has_ours) {
            out.memo = want.memo; // as if written now: a later labels write may remove them
        }

        dom::element assignee;
        std::string_view account;
        if (fields["assignee"].get(assignee) ||
            (!assignee.is_null() && assignee[m_c->dialect.user_field].get_string().get(account))) {
            return Fail{Fail::Kind::parse, "assignee", 0};
        }
        out.differs |= account == want.assignee ? 0U : unsigned{model::Field::assignee};

        std::string_view category;
        if (fields["status"]["statusCategory"]["key"].get_string().get(category)) {
            return Fail{Fail::Kind::parse, "status.statusCategory.key", 0};
        }
        out.state = category == "done" ? model::ItemState::closed : model::ItemState::open;
        return out;
    }

    std::shared_ptr<Context> m_c;
    std::map<std::string, Expected> m_expected; // by target id
    bool m_sent = false;
    std::vector<Batch> m_batches;
    std::vector<std::size_t> m_round; // per request of the round in flight: its batch
    dom::parser m_adf;                // for the expected documents
    std::map<std::string, Inspected> m_inspected;
    OperationResult m_result;
};

} // namespace

bool same_document(std::string_view a, std::string_view b) {
    dom::parser pa;
    dom::parser pb;
    dom::element x;
    dom::element y;
    return !pa.parse(a.data(), a.size()).get(x) && !pb.parse(b.data(), b.size()).get(y) && same(x, y);
}

std::unique_ptr<InspectOperation> JiraTarget::inspect(const std::vector<Expectation>& items) {
    return std::make_unique<BulkInspect>(m_context, items);
}

} // namespace issuebridge::targets::jira
