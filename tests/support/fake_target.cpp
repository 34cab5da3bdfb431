#include "support/fake_target.hpp"

#include "support/fake_client.hpp"

#include "issuebridge/util/json_writer.hpp"

#include <algorithm>
#include <set>
#include <utility>

namespace issuebridge::testing {

namespace {

// The failure of a step whose answer is not 2xx: the transport's own, or Failure{http (auth for 401, 403), status}.
std::optional<util::Failure> failure_of(const http::Outcome& outcome, const std::string& what) {
    if (!outcome.ok()) {
        return outcome.failure();
    }
    if (outcome->success()) {
        return std::nullopt;
    }
    const long s = outcome->status;
    const auto kind = s == 401 || s == 403 ? util::Failure::Kind::auth : util::Failure::Kind::http;
    return util::Failure{kind, what + " answered " + std::to_string(s), static_cast<int>(s)};
}

// Whether a create's answer leaves its outcome unknown: no answer, or a 5xx.
bool unknown_outcome(const http::Outcome& outcome) { return !outcome.ok() || outcome->status >= 500; }

http::Request request(std::string method, std::string url) {
    http::Request r;
    r.method = std::move(method);
    r.url = std::move(url);
    return r;
}

std::vector<std::string> sorted_unique(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

// A create, or an update of fields and/or state: at most two steps, each one request.
class WriteOp final : public targets::Operation {
public:
    // Copies the draft: it is only read while the operation is made.
    WriteOp(FakeTarget& target, const targets::Change& change) : m_target(target), m_draft(*change.draft) {
        m_create = !change.item;
        m_fields = m_create ? model::k_all_fields : change.fields;
        m_memo = change.memo;
        if (m_create) {
            m_step = Step::create;
            m_move = m_draft.state == model::ItemState::closed && !target.capabilities().create_carries_closed;
        } else {
            m_ref = *change.item;
            m_result.ref = m_ref;
            m_move = change.move_state;
            m_step = m_fields != 0 ? Step::fields : m_move ? Step::state : Step::done;
            if (m_fields == 0) {
                m_result.fields_applied = true;
            }
            if (!m_move) {
                m_result.state_applied = true;
            }
        }
    }

    bool done() const override { return m_step == Step::done; }
    std::vector<http::Request> next() override {
        switch (m_step) {
        case Step::create:
            return {request("POST", FakeTarget::create_url(m_draft.external_id))};
        case Step::fields:
            return {request("PUT", FakeTarget::item_url(m_ref.id))};
        case Step::state:
            return {request("POST", FakeTarget::state_url(m_ref.id))};
        case Step::done:
            break;
        }
        return {};
    }
    void on_outcome(std::size_t, http::Outcome outcome) override {
        switch (m_step) {
        case Step::create:
            return on_create(outcome);
        case Step::fields:
            return on_fields(outcome);
        case Step::state:
            return on_state(outcome);
        case Step::done:
            break;
        }
    }
    const targets::OperationResult& result() const override { return m_result; }

private:
    enum class Step { create, fields, state, done };

    void fail(util::Failure failure) {
        m_result.failure = std::move(failure);
        m_step = Step::done;
    }

    void on_create(const http::Outcome& outcome) {
        const model::ItemState first = m_move ? model::ItemState::open : m_draft.state;
        if (auto failure = failure_of(outcome, "create of " + m_draft.external_id)) {
            if (unknown_outcome(outcome)) {
                m_result.outcome_unknown = true;
                if (m_target.take_lost_land()) {
                    m_target.create(m_draft, first);
                }
            }
            return fail(std::move(*failure));
        }
        const auto& item = m_target.create(m_draft, first);
        m_ref = m_target.ref_of(item);
        m_result.ref = m_ref;
        m_result.fields_applied = true;
        m_result.memo = labels_memo(m_draft.labels);
        if (m_move) {
            m_result.shown_state = model::ItemState::open;
            m_step = Step::state;
        } else {
            m_result.state_applied = true;
            m_step = Step::done;
        }
    }

    void on_fields(const http::Outcome& outcome) {
        if (auto failure = failure_of(outcome, "update of " + m_ref.key)) {
            return fail(std::move(*failure));
        }
        FakeTarget::Item* item = m_target.item(m_ref.id);
        if (!item) {
            return fail(util::Failure{util::Failure::Kind::http, m_ref.key + " does not exist", 404});
        }
        if (m_fields & model::Field::title) {
            item->title = m_draft.title;
        }
        if (m_fields & model::Field::body) {
            item->body = m_draft.body;
        }
        if (m_fields & model::Field::url) {
            item->url = m_draft.url;
        }
        if (m_fields & model::Field::labels) {
            // Only the labels this target wrote (the memo) that the draft dropped go; the draft's are added.
            std::vector<std::string> labels;
            const auto written = memo_labels(m_memo);
            for (const auto& l : item->labels) {
                const bool dropped = std::find(written.begin(), written.end(), l) != written.end() &&
                                     std::find(m_draft.labels.begin(), m_draft.labels.end(), l) == m_draft.labels.end();
                if (!dropped) {
                    labels.push_back(l);
                }
            }
            labels.insert(labels.end(), m_draft.labels.begin(), m_draft.labels.end());
            item->labels = sorted_unique(std::move(labels));
        }
        m_result.fields_applied = true;
        m_result.memo = labels_memo(m_draft.labels);
        m_step = m_move ? Step::state : Step::done;
    }

    void on_state(const http::Outcome& outcome) {
        if (auto failure = failure_of(outcome, "move of " + m_ref.key)) {
            return fail(std::move(*failure));
        }
        FakeTarget::Item* item = m_target.item(m_ref.id);
        if (!item) {
            return fail(util::Failure{util::Failure::Kind::http, m_ref.key + " does not exist", 404});
        }
        item->state = m_draft.state;
        m_result.state_applied = true;
        m_result.shown_state.reset();
        m_step = Step::done;
    }

    FakeTarget& m_target;
    model::Draft m_draft;
    bool m_create = false;
    bool m_move = false;
    unsigned m_fields = 0;
    std::string m_memo;
    targets::TargetRef m_ref;
    Step m_step = Step::done;
    targets::OperationResult m_result;
};

// One request; on a 2xx answer, the items carrying the markers asked for (all marked ones when `all`).
class FindOp final : public targets::FindOperation {
public:
    FindOp(FakeTarget& target, std::vector<std::string> ids, bool all)
        : m_target(target), m_ids(ids.begin(), ids.end()), m_all(all) {}
    bool done() const override { return m_done; }
    std::vector<http::Request> next() override {
        return {request("POST", m_all ? FakeTarget::find_all_url() : FakeTarget::find_url())};
    }
    void on_outcome(std::size_t, http::Outcome outcome) override {
        m_done = true;
        if (auto failure = failure_of(outcome, "find")) {
            m_result.failure = std::move(*failure);
            return;
        }
        for (const auto& [id, item] : m_target.items()) {
            if (!item.external_id.empty() && (m_all || m_ids.count(item.external_id))) {
                m_found.push_back(targets::Found{m_target.ref_of(item), item.external_id, item.state});
            }
        }
        std::stable_sort(m_found.begin(), m_found.end(), [](const targets::Found& a, const targets::Found& b) {
            return std::stoll(a.ref.id) < std::stoll(b.ref.id); // ids count up: oldest first
        });
    }
    const targets::OperationResult& result() const override { return m_result; }
    const std::vector<targets::Found>& found() const override { return m_found; }

private:
    FakeTarget& m_target;
    std::set<std::string> m_ids;
    bool m_all = false;
    bool m_done = false;
    targets::OperationResult m_result;
    std::vector<targets::Found> m_found;
};

class InspectOp final : public targets::InspectOperation {
public:
    InspectOp(FakeTarget& target, const std::vector<targets::Expectation>& items) : m_target(target) {
        for (const auto& e : items) {
            m_expected.emplace_back(e.target_id, *e.draft);
        }
    }
    bool done() const override { return m_done; }
    std::vector<http::Request> next() override { return {request("POST", FakeTarget::inspect_url())}; }
    void on_outcome(std::size_t, http::Outcome outcome) override {
        m_done = true;
        if (auto failure = failure_of(outcome, "inspect")) {
            m_result.failure = std::move(*failure);
            return;
        }
        for (const auto& [id, draft] : m_expected) {
            const FakeTarget::Item* item = m_target.item(id);
            if (!item) {
                continue; // deleted: missing from the answer
            }
            targets::Inspected in;
            in.ref = m_target.ref_of(*item);
            in.state = item->state;
            const bool all_labels = std::all_of(draft.labels.begin(), draft.labels.end(), [&](const std::string& l) {
                return std::find(item->labels.begin(), item->labels.end(), l) != item->labels.end();
            });
            in.differs |= item->title != draft.title ? model::Field::title : 0U;
            in.differs |= item->body != draft.body ? model::Field::body : 0U;
            in.differs |= item->url != draft.url ? model::Field::url : 0U;
            in.differs |= all_labels ? 0U : static_cast<unsigned>(model::Field::labels);
            if (all_labels) {
                in.memo = labels_memo(draft.labels);
            }
            m_inspected.emplace(id, std::move(in));
        }
    }
    const targets::OperationResult& result() const override { return m_result; }
    const std::map<std::string, targets::Inspected>& inspected() const override { return m_inspected; }

private:
    FakeTarget& m_target;
    std::vector<std::pair<std::string, model::Draft>> m_expected;
    bool m_done = false;
    targets::OperationResult m_result;
    std::map<std::string, targets::Inspected> m_inspected;
};

class ProbeOp final : public targets::ProbeOperation {
public:
    explicit ProbeOp(const FakeTarget& target) : m_target(target) {}
    bool done() const override { return m_done; }
    std::vector<http::Request> next() override { return {request("GET", FakeTarget::probe_url())}; }
    void on_outcome(std::size_t, http::Outcome outcome) override {
        m_done = true;
        if (auto failure = failure_of(outcome, "probe")) {
            m_result.failure = std::move(*failure);
            return;
        }
        m_summary = "fake target with " + std::to_string(m_target.items().size()) + " items";
    }
    const targets::OperationResult& result() const override { return m_result; }
    const std::string& summary() const override { return m_summary; }

private:
    const FakeTarget& m_target;
    bool m_done = false;
    targets::OperationResult m_result;
    std::string m_summary;
};

class FakeChanges final : public targets::ChangesOperation {
public:
    explicit FakeChanges(std::optional<std::set<std::string>> unchanged) : m_unchanged(std::move(unchanged)) {}
    bool done() const override { return true; }
    std::vector<http::Request> next() override { return {}; }
    void on_outcome(std::size_t, http::Outcome) override {}
    const targets::OperationResult& result() const override { return m_result; }
    const std::optional<std::set<std::string>>& unchanged() const override { return m_unchanged; }

private:
    std::optional<std::set<std::string>> m_unchanged;
    targets::OperationResult m_result;
};

class Borrowed final : public targets::Target {
public:
    explicit Borrowed(targets::Target& target) : m_target(target) {}
    targets::Capabilities capabilities() const override { return m_target.capabilities(); }
    std::unique_ptr<targets::Operation> write(const targets::Change& change) override { return m_target.write(change); }
    std::unique_ptr<targets::FindOperation> find(const std::vector<targets::Sought>& items) override {
        return m_target.find(items);
    }
    std::unique_ptr<targets::FindOperation> find_all() override { return m_target.find_all(); }
    std::unique_ptr<targets::InspectOperation> inspect(const std::vector<targets::Expectation>& items) override {
        return m_target.inspect(items);
    }
    std::unique_ptr<targets::ProbeOperation> probe() override { return m_target.probe(); }
    std::unique_ptr<targets::ChangesOperation> changes() override { return m_target.changes(); }
    targets::Memory memory() const override { return m_target.memory(); }
    void restore(const std::string& data) override { m_target.restore(data); }

private:
    targets::Target& m_target;
};

} // namespace

std::unique_ptr<targets::Target> borrow(targets::Target& target) { return std::make_unique<Borrowed>(target); }

std::string labels_memo(const std::vector<std::string>& labels) {
    std::string out = "[";
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (i) {
            out += ',';
        }
        util::append_json_string(out, labels[i]);
    }
    return out + "]";
}

std::vector<std::string> memo_labels(const std::string& memo) {
    // The strings of a JSON array of strings without escapes (what labels_memo writes for plain labels).
    std::vector<std::string> labels;
    if (memo.empty() || memo.front() != '[') {
        return labels;
    }
    std::size_t at = 0;
    while ((at = memo.find('"', at)) != std::string::npos) {
        const std::size_t end = memo.find('"', at + 1);
        if (end == std::string::npos) {
            break;
        }
        labels.push_back(memo.substr(at + 1, end - at - 1));
        at = end + 1;
    }
    return labels;
}

void FakeTarget::answer_ok(http::FakeClient& client) {
    for (const char* method : {"GET", "POST", "PUT"}) {
        client.on_every_prefix(method, std::string(k_base) + "/", http::FakeClient::response(200));
    }
}

std::string FakeTarget::create_url(const std::string& external_id) {
    return std::string(k_base) + "/create/" + external_id;
}
std::string FakeTarget::item_url(const std::string& id) { return std::string(k_base) + "/items/" + id; }
std::string FakeTarget::state_url(const std::string& id) { return item_url(id) + "/state"; }
std::string FakeTarget::find_url() { return std::string(k_base) + "/find"; }
std::string FakeTarget::find_all_url() { return std::string(k_base) + "/find_all"; }
std::unique_ptr<targets::ChangesOperation> FakeTarget::changes() {
    return stream ? std::make_unique<FakeChanges>(*stream) : nullptr;
}

std::string FakeTarget::inspect_url() { return std::string(k_base) + "/inspect"; }
std::string FakeTarget::probe_url() { return std::string(k_base) + "/probe"; }

std::string FakeTarget::add_item(Item item) {
    item.id = std::to_string(m_next_id++);
    item.key = "FT-" + item.id;
    item.labels = sorted_unique(std::move(item.labels));
    const std::string id = item.id;
    m_items.emplace(id, std::move(item));
    return id;
}

void FakeTarget::add_label_by_hand(const std::string& id, const std::string& label) {
    if (Item* i = item(id)) {
        i->labels.push_back(label);
        i->labels = sorted_unique(std::move(i->labels));
    }
}

std::vector<const FakeTarget::Item*> FakeTarget::items_of(const std::string& external_id) const {
    std::vector<const Item*> out;
    for (const auto& [id, item] : m_items) {
        if (item.external_id == external_id) {
            out.push_back(&item);
        }
    }
    std::sort(out.begin(), out.end(),
              [](const Item* a, const Item* b) { return std::stoll(a->id) < std::stoll(b->id); });
    return out;
}

std::unique_ptr<targets::Operation> FakeTarget::write(const targets::Change& change) {
    Write w;
    w.item = change.item;
    w.external_id = change.draft->external_id;
    w.fields = change.item ? change.fields : model::k_all_fields;
    w.move_state = change.move_state;
    w.memo = change.memo;
    m_writes.push_back(std::move(w));
    return std::make_unique<WriteOp>(*this, change);
}

std::unique_ptr<targets::FindOperation> FakeTarget::find(const std::vector<targets::Sought>& items) {
    return std::make_unique<FindOp>(*this, targets::external_ids_of(items), false);
}

std::unique_ptr<targets::FindOperation> FakeTarget::find_all() {
    return std::make_unique<FindOp>(*this, std::vector<std::string>{}, true);
}

std::unique_ptr<targets::InspectOperation> FakeTarget::inspect(const std::vector<targets::Expectation>& items) {
    return std::make_unique<InspectOp>(*this, items);
}

std::unique_ptr<targets::ProbeOperation> FakeTarget::probe() { return std::make_unique<ProbeOp>(*this); }

FakeTarget::Item& FakeTarget::create(const model::Draft& draft, model::ItemState state) {
    Item item;
    item.external_id = draft.external_id;
    item.title = draft.title;
    item.body = draft.body;
    item.labels = draft.labels;
    item.url = draft.url;
    item.state = state;
    return m_items.at(add_item(std::move(item)));
}

bool FakeTarget::take_lost_land() {
    if (m_lost_lands <= 0) {
        return false;
    }
    --m_lost_lands;
    return true;
}

FakeTarget::Item* FakeTarget::item(const std::string& id) {
    const auto it = m_items.find(id);
    return it == m_items.end() ? nullptr : &it->second;
}

targets::TargetRef FakeTarget::ref_of(const Item& item) const {
    return {item.id, item.key, std::string(k_base) + "/browse/" + item.key};
}

} // namespace issuebridge::testing
