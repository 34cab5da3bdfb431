// Finding our tasks again and reading them back: GET /tasks/external:<id> where a create of this run proved the
// token keeps `external`, else one paged listing of the project (GET /projects/{gid}/tasks, limit=100, offsets),
// indexed once per run and read again only for tasks this run wrote since. Never the search API: premium only and
// 10-60 s behind (API-FACTS §4).

#include "asana.hpp"

#include "issuebridge/util/strings.hpp"

#include <algorithm>
#include <functional>

namespace issuebridge::targets::asana {

namespace {

namespace dom = simdjson::dom;

// An expired offset restarts the listing from its first page (API-FACTS §4.1); this many times at most.
constexpr int k_restarts = 3;

bool older(const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b; // gids grow with time
}

Found found_of(const Task& t) {
    return {TargetRef{t.gid, t.gid, task_url(t.gid)}, t.external_id,
            t.completed ? model::ItemState::closed : model::ItemState::open};
}

// Whether the index may answer for these gids: listed this run, and none written since.
bool index_holds(const Context& c, const std::vector<std::string>& gids) {
    return c.index_fresh &&
           std::none_of(gids.begin(), gids.end(), [&](const auto& g) { return c.written.contains(g); });
}

// The listing of the project into the context's index, then `finish`. Starts done when the index may answer.
template <typename Base> class Scan : public Base {
public:
    Scan(std::shared_ptr<Context> c, bool needed) : m_c(std::move(c)), m_listing(needed) {}

    bool done() const override { return m_done; }

    std::vector<http::Request> next() override {
        std::string path =
            "/projects/" + util::url_encode(m_c->project) + "/tasks?limit=100&opt_fields=" + task_fields();
        if (!m_offset.empty()) {
            path += "&offset=" + util::url_encode(m_offset);
        }
        return {request(*m_c, "GET", path)};
    }

    void on_outcome(std::size_t, http::Outcome outcome) override {
        if (!m_offset.empty() && outcome.ok() && outcome->status == 400 && m_restarts < k_restarts) {
            // The offset expired (the project changed meanwhile): from the first page again.
            ++m_restarts;
            m_offset.clear();
            m_tasks.clear();
            return;
        }
        if (auto f = failure_of(outcome, "list the tasks of project '" + m_c->project + "'")) {
            return fail(std::move(*f));
        }
        dom::parser parser;
        dom::element root;
        dom::array data;
        if (parser.parse(outcome->body).get(root)) {
            return fail(not_json("asana project tasks"));
        }
        if (root["data"].get_array().get(data)) {
            return fail(malformed("asana project tasks", "data"));
        }
        for (dom::element e : data) {
            Task t;
            if (!read_task(e, t)) {
                return fail(malformed("asana project tasks", "data[].gid"));
            }
            m_tasks.push_back(std::move(t));
        }
        std::string_view offset;
        m_offset = root["next_page"]["offset"].get_string().get(offset) ? std::string() : std::string(offset);
        if (m_offset.empty()) {
            std::sort(m_tasks.begin(), m_tasks.end(), [](const Task& a, const Task& b) { return older(a.gid, b.gid); });
            m_c->index = std::move(m_tasks);
            m_c->index_fresh = true;
            m_c->written.clear();
            m_listing = false;
            finish();
        }
    }

    const OperationResult& result() const override { return m_result; }

protected:
    // Answers from the index; sets m_done.
    virtual void answer() = 0;
    void finish() {
        answer();
        m_done = true;
    }
    // For the constructor of a derived class: answer at once when no listing is needed.
    void start() {
        if (!m_listing) {
            finish();
        }
    }
    void fail(util::Failure f) {
        m_result.failure = std::move(f);
        m_done = true;
    }

    std::shared_ptr<Context> m_c;
    OperationResult m_result;

private:
    bool m_listing;
    bool m_done = false;
    std::string m_offset;
    int m_restarts = 0;
    std::vector<Task> m_tasks;
};

std::vector<std::string> gids_of(const Context& c, const std::vector<std::string>& external_ids) {
    std::vector<std::string> gids;
    for (const auto& t : c.index) {
        if (std::find(external_ids.begin(), external_ids.end(), t.external_id) != external_ids.end()) {
            gids.push_back(t.gid);
        }
    }
    return gids;
}

class FindInIndex final : public Scan<FindOperation> {
public:
    // Every marked task when `ids` is empty.
    FindInIndex(std::shared_ptr<Context> c, std::vector<std::string> ids)
        : Scan(c, !(ids.empty() ? c->index_fresh && c->written.empty() : index_holds(*c, gids_of(*c, ids)))),
          m_ids(std::move(ids)) {
        start();
    }
    const std::vector<Found>& found() const override { return m_found; }

private:
    void answer() override {
        for (const auto& t : m_c->index) {
            const bool wanted = m_ids.empty() ? !t.external_id.empty()
                                              : std::find(m_ids.begin(), m_ids.end(), t.external_id) != m_ids.end();
            if (wanted) {
                m_found.push_back(found_of(t));
            }
        }
    }
    std::vector<std::string> m_ids;
    std::vector<Found> m_found;
};

// One GET /tasks/external:<id> per id, all in one round; a 404 proves absence.
class FindByExternal final : public FindOperation {
public:
    FindByExternal(std::shared_ptr<Context> c, std::vector<std::string> ids)
        : m_c(std::move(c)), m_ids(std::move(ids)) {}

    bool done() const override { return m_ids.empty() || (m_sent && m_pending == 0); }

