// Signing in to Trello and reading the configured board: GET /1/members/me, then in one round the board, its
// lists (which must hold list, done_list and open_list) and, when marker_field is set, its custom fields.

#include "trello.hpp"

#include "issuebridge/util/strings.hpp"

#include <simdjson.h>

namespace issuebridge::targets::trello {

namespace {

namespace dom = simdjson::dom;

class Probe final : public ProbeOperation {
public:
    explicit Probe(std::shared_ptr<Context> c) : m_c(std::move(c)) {}

    bool done() const override { return m_result.failure || m_step == Step::done; }

    std::vector<http::Request> next() override {
        if (m_step == Step::member) {
            return {request(*m_c, "GET", "/1/members/me?fields=username,fullName")};
        }
        const std::string board = "/1/boards/" + util::url_encode(m_c->board);
        std::vector<http::Request> round{request(*m_c, "GET", board + "?fields=name"),
                                         request(*m_c, "GET", board + "/lists?fields=name,closed&filter=all")};
        if (!m_c->marker_field.empty()) {
            round.push_back(request(*m_c, "GET", board + "/customFields"));
        }
        m_pending = round.size();
        return round;
    }

    void on_outcome(std::size_t index, http::Outcome outcome) override {
        static const char* const k_what[] = {"read board", "read the lists of board",
                                             "read the custom fields of board"};
        const std::string what = m_step == Step::member ? std::string("sign in to trello")
                                                        : std::string(k_what[index]) + " '" + m_c->board + "'";
        std::optional<util::Failure> failure;
        if (m_step == Step::board && index == 0 && outcome.ok() && (outcome->status == 404 || outcome->status == 400)) {
            failure = util::Failure{util::Failure::Kind::config,
                                    "board '" + m_c->board + "' does not exist or this token cannot see it",
                                    static_cast<int>(outcome->status)};
        } else {
            failure = failure_of(outcome, what);
        }
        if (!failure) {
            failure = read(index, outcome->body);
        }
        if (failure && !m_result.failure) {
            m_result.failure = std::move(failure);
        }
        if (m_step == Step::member) {
            m_step = Step::board;
        } else if (--m_pending == 0) {
            m_step = Step::done;
            if (!m_result.failure) {
                m_summary = "signed in as " + m_member + "; board '" + m_board + "', " + m_lists;
            }
        }
    }

    const OperationResult& result() const override { return m_result; }
    const std::string& summary() const override { return m_summary; }

private:
    enum class Step { member, board, done };

    std::optional<util::Failure> read(std::size_t index, const std::string& body) {
        dom::parser parser;
        dom::element doc;
        if (parser.parse(body).get(doc)) {
            return util::Failure{util::Failure::Kind::parse, "trello probe: the body is not valid JSON", 0};
        }
        std::string_view s;
        if (m_step == Step::member) {
            if (doc["username"].get_string().get(s)) {
                return malformed("member answer", "username");
            }
            m_member = std::string(s);
            return std::nullopt;
        }
        if (index == 0) {
            if (doc["name"].get_string().get(s)) {
                return malformed("board answer", "name");
            }
            m_board = std::string(s);
            return std::nullopt;
        }
        dom::array items;
        if (doc.get_array().get(items)) {
            return malformed(index == 1 ? "lists answer" : "custom fields answer", "(the answer must be an array)");
        }
        std::map<std::string, std::string> names; // id -> name
        for (dom::element e : items) {
            std::string_view id;
            std::string_view name;
            if (e["id"].get_string().get(id) || e["name"].get_string().get(name)) {
                return malformed(index == 1 ? "lists answer" : "custom fields answer", "[].id");
            }
            names.emplace(std::string(id), std::string(name));
        }
        if (index == 2) {
            if (!names.contains(m_c->marker_field)) {
                return util::Failure{util::Failure::Kind::config,
                                     "marker_field '" + m_c->marker_field + "' is not a custom field of board '" +
                                         m_c->board + "' (is the Custom Fields power-up on?)",
                                     0};
            }
            return std::nullopt;
        }
        std::vector<std::pair<std::string, std::string>> wanted{{"list", m_c->list}, {"open_list", m_c->open_list}};
        if (!m_c->archive) {
            wanted.emplace_back("done_list", m_c->done_list);
        }
        for (const auto& [key, id] : wanted) {
            const auto it = names.find(id);
            if (it == names.end()) {
                return util::Failure{util::Failure::Kind::config,
                                     key + " '" + id + "' is not a list of board '" + m_c->board + "'", 0};
            }
            m_lists += (m_lists.empty() ? "" : ", ") + key + " '" + it->second + "'";
        }
        return std::nullopt;
    }

    std::shared_ptr<Context> m_c;
    Step m_step = Step::member;
    std::size_t m_pending = 0;
    std::string m_member;
    std::string m_board;
    std::string m_lists;
    std::string m_summary;
    OperationResult m_result;
};

} // namespace

std::unique_ptr<ProbeOperation> make_probe(std::shared_ptr<Context> c) { return std::make_unique<Probe>(std::move(c)); }

} // namespace issuebridge::targets::trello
