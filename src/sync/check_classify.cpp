// 'check-missing': the classification of a page's entries. Linked items are read back by id in bulk; the others
// are looked up by marker, and what is found is read back too.

#include "check_parts.hpp"
#include "rows.hpp"

#include "drive.hpp"
#include "issuebridge/util/error.hpp"
#include "plan.hpp"

#include <map>

namespace issuebridge::sync::checking {

namespace {

// "title, labels, state": the fields in `differs`, and the state when it differs too.
std::string describe(unsigned differs, bool state) {
    std::string out;
    const auto add = [&out](const char* name) { out += (out.empty() ? "" : ", ") + std::string(name); };
    if (differs & model::Field::title) {
        add("title");
    }
    if (differs & (model::Field::body | model::Field::url)) {
        add("body");
    }
    if (differs & model::Field::labels) {
        add("labels");
    }
    if (differs & model::Field::assignee) {
        add("assignee");
    }
    if (differs & model::Field::milestone) {
        add("milestone");
    }
    if (state) {
        add("state");
    }
    return out;
}

} // namespace

void RepoCheck::run_reads(const std::vector<targets::Operation*>& ops) {
    drive(m_client, {ops.begin(), ops.end()}, nullptr); // reads are cheap: a page is always checked whole
    for (const auto* op : ops) {
        if (const auto& f = op->result().failure; f && f->kind == util::Failure::Kind::auth) {
            throw util::AuthError(target_auth_message(m_config, m_route) + ": " + f->message);
        }
    }
}

void RepoCheck::classify(std::vector<Entry>& entries) {
    std::vector<Entry*> unlinked;
    std::vector<targets::Expectation> linked;
    triage(entries, unlinked, linked);
    std::vector<targets::Sought> search;
    for (const auto* e : unlinked) {
        search.push_back({e->draft.external_id, e->draft.url});
    }
    std::vector<targets::Operation*> ops;
    auto find = search.empty() ? nullptr : m_target.find(search);
    auto read_linked = linked.empty() ? nullptr : m_target.inspect(linked);
    if (find) {
        ops.push_back(find.get());
    }
    if (read_linked) {
        ops.push_back(read_linked.get());
    }
    run_reads(ops);
    std::vector<targets::Expectation> marked;
    if (find) {
        note_found(unlinked, *find, marked);
    }
    if (read_linked) {
        look_up_gone(entries, *read_linked, marked);
    }
    auto read_marked = marked.empty() ? nullptr : m_target.inspect(marked);
    if (read_marked) {
        run_reads({read_marked.get()});
    }
    for (auto& e : entries) {
        if (!e.decided) {
            judge(e, e.linked && !e.remarked ? *read_linked : *read_marked);
        }
        if (e.record.target_key.empty() && e.link) {
            e.record.target_key = e.link->target_key;
        }
    }
}

void RepoCheck::triage(std::vector<Entry>& entries, std::vector<Entry*>& unlinked,
                       std::vector<targets::Expectation>& linked) {
    const std::int64_t grace = m_config.targets.at(m_route.target).search_lag;
    for (auto& e : entries) {
        const auto& l = e.link;
        const Action action = plan_one(e.draft, l, PlanOptions{m_now, grace});
        if (action.pending) {
            decide(e, Verdict::error,
                   "a create of a recent run awaits the target's search; check again in " +
                       std::to_string(grace - (m_now - l->updated_at) + 1) + " s");
        } else if (l && !l->target_id.empty() && l->status != state::LinkStatus::creating) {
            e.ref = ref_of(*l);
            e.linked = true;
            // Nobody changed it since a check found it in sync (the target's change stream says), and what we wrote
            // since is what it should show: nothing to read.
            const bool unchanged = m_unchanged && m_unchanged->contains(l->target_id);
            if (unchanged && l->status == state::LinkStatus::synced && action.kind == ActionKind::skip) {
                e.shown.ref = e.ref; // it shows what the link says: the repair has nothing to write
                e.shown.state = e.draft.state;
                e.shown.memo = l->memo;
                decide(e, Verdict::in_sync, "");
                continue;
            }
            linked.push_back({l->target_id, &e.draft});
        } else {
            unlinked.push_back(&e);
        }
    }
}

void RepoCheck::note_found(const std::vector<Entry*>& unlinked, const targets::FindOperation& find,
                           std::vector<targets::Expectation>& marked) {
    std::map<std::string, std::vector<const targets::Found*>> found; // oldest first, as find() gives them
    for (const auto& f : find.found()) {
        found[f.external_id].push_back(&f);
    }
    for (auto* e : unlinked) {
        if (const auto& failure = find.result().failure) {
            decide(*e, Verdict::error, "cannot look its marker up: " + failure->message);
            continue;
        }
        const auto it = found.find(e->draft.external_id);
        if (it == found.end()) {
            decide(*e, Verdict::missing, "not on the target");
            continue;
        }
        e->ref = it->second.front()->ref;
        marked.push_back({e->ref.id, &e->draft});
        for (std::size_t i = 1; i < it->second.size(); ++i) {
            e->record.detail += (i == 1 ? "also marked on " : ", ") + it->second[i]->ref.key;
        }
    }
}

// A linked item left out of the bulk read was deleted, or is hidden from us (permissions, a proxy): only its
// marker can tell. Found, it is read back like any item found by its marker (and linked to what was found), never
// created again; proved absent, it is missing.
void RepoCheck::look_up_gone(std::vector<Entry>& entries, const targets::InspectOperation& read_linked,
                             std::vector<targets::Expectation>& marked) {
    std::vector<Entry*> gone;
    std::vector<targets::Sought> sought;
    for (auto& e : entries) {
        if (e.linked && !e.decided && read_linked.inspected().count(e.ref.id) == 0) {
            gone.push_back(&e);
            sought.push_back({e.draft.external_id, e.draft.url});
        }
    }
    if (gone.empty()) {
        return;
    }
    auto find = m_target.find(sought);
    run_reads({find.get()});
    std::map<std::string, const targets::Found*> found;
    for (const auto& f : find->found()) {
        found.emplace(f.external_id, &f); // the oldest of several
    }
    for (auto* e : gone) {
        const auto it = found.find(e->draft.external_id);
        if (const auto& failure = find->result().failure) {
            decide(*e, Verdict::error, e->ref.key + " cannot be read, nor its marker looked up: " + failure->message);
        } else if (it == found.end()) {
            decide(*e, Verdict::missing, e->ref.key + " was deleted");
        } else {
            e->ref = it->second->ref;
            e->remarked = true;
            marked.push_back({e->ref.id, &e->draft});
        }
    }
}

void RepoCheck::judge(Entry& e, const targets::InspectOperation& reads) {
    const auto it = reads.inspected().find(e.ref.id);
    if (it == reads.inspected().end()) {
        decide(e, Verdict::error, "marked on " + e.ref.key + ", which cannot be read");
        return;
    }
    if (!it->second.error.empty()) {
        decide(e, Verdict::error, e.ref.key + ": " + it->second.error);
        return;
    }
    e.shown = it->second;
    e.ref = e.shown.ref; // a moved item has a new key
    e.record.target_key = e.ref.key;
    const std::string differs = describe(e.shown.differs, e.shown.state != e.draft.state);
    if (!e.linked) {
        const std::string also = e.record.detail;
        decide(e, Verdict::orphan,
               "no link knows it" + (differs.empty() ? "" : "; differs: " + differs) +
                   (also.empty() ? "" : "; " + also));
    } else if (!differs.empty()) {
        decide(e, Verdict::differs, differs);
    } else {
        decide(e, Verdict::in_sync, "");
    }
}

} // namespace issuebridge::sync::checking
