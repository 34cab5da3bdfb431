// The project's Events API stream (API-FACTS §4 "Events API"): GET /events?resource=<project>&sync=<token> gives what
// changed in the project's tasks since the token, at most 100 events an answer (`has_more`), and a new token; a first
// reading, or a token gone stale (24 hours at most), is answered 412 with a fresh one. The target keeps the tasks a
// check found in sync (Context::trusted); an event by anyone but us on one of them takes it out, and a 412 empties
// the set, since what happened meanwhile is not known. Delivery is "at most once": a lost event would leave a task
// trusted that someone changed, until the next check that reads it back (a full one after any 412).

#include "asana.hpp"

#include "issuebridge/util/strings.hpp"

namespace issuebridge::targets::asana {

namespace {

namespace dom = simdjson::dom;

class ReadEvents final : public ChangesOperation {
public:
    explicit ReadEvents(std::shared_ptr<Context> c) : m_c(std::move(c)) {}

    bool done() const override { return m_done; }

    std::vector<http::Request> next() override {
        if (m_c->me.empty()) {
            return {request(*m_c, "GET", "/users/me?opt_fields=gid")};
        }
        std::string path = "/events?resource=" + util::url_encode(m_c->project);
        if (!m_c->events_sync.empty()) {
            path += "&sync=" + util::url_encode(m_c->events_sync);
        }
        http::Request r = request(*m_c, "GET", path);
        r.idempotent = true; // a read; a repeated one gives the same events again
        return {std::move(r)};
    }

    void on_outcome(std::size_t, http::Outcome outcome) override {
        if (m_c->me.empty()) {
            return read_me(outcome);
        }
        dom::parser parser;
        dom::element root;
        if (outcome.ok() && outcome->status == 412) {
            // No token yet, or a stale one: everything before the fresh token is unknown.
            std::string_view sync;
            if (parser.parse(outcome->body).get(root) || root["sync"].get_string().get(sync) || sync.empty()) {
                return fail(malformed("asana events answer", "sync"));
            }
            m_c->events_sync = sync;
            m_c->trusted.clear();
            m_done = true;
            return;
        }
        if (auto f = failure_of(outcome, "read the events of project '" + m_c->project + "'")) {
            return fail(std::move(*f));
        }
        dom::array data;
        std::string_view sync;
        bool more = false;
        if (parser.parse(outcome->body).get(root)) {
            return fail(not_json("asana events answer"));
        }
        if (root["data"].get_array().get(data)) {
            return fail(malformed("asana events answer", "data"));
        }
        if (root["sync"].get_string().get(sync) || sync.empty()) {
            return fail(malformed("asana events answer", "sync"));
        }
        if (auto has_more = root["has_more"]; !has_more.error() && has_more.get_bool().get(more)) {
            return fail(malformed("asana events answer", "has_more"));
        }
        for (dom::element event : data) {
            std::string_view type;
            std::string_view gid;
            std::string_view user;
            if (event["resource"]["resource_type"].get_string().get(type) || type != "task") {
                continue; // a story (a comment), a section, the project itself: nothing we compare
            }
            if (event["resource"]["gid"].get_string().get(gid)) {
                return fail(malformed("asana events answer", "data[].resource.gid"));
            }
            // An event without a user is the system's (a rule, an integration): not ours either.
            if (event["user"]["gid"].get_string().get(user) || user != m_c->me) {
                m_c->trusted.erase(std::string(gid));
            }
        }
        m_c->events_sync = sync; // what this answer held is applied: the stream goes on from here
        if (!more) {
            m_unchanged = m_c->trusted;
            m_done = true;
        }
    }

    const OperationResult& result() const override { return m_result; }
    const std::optional<std::set<std::string>>& unchanged() const override { return m_unchanged; }

private:
    void read_me(const http::Outcome& outcome) {
        if (auto f = failure_of(outcome, "sign in to asana")) {
            return fail(std::move(*f));
        }
        dom::parser parser;
        dom::element root;
        std::string_view gid;
        if (parser.parse(outcome->body).get(root) || root["data"]["gid"].get_string().get(gid) || gid.empty()) {
            return fail(malformed("asana /users/me answer", "data.gid"));
        }
        m_c->me = gid;
    }

    void fail(util::Failure f) {
        m_result.failure = std::move(f);
        m_done = true;
    }

    std::shared_ptr<Context> m_c;
    bool m_done = false;
    OperationResult m_result;
    std::optional<std::set<std::string>> m_unchanged;
};

} // namespace

std::unique_ptr<ChangesOperation> AsanaTarget::changes() { return std::make_unique<ReadEvents>(m_context); }

} // namespace issuebridge::targets::asana
