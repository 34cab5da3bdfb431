// Finding our items on Jira by their marker labels, through JQL search (/rest/api/3/search/jql), all queries at once.

#include "jira.hpp"

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
            m_queries.push_back({"project = \"" + m_c->project + "\" ORDER BY created ASC", {}, false});
        }
        for (auto it = m_by_label.begin(); it != m_by_label.end();) {
            std::string jql = "project = \"" + m_c->project + "\" AND labels in (";
            for (std::size_t n = 0; n < k_batch && it != m_by_label.end(); ++n, ++it) {
                jql += (n ? ", \"" : "\"") + it->first + "\"";
            }
            m_queries.push_back({jql + ") ORDER BY created ASC", {}, false});
        }
        m_done = m_queries.empty();
    }

    bool done() const override { return m_done; }

    std::vector<http::Request> next() override {
        m_round.clear();
        std::vector<http::Request> requests;
        for (std::size_t q = 0; q < m_queries.size(); ++q) {
            if (!m_queries[q].done) {
                m_round.push_back(q);
                requests.push_back(search(m_queries[q]));
            }
        }
        return requests;
    }

    void on_outcome(std::size_t index, http::Outcome outcome) override {
        Query& query = m_queries[m_round.at(index)];
        query.done = true; // unless another page follows
        if (!outcome.ok() || !outcome->success()) {
            fail(outcome.ok() ? http::failure_from(*outcome, "search jira for markers") : outcome.failure());
        } else if (auto failure = read_page(outcome->body, query.token)) {
            fail(std::move(*failure));
        } else {
            query.done = query.token.empty();
        }
        const bool all_done = std::all_of(m_queries.begin(), m_queries.end(), [](const Query& q) { return q.done; });
        if (all_done || m_result.failure) {
            finish();
        }
    }

    const OperationResult& result() const override { return m_result; }
    const std::vector<Found>& found() const override { return m_found; }

private:
    // One JQL query and where its pages have got to.
    struct Query {
        std::string jql;
        std::string token; // of its next page; empty: the first
        bool done = false;
    };

    http::Request search(const Query& query) const {
        util::JsonWriter body;
        body.begin_object().field("jql", query.jql).field("maxResults", 100);
        body.key("fields").begin_array().value("labels").value("status").end_array();
        body.key("properties").begin_array().value(k_property).end_array();
        if (!query.token.empty()) {
            body.field("nextPageToken", query.token);
        }
        body.end_object();
        http::Request r = request(*m_c, "POST", "/rest/api/3/search/jql", body.take());
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

    // Takes the page's items and sets `token` to the next page's (empty on the last).
    std::optional<util::Failure> read_page(const std::string& body, std::string& token) {
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
            m_found.push_back(
                {TargetRef{std::string(id), std::string(key), m_c->base_url + "/browse/" + std::string(key)},
                 external_id, category == "done" ? model::ItemState::closed : model::ItemState::open});
        }
        std::string_view next;
        token = root["nextPageToken"].get_string().get(next) ? std::string() : std::string(next);
        return std::nullopt;
    }

    std::shared_ptr<Context> m_c;
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
