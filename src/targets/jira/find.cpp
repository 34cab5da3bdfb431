// Finding our items on Jira by their marker labels, through JQL search, all queries at once: Cloud's
// /rest/api/3/search/jql (nextPageToken), or Data Center's /rest/api/2/search (startAt within key ranges; the item's
// property read per item when the external id must come from it, since DC search answers carry no properties).

#include "jira.hpp"
#include "search_pages.hpp"

#include "issuebridge/util/json_writer.hpp"

#include <simdjson.h>

#include <algorithm>
#include <map>

namespace issuebridge::targets::jira {

namespace {

namespace dom = simdjson::dom;

// Labels per query: JQL stays short and one page of answers holds them.
constexpr std::size_t k_batch = 50;

// Every query (one per k_batch markers, or the whole project) is sent in the same round; each then follows its own
// pages. What was found is sorted oldest first once all have finished.
class FindByMarker final : public FindOperation {
public:
    FindByMarker(std::shared_ptr<Context> c, const std::vector<std::string>& external_ids)
        : m_c(std::move(c)), m_all(external_ids.empty()) {
        for (const auto& id : external_ids) {
            m_by_label.emplace(marker_label(id), id);
        }
        if (m_all) {
            // JQL has no prefix match on labels: read the project and keep what carries our marker.
            m_queries.push_back({"project = \"" + m_c->project + "\"", {}, false, {}});
        }
        for (auto it = m_by_label.begin(); it != m_by_label.end();) {
            std::string jql = "project = \"" + m_c->project + "\" AND labels in (";
            for (std::size_t n = 0; n < k_batch && it != m_by_label.end(); ++n, ++it) {
                jql += (n ? ", \"" : "\"") + it->first + "\"";
            }
            m_queries.push_back({jql + ")", {}, false, {}});
        }
        m_done = m_queries.empty();
    }

    bool done() const override { return m_done; }

    std::vector<http::Request> next() override {
        m_round.clear();
        std::vector<http::Request> requests;
        if (m_reading_properties) {
            for (const auto& p : m_pending) {
                http::Request r = request(*m_c, "GET", "/issue/" + p.ref.id + "/properties/" + std::string(k_property));
                r.idempotent = true; // a read
                requests.push_back(std::move(r));
            }
            return requests;
        }
        for (std::size_t q = 0; q < m_queries.size(); ++q) {
            if (!m_queries[q].done) {
                m_round.push_back(q);
                requests.push_back(search(m_queries[q]));
            }
        }
        return requests;
    }

    void on_outcome(std::size_t index, http::Outcome outcome) override {
        if (m_reading_properties) {
            return on_property(index, outcome);
        }
        Query& query = m_queries[m_round.at(index)];
        query.done = true; // unless another page follows
        if (outcome.ok() && m_c->dialect.start_at && query.pages.refused_past_window(*outcome)) {
            query.done = false; // the result window ended the range: the next page starts a new one
        } else if (!outcome.ok() || !outcome->success()) {
            fail(outcome.ok() ? http::failure_from(*outcome, "search jira for markers") : outcome.failure());
        } else if (auto failure = read_page(outcome->body, query)) {
            fail(std::move(*failure));
        } else {
            query.done = m_c->dialect.start_at ? query.pages.done() : query.token.empty();
        }
        const bool all_done = std::all_of(m_queries.begin(), m_queries.end(), [](const Query& q) { return q.done; });
        if (all_done && !m_result.failure && !m_pending.empty()) {
            m_reading_properties = true; // DC, every marked item of the project: their ids are in the properties
            m_property_answers = 0;
        } else if (all_done || m_result.failure) {
            finish();
        }
    }

    const OperationResult& result() const override { return m_result; }
    const std::vector<Found>& found() const override { return m_found; }

private:
    // One JQL query (without ORDER BY) and where its pages have got to.
    struct Query {
        std::string jql;
        std::string token; // Cloud: of its next page; empty: the first
        bool done = false;
        SearchPages pages; // Data Center
    };

    http::Request search(const Query& query) const {
        if (m_c->dialect.start_at) {
            return query.pages.request(*m_c, query.jql, {"labels", "status"});
        }
        util::JsonWriter body;
        body.begin_object().field("jql", query.jql + " ORDER BY created ASC").field("maxResults", 100);
        body.key("fields").begin_array().value("labels").value("status").end_array();
        body.key("properties").begin_array().value(k_property).end_array();
        if (!query.token.empty()) {
            body.field("nextPageToken", query.token);
        }
        body.end_object();
        http::Request r = request(*m_c, "POST", "/search/jql", body.take());
        r.idempotent = true; // a search changes nothing
        return r;
    }

    // The first failure of the round is the lookup's; the other queries stop after this round.
    void fail(util::Failure failure) {
        if (!m_result.failure) {
            m_result.failure = std::move(failure);
        }
    }

    void finish() {
        m_done = true;
        for (auto& q : m_queries) {
            q.done = true;
        }
        std::sort(m_found.begin(), m_found.end(), [](const Found& a, const Found& b) {
            return a.ref.id.size() != b.ref.id.size() ? a.ref.id.size() < b.ref.id.size() : a.ref.id < b.ref.id;
        });
    }

