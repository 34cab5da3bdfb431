// Finding our cards by their markers: one board scan (board.cpp), matched client-side. Trello's search can lag
// for hours (API-FACTS §5.1), so it is never asked.

#include "trello.hpp"

#include <algorithm>
#include <set>

namespace issuebridge::targets::trello {

namespace {

class FindOnBoard final : public FindOperation {
public:
    FindOnBoard(std::shared_ptr<Context> c, const std::vector<std::string>& external_ids)
        : m_c(c), m_scan(std::move(c)), m_ids(external_ids.begin(), external_ids.end()), m_all(external_ids.empty()) {}

    bool done() const override { return m_scan.done(); }
    std::vector<http::Request> next() override { return {m_scan.next()}; }

    void on_outcome(std::size_t, http::Outcome outcome) override {
        if (auto f = m_scan.on_outcome(outcome)) {
            m_result.failure = std::move(f);
            return;
        }
        if (m_scan.done()) {
            collect();
        }
    }

    const OperationResult& result() const override { return m_result; }
    const std::vector<Found>& found() const override { return m_found; }

private:
    void collect() {
        m_c->snapshot = m_scan.cards();
        for (const Card& card : m_scan.cards()) {
            std::string id = external_id_of(*m_c, card);
            if (id.empty() || (!m_all && !m_ids.contains(id))) {
                continue;
            }
            m_found.push_back(
                {TargetRef{card.id, card.id, card.url}, std::move(id), state_of(*m_c, card.closed, card.id_list)});
        }
        // Oldest first: a duplicate someone made comes after ours.
        std::sort(m_found.begin(), m_found.end(), [](const Found& a, const Found& b) {
            return a.ref.id.size() != b.ref.id.size() ? a.ref.id.size() < b.ref.id.size() : a.ref.id < b.ref.id;
        });
    }

    std::shared_ptr<Context> m_c;
    BoardScan m_scan;
    std::set<std::string> m_ids;
    bool m_all;
    std::vector<Found> m_found;
    OperationResult m_result;
};

} // namespace

std::unique_ptr<FindOperation> make_find(std::shared_ptr<Context> c, const std::vector<std::string>& external_ids) {
    return std::make_unique<FindOnBoard>(std::move(c), external_ids);
}

} // namespace issuebridge::targets::trello
