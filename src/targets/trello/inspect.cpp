// Reading our cards back for check-missing: one board scan (not one GET per card), each card compared with its
// draft.

#include "trello.hpp"

#include <algorithm>

namespace issuebridge::targets::trello {

namespace {

struct Expected {
    std::string name;
    std::string desc;
    std::vector<std::string> labels;
    std::string assignee;
    model::ItemState state = model::ItemState::open;
    std::string memo;
};

bool has(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

class BoardInspect final : public InspectOperation {
public:
    BoardInspect(std::shared_ptr<Context> c, const std::vector<Expectation>& items) : m_c(c), m_scan(std::move(c)) {
        for (const auto& item : items) {
            const model::Draft& d = *item.draft;
            m_expected.emplace(item.target_id,
                               Expected{name_of(d), desc_of(*m_c, d), d.labels, d.assignee, d.state, labels_memo(d)});
        }
        if (m_c->snapshot) {
            // The lookup just before read the board: no second read.
            compare(*m_c->snapshot);
            m_c->snapshot.reset();
            m_expected.clear();
        }
    }

    bool done() const override { return m_expected.empty() || m_scan.done(); }
    std::vector<http::Request> next() override { return {m_scan.next()}; }

    void on_outcome(std::size_t, http::Outcome outcome) override {
        if (auto f = m_scan.on_outcome(outcome)) {
            m_result.failure = std::move(f);
            return;
        }
        if (m_scan.done()) {
            compare(m_scan.cards());
        }
    }

    const OperationResult& result() const override { return m_result; }
    const std::map<std::string, Inspected>& inspected() const override { return m_inspected; }

private:
    void compare(const std::vector<Card>& cards) {
        for (const Card& card : cards) {
            const auto it = m_expected.find(card.id);
            if (it == m_expected.end()) {
                continue;
            }
            const Expected& e = it->second;
            Inspected shown;
            shown.ref = TargetRef{card.id, card.id, card.url};
            shown.state = state_of(*m_c, card.closed, card.id_list);
            if (card.name != e.name) {
                shown.differs |= model::Field::title;
            }
            if (card.desc != e.desc) {
                shown.differs |= model::Field::body | model::Field::url;
            }
            const bool all_labels =
                std::all_of(e.labels.begin(), e.labels.end(), [&](const auto& l) { return has(card.label_names, l); });
            if (!all_labels) {
                shown.differs |= model::Field::labels;
            } else {
                shown.memo = e.memo;
            }
            if (!e.assignee.empty() && !has(card.id_members, e.assignee)) {
                shown.differs |= model::Field::assignee;
            }
            m_inspected.emplace(card.id, std::move(shown));
        }
    }

    std::shared_ptr<Context> m_c;
    BoardScan m_scan;
    std::map<std::string, Expected> m_expected;
    std::map<std::string, Inspected> m_inspected;
    OperationResult m_result;
};

} // namespace

std::unique_ptr<InspectOperation> make_inspect(std::shared_ptr<Context> c, const std::vector<Expectation>& items) {
    return std::make_unique<BoardInspect>(std::move(c), items);
}

} // namespace issuebridge::targets::trello
