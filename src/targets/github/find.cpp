// Finding and reading back our issues: the marker listing (every issue with the marker label, all states, oldest
// first, 100 a page), made once per run and shared by find, find_all and inspect; and the repository's labels.

#include "github.hpp"

#include "issuebridge/util/strings.hpp"

#include <simdjson.h>

#include <algorithm>

namespace issuebridge::targets::github {

namespace {

namespace dom = simdjson::dom;

bool same_name(std::string_view a, std::string_view b) { return util::to_lower(a) == util::to_lower(b); }

TargetRef ref_of(const Context& c, const Listed& l) {
    return {std::to_string(l.number), c.repo + "#" + std::to_string(l.number), l.url};
}

// A lookup of markers (all of them when `external_ids` is empty) in the marker listing.
class FindByMarker final : public FindOperation {
public:
    FindByMarker(std::shared_ptr<Context> c, const std::vector<std::string>& external_ids)
        : m_c(std::move(c)), m_ids(external_ids.begin(), external_ids.end()), m_all(external_ids.empty()),
          m_index(m_c) {
        if (m_index.done()) {
            collect();
        }
    }

    bool done() const override { return m_index.done(); }
    std::vector<http::Request> next() override { return {m_index.next()}; }

    void on_outcome(std::size_t, http::Outcome outcome) override {
        m_index.on_outcome(outcome);
        if (m_index.done()) {
            m_result.failure = m_index.failure();
            collect();
        }
    }

    const OperationResult& result() const override { return m_result; }
    const std::vector<Found>& found() const override { return m_found; }

private:
    void collect() {
        if (m_result.failure || !m_c->index) {
            return;
        }
        for (const auto& [number, l] : *m_c->index) { // by number: oldest first
            if (m_all || m_ids.contains(l.external_id)) {
                m_found.push_back({ref_of(*m_c, l), l.external_id, l.state});
            }
        }
    }

    std::shared_ptr<Context> m_c;
    std::set<std::string> m_ids;
    bool m_all;
    IndexSteps m_index;
    std::vector<Found> m_found;
    OperationResult m_result;
};

// What one issue should show, rendered once when the operation is made.
struct Expected {
    std::string title;
    std::string body;
    std::vector<std::string> labels;
    std::string assignee;
    std::optional<std::string> milestone; // nullopt: the route has no say
    std::string memo;
};

// Reads our issues back from the marker listing and compares each with its draft.
class ListInspect final : public InspectOperation {
public:
    ListInspect(std::shared_ptr<Context> c, const std::vector<Expectation>& items) : m_c(std::move(c)), m_index(m_c) {
        for (const auto& item : items) {
            const model::Draft& d = *item.draft;
            m_expected.emplace(item.target_id, Expected{title_of(d), body_of(d), labels_of(*m_c, d), d.assignee,
                                                        d.milestone, labels_memo(d)});
        }
        if (m_index.done()) {
            compare();
        }
    }

    bool done() const override { return m_index.done() || m_expected.empty(); }
    std::vector<http::Request> next() override { return {m_index.next()}; }

    void on_outcome(std::size_t, http::Outcome outcome) override {
        m_index.on_outcome(outcome);
        if (!m_index.done()) {
            return;
        }
        if (const auto& f = m_index.failure(); f && f->kind == util::Failure::Kind::auth) {
            m_result.failure = f; // nothing can be read
        } else if (f) {
            for (const auto& [id, want] : m_expected) {
                m_inspected[id].error = f->message;
            }
        } else {
            compare();
        }
    }

    const OperationResult& result() const override { return m_result; }
    const std::map<std::string, Inspected>& inspected() const override { return m_inspected; }

private:
    void compare() {
        for (const auto& [id, want] : m_expected) {
            std::int64_t number = 0;
            if (id.empty() || id.size() > 15 || id.find_first_not_of("0123456789") != std::string::npos) {
                m_inspected[id].error = "'" + id + "' is not a github issue number";
                continue;
            }
            number = std::stoll(id);
            const auto it = m_c->index->find(number);
            if (it == m_c->index->end()) {
                continue; // deleted, transferred, or its marker label removed by hand
            }
            const Listed& l = it->second;
            Inspected out;
            out.ref = ref_of(*m_c, l);
            out.state = l.state;
            out.differs |= l.title == want.title ? 0U : unsigned{model::Field::title};
            out.differs |= l.body == want.body ? 0U : unsigned{model::Field::body};
            // Labels someone added by hand are theirs to keep: only ours must all be there.
            const bool has_ours = std::all_of(want.labels.begin(), want.labels.end(), [&](const std::string& w) {
                return std::any_of(l.labels.begin(), l.labels.end(),
                                   [&](const std::string& s) { return same_name(s, w); });
            });
            out.differs |= has_ours ? 0U : unsigned{model::Field::labels};
            if (has_ours) {
                out.memo = want.memo;
            }
            const bool assignee_ok = want.assignee.empty()
                                         ? l.assignees.empty()
                                         : l.assignees.size() == 1 && same_name(l.assignees[0], want.assignee);
            out.differs |= assignee_ok ? 0U : unsigned{model::Field::assignee};
            if (want.milestone && l.milestone != *want.milestone) {
                out.differs |= model::Field::milestone;
            }
            m_inspected[id] = std::move(out);
        }
    }