    // Takes the page's items and moves the query on to its next page (Cloud: its token, empty on the last).
    std::optional<util::Failure> read_page(const std::string& body, Query& query) {
        const auto bad = [](std::string field) {
            return util::Failure{util::Failure::Kind::parse, "jira search answer: field '" + field + "' is malformed",
                                 0};
        };
        // DOM, not on-demand: the whole answer is checked before any field is read (see github/parse.cpp).
        dom::parser parser;
        dom::element root;
        dom::array issues;
        if (parser.parse(body).get(root)) {
            return not_json("jira search answer");
        }
        if (root["issues"].get_array().get(issues)) {
            return bad("issues");
        }
        if (m_c->dialect.start_at) {
            if (auto failure = query.pages.read(root, issues)) {
                return failure;
            }
        }
        for (dom::element issue : issues) {
            std::string_view id;
            std::string_view key;
            std::string_view category;
            dom::object fields;
            dom::array labels;
            if (issue["id"].get_string().get(id) || issue["key"].get_string().get(key)) {
                return bad("issues[].id");
            }
            if (issue["fields"].get_object().get(fields) || fields["labels"].get_array().get(labels)) {
                return bad("issues[].fields.labels");
            }
            std::vector<std::string> marks; // our labels on this issue
            for (dom::element label : labels) {
                std::string_view l;
                if (!label.get_string().get(l) && l.starts_with("issuebridge-")) {
                    marks.emplace_back(l);
                }
            }
            if (fields["status"]["statusCategory"]["key"].get_string().get(category)) {
                category = {};
            }
            const model::ItemState state = category == "done" ? model::ItemState::closed : model::ItemState::open;
            TargetRef ref{std::string(id), std::string(key), m_c->base_url + "/browse/" + std::string(key)};
            if (m_all && m_c->dialect.start_at) {
                if (!marks.empty()) { // its property, read next, says whose it is
                    m_pending.push_back({std::move(ref), std::move(marks), state});
                }
                continue;
            }
            // The property holds the full id; the label must be its marker. A label alike by a hash collision, or
            // a property copied onto another issue by hand, is not taken for ours.
            std::string_view property_id;
            const bool has_property = !issue["properties"][k_property]["externalId"].get_string().get(property_id);
            std::string external_id;
            for (const auto& mark : marks) {
                const auto it = m_by_label.find(mark);
                if (m_all ? has_property && mark == marker_label(property_id) : it != m_by_label.end()) {
                    external_id = m_all ? std::string(property_id) : it->second;
                }
            }
            if (external_id.empty() || (has_property && property_id != external_id)) {
                continue;
            }
            m_found.push_back({std::move(ref), external_id, state});
        }
        std::string_view next;
        query.token = root["nextPageToken"].get_string().get(next) ? std::string() : std::string(next);
        return std::nullopt;
    }

    // GET .../properties/issuebridge: {"key":"issuebridge","value":{"externalId":…}}. An item without the property
    // (404) or whose marker is not its property's is not ours.
    void on_property(std::size_t index, const http::Outcome& outcome) {
        Pending& p = m_pending.at(index);
        if (!outcome.ok()) {
            fail(outcome.failure());
        } else if (outcome->status != 404 && !outcome->success()) {
            fail(http::failure_from(*outcome, "read the marker property of " + p.ref.key));
        } else if (outcome->success()) {
            dom::parser parser;
            dom::element root;
            std::string_view external_id;
            if (parser.parse(outcome->body).get(root)) {
                fail(not_json("jira property of " + p.ref.key));
            } else if (root["value"]["externalId"].get_string().get(external_id)) {
                fail(util::Failure{util::Failure::Kind::parse,
                                   "jira property of " + p.ref.key + ": field 'value.externalId' is malformed", 0});
            } else if (std::find(p.marks.begin(), p.marks.end(), marker_label(external_id)) != p.marks.end()) {
                m_found.push_back({p.ref, std::string(external_id), p.state});
            }
        }
        if (++m_property_answers == m_pending.size() || m_result.failure) {
            finish();
        }
    }

    // A marked item found by a DC search of the whole project, waiting for its property.
    struct Pending {
        TargetRef ref;
        std::vector<std::string> marks;
        model::ItemState state;
    };

    std::shared_ptr<Context> m_c;
    std::vector<Pending> m_pending;
    bool m_reading_properties = false;
    std::size_t m_property_answers = 0;
    bool m_all;                                    // every marked item of the project, ids read from the property
    std::map<std::string, std::string> m_by_label; // marker label -> external id
    std::vector<Query> m_queries;
    std::vector<std::size_t> m_round; // per request of the round in flight: its query
    bool m_done = false;
    std::vector<Found> m_found;
    OperationResult m_result;
};

} // namespace

std::unique_ptr<FindOperation> make_find(std::shared_ptr<Context> context,
                                         const std::vector<std::string>& external_ids) {
    return std::make_unique<FindByMarker>(std::move(context), external_ids);
}

} // namespace issuebridge::targets::jira