    std::vector<http::Request> next() override {
        std::vector<http::Request> out;
        for (const auto& id : m_ids) {
            // The id is escaped as a path segment: it holds ':', '/' and '#' (API-FACTS §4: "URIs ... escaped").
            out.push_back(
                request(*m_c, "GET", "/tasks/external:" + util::url_encode(id) + "?opt_fields=gid,completed,external"));
        }
        m_sent = true;
        m_pending = out.size();
        return out;
    }

    void on_outcome(std::size_t index, http::Outcome outcome) override {
        --m_pending;
        const std::string& id = m_ids.at(index);
        if (outcome.ok() && outcome->status == 404) {
            return;
        }
        if (refuses_external(outcome)) {
            // The token changed since a run proved external ids (an OAuth token swapped for a PAT): its lookups
            // scan the project from now on. This one fails; the item is tried again.
            m_c->identity = Identity::notes;
            return fail({util::Failure::Kind::http,
                         "look up task external:" + id + ": this token may not use external ids (" +
                             error_text(outcome->body) + "); the next lookup scans the project",
                         0});
        }
        if (auto f = failure_of(outcome, "look up task external:" + id)) {
            return fail(std::move(*f));
        }
        dom::parser parser;
        dom::element root;
        dom::element data;
        Task t;
        if (parser.parse(outcome->body).get(root)) {
            return fail(not_json("asana task external:" + id));
        }
        if (root["data"].get(data) || !read_task(data, t) || t.external_id != id) {
            return fail(malformed("asana task external:" + id, "data.external.gid"));
        }
        m_found.push_back(found_of(t));
        if (m_pending == 0) {
            std::sort(m_found.begin(), m_found.end(),
                      [](const Found& a, const Found& b) { return older(a.ref.id, b.ref.id); });
        }
    }

    const OperationResult& result() const override { return m_result; }
    const std::vector<Found>& found() const override { return m_found; }

private:
    void fail(util::Failure f) {
        if (!m_result.failure) {
            m_result.failure = std::move(f);
        }
    }
    std::shared_ptr<Context> m_c;
    std::vector<std::string> m_ids;
    bool m_sent = false;
    std::size_t m_pending = 0;
    std::vector<Found> m_found;
    OperationResult m_result;
};

class InspectInIndex final : public Scan<InspectOperation> {
public:
    InspectInIndex(std::shared_ptr<Context> c, const std::vector<Expectation>& items)
        : Scan(c, !index_holds(*c, ids_of(items))) {
        for (const auto& e : items) {
            m_expected.push_back({e.target_id, *e.draft});
        }
        start();
    }
    const std::map<std::string, Inspected>& inspected() const override { return m_inspected; }

private:
    static std::vector<std::string> ids_of(const std::vector<Expectation>& items) {
        std::vector<std::string> out;
        for (const auto& e : items) {
            out.push_back(e.target_id);
        }
        return out;
    }

    void answer() override {
        std::map<std::string, const Task*> by_gid;
        for (const auto& t : m_c->index) {
            by_gid.emplace(t.gid, &t);
        }
        for (const auto& [gid, draft] : m_expected) {
            const auto it = by_gid.find(gid);
            if (it == by_gid.end()) {
                m_c->trusted.erase(gid);
                continue; // deleted, or moved out of the project
            }
            Inspected shown = compare(*it->second, draft);
            if (shown.differs == 0 && shown.state == draft.state) {
                m_c->trusted.insert(gid); // in sync now: until an event by someone else says otherwise
            } else {
                m_c->trusted.erase(gid);
            }
            m_inspected.emplace(gid, std::move(shown));
        }
    }

    Inspected compare(const Task& t, const model::Draft& d) const {
        Inspected out;
        out.ref = TargetRef{t.gid, t.gid, task_url(t.gid)};
        out.state = t.completed ? model::ItemState::closed : model::ItemState::open;
        if (t.name != name_of(d)) {
            out.differs |= model::Field::title;
        }
        // The body and the link back are one text on Asana: html_notes as written, or the plain notes of the
        // fallback.
        if (t.html_notes != html_notes_of(d) && t.notes != plain_notes_of(d)) {
            out.differs |= model::Field::body | model::Field::url;
        }
        if (!d.assignee.empty() && d.assignee != t.assignee_gid && d.assignee != t.assignee_email) {
            out.differs |= model::Field::assignee;
        }
        if (m_c->write_tags) {
            std::map<std::string, std::string> ours;
            for (const auto& label : d.labels) {
                if (const auto it = t.tags.find(label); it != t.tags.end()) {
                    ours.insert(*it);
                } else {
                    out.differs |= model::Field::labels;
                }
            }
            if (!(out.differs & model::Field::labels)) {
                out.memo = tags_memo(ours);
            }
        }
        return out;
    }

    std::vector<std::pair<std::string, model::Draft>> m_expected;
    std::map<std::string, Inspected> m_inspected;
};

} // namespace

std::unique_ptr<FindOperation> AsanaTarget::find(const std::vector<Sought>& items) {
    const std::vector<std::string> external_ids = external_ids_of(items);
    // The index of this run answers without a request while it holds; else GET /tasks/external:<id> once a create
    // proved the token keeps external ids; else the listing.
    const bool held = index_holds(*m_context, gids_of(*m_context, external_ids));
    if (external_ids.empty() || (m_context->identity == Identity::external && !held)) {
        return std::make_unique<FindByExternal>(m_context, external_ids);
    }
    return std::make_unique<FindInIndex>(m_context, external_ids);
}

std::unique_ptr<FindOperation> AsanaTarget::find_all() {
    return std::make_unique<FindInIndex>(m_context, std::vector<std::string>{});
}

std::unique_ptr<InspectOperation> AsanaTarget::inspect(const std::vector<Expectation>& items) {
    return std::make_unique<InspectInIndex>(m_context, items);
}

} // namespace issuebridge::targets::asana