    std::shared_ptr<Context> m_c;
    IndexSteps m_index;
    std::map<std::string, Expected> m_expected; // by target id (the issue number)
    std::map<std::string, Inspected> m_inspected;
    OperationResult m_result;
};

std::string listing_url(const Context& c) {
    return c.base_url + repo_path(c) + "/issues?labels=" + util::url_encode(c.marker_label) +
           "&state=all&sort=created&direction=asc&per_page=100";
}

} // namespace

IndexSteps::IndexSteps(std::shared_ptr<Context> c)
    : m_c(std::move(c)), m_links(listing_url(*m_c)), m_url(listing_url(*m_c)), m_done(m_c->index.has_value()) {}

http::Request IndexSteps::next() const {
    http::Request r = request(*m_c, "GET", "");
    r.url = m_url;
    return r;
}

void IndexSteps::on_outcome(const http::Outcome& outcome) {
    const auto finish = [this](std::optional<util::Failure> failure) {
        m_failure = std::move(failure);
        m_done = true;
    };
    if (auto f = failure_of(outcome, "list the issues labelled '" + m_c->marker_label + "' in " + m_c->repo)) {
        if (outcome.ok() && outcome->status == 404) {
            f->kind = util::Failure::Kind::config;
            f->message += " (check repo in target '" + m_c->name + "' and the token's access)";
        }
        return finish(std::move(f));
    }
    if (auto f = read_listing_page(outcome->body, m_found)) {
        return finish(std::move(f));
    }
    auto next = m_links.after(*outcome, "github issues listing");
    if (!next) {
        return finish(next.failure());
    }
    if (next->empty()) {
        m_c->index = std::move(m_found);
        return finish(std::nullopt);
    }
    m_url = std::move(*next);
}

LabelSteps::LabelSteps(std::shared_ptr<Context> c)
    : m_c(std::move(c)), m_links(m_c->base_url + repo_path(*m_c) + "/labels?per_page=100"),
      m_url(m_c->base_url + repo_path(*m_c) + "/labels?per_page=100"), m_done(m_c->labels.has_value()) {}

http::Request LabelSteps::next() const {
    http::Request r = request(*m_c, "GET", "");
    r.url = m_url;
    return r;
}

void LabelSteps::on_outcome(const http::Outcome& outcome) {
    const auto finish = [this](std::optional<util::Failure> failure) {
        m_failure = std::move(failure);
        m_done = true;
    };
    if (auto f = failure_of(outcome, "list the labels of " + m_c->repo)) {
        return finish(std::move(f));
    }
    dom::parser parser; // DOM: the whole page is checked before any label is taken
    dom::array labels;
    std::vector<std::string> page;
    if (parser.parse(outcome->body).get_array().get(labels)) {
        return finish(util::Failure{util::Failure::Kind::parse, "github labels listing: the page is not an array", 0});
    }
    for (dom::element label : labels) {
        std::string_view name;
        if (label["name"].get_string().get(name)) {
            return finish(
                util::Failure{util::Failure::Kind::parse, "github labels listing: field 'name' is malformed", 0});
        }
        page.push_back(util::to_lower(name));
    }
    m_found.insert(page.begin(), page.end());
    auto next = m_links.after(*outcome, "github labels listing");
    if (!next) {
        return finish(next.failure());
    }
    if (next->empty()) {
        if (m_c->labels) {
            m_found.insert(m_c->labels->begin(), m_c->labels->end()); // another operation's listing came first
        }
        m_c->labels = std::move(m_found);
        return finish(std::nullopt);
    }
    m_url = std::move(*next);
}

std::unique_ptr<FindOperation> GitHubTarget::find(const std::vector<Sought>& items) {
    const std::vector<std::string> external_ids = external_ids_of(items);
    if (external_ids.empty()) {
        struct Nothing final : FindOperation {
            bool done() const override { return true; }
            std::vector<http::Request> next() override { return {}; }
            void on_outcome(std::size_t, http::Outcome) override {}
            const OperationResult& result() const override { return m_result; }
            const std::vector<Found>& found() const override { return m_found; }
            OperationResult m_result;
            std::vector<Found> m_found;
        };
        return std::make_unique<Nothing>();
    }
    return std::make_unique<FindByMarker>(m_context, external_ids);
}

std::unique_ptr<FindOperation> GitHubTarget::find_all() {
    return std::make_unique<FindByMarker>(m_context, std::vector<std::string>{});
}

std::unique_ptr<InspectOperation> GitHubTarget::inspect(const std::vector<Expectation>& items) {
    return std::make_unique<ListInspect>(m_context, items);
}

} // namespace issuebridge::targets::github
