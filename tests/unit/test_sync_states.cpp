// The sync against a scripted source and a scripted target (support/fake_target.hpp): the states a sandbox
// reaches only by chance (a create's answer lost after the item was made, a run stopped between a create and its
// transition, a memo from an old schema), one repository's sync, check-missing and adopt end to end, and what a
// target learns carried from run to run.

#include "support/fake_client.hpp"
#include "support/fake_source.hpp"
#include "support/fake_target.hpp"
#include "support/tempdir.hpp"

#include "cli/schemas.hpp"
#include "issuebridge/config/config.hpp"
#include "issuebridge/state/store.hpp"
#include "issuebridge/sync/adopt.hpp"
#include "issuebridge/sync/check.hpp"
#include "issuebridge/sync/engine.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>

using namespace issuebridge;
using http::FakeClient;
using testing::FakeSource;
using testing::FakeTarget;

namespace {

// One route "main" from a GitHub source to a target section named "jira" (the fake stands in for it), whose
// creating rows are looked up at once (search_lag 0).
config::Config one_repo() {
    ::setenv("IB_UNIT_STATES_TOKEN", "t", 1);
    return config::parse(R"toml(
[sources.gh]
type = "github"
[targets.jira]
type = "jira"
base_url = "https://x.atlassian.net"
user = "u"
token_env = "IB_UNIT_STATES_TOKEN"
project = "P"
search_lag = 0
[[routes]]
name = "main"
source = "gh"
target = "jira"
repos = ["o/a"]
)toml",
                         "states.toml", cli::schemas());
}

// A client that answers the fake source's page 0 of o/a, sets `cancel` once it has answered a create (when
// given), and counts the requests that went to the fake target.
class Client final : public http::Client {
public:
    FakeClient fake;
    std::atomic<bool>* cancel_after_create = nullptr;
    std::vector<std::string> target_calls;

    Client() { fake.on_every("GET", FakeSource::page_url("o/a", 0), FakeClient::response(200)); }
    void set_policy(std::string_view base_url, const http::HostPolicy& policy) override {
        fake.set_policy(base_url, policy);
    }
    http::Outcome send(const http::Request& request) override {
        note(request);
        return fake.send(request);
    }
    void send_all(std::span<const http::Request> requests,
                  const std::function<void(std::size_t index, http::Outcome outcome)>& on_done) override {
        for (const auto& r : requests) {
            note(r);
        }
        fake.send_all(requests, on_done);
        const bool created = std::any_of(requests.begin(), requests.end(), [](const http::Request& r) {
            return r.url.starts_with(std::string(FakeTarget::k_base) + "/create/");
        });
        if (created && cancel_after_create) {
            cancel_after_create->store(true);
        }
    }
    // The requests to the target whose URL starts with `prefix` (after the base).
    std::size_t count(const std::string& prefix) const {
        return static_cast<std::size_t>(std::count_if(target_calls.begin(), target_calls.end(), [&](const auto& u) {
            return u.starts_with(std::string(FakeTarget::k_base) + prefix);
        }));
    }

private:
    void note(const http::Request& r) {
        if (r.url.starts_with(FakeTarget::k_base)) {
            target_calls.push_back(r.url);
        }
    }
};

// A run of run_sync over `items` of o/a (one page) against `target`.
sync::SyncReport run(const config::Config& config, state::Store& store, Client& client, FakeTarget& target,
                     const std::vector<model::SourceItem>& items, const std::atomic<bool>* cancel = nullptr,
                     bool dry_run = false) {
    sync::SyncOptions options;
    options.cancel = cancel;
    options.dry_run = dry_run;
    options.make_source = [&](const config::Source&) {
        auto source = std::make_unique<FakeSource>();
        source->add_page("o/a", items);
        return source;
    };
    options.make_target = [&](const config::Target&) { return testing::borrow(target); };
    return sync::run_sync(config, store, client, options, [](const sync::ActionRecord&) {});
}

void sql(const std::filesystem::path& path, const std::string& statement) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, statement.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
}

} // namespace

TEST_SUITE_BEGIN("sync.states");

TEST_CASE("a create whose answer is lost is found by its marker later: never two items") {
    const auto config = one_repo();
    auto store = state::Store::in_memory();
    FakeTarget target;
    const auto item = FakeSource::item("o/a", 1);
    const std::string id = item.external_id;

    // Run 1: the create times out, and nothing was made.
    {
        Client client;
        FakeTarget::answer_ok(client.fake);
        client.fake.on("POST", FakeTarget::create_url(id),
                       util::Failure{util::Failure::Kind::timeout, "operation timed out", 0});
        run(config, store, client, target, {item});
        REQUIRE(store.find_link("jira", id));
        CHECK(store.find_link("jira", id)->status == state::LinkStatus::creating);
        CHECK(target.items().empty());
    }
    // Run 2: the lookup fails: nothing is created, the row stays `creating`.
    {
        Client client;
        FakeTarget::answer_ok(client.fake);
        client.fake.on("POST", FakeTarget::find_url(), FakeClient::response(500));
        run(config, store, client, target, {item});
        CHECK(client.count("/find") == 1);
        CHECK(client.count("/create/") == 0);
        CHECK(store.find_link("jira", id)->status == state::LinkStatus::creating);
        CHECK(target.items().empty());
    }
    // Run 3: the lookup says absent; the create answers 500, though the item was made.
    {
        Client client;
        FakeTarget::answer_ok(client.fake);
        client.fake.on("POST", FakeTarget::create_url(id), FakeClient::response(500));
        target.land_lost_creates(1);
        run(config, store, client, target, {item});
        CHECK(client.count("/create/") == 1);
        CHECK(store.find_link("jira", id)->status == state::LinkStatus::creating);
        CHECK(store.find_link("jira", id)->target_id.empty());
        CHECK(target.items_of(id).size() == 1);
    }
    // Run 4: the lookup finds it: linked, not created again.
    {
        Client client;
        FakeTarget::answer_ok(client.fake);
        run(config, store, client, target, {item});
        CHECK(client.count("/create/") == 0);
        const auto link = store.find_link("jira", id);
        REQUIRE(link);
        CHECK(link->status == state::LinkStatus::synced);
        REQUIRE(target.items_of(id).size() == 1);
        CHECK(link->target_id == target.items_of(id).front()->id);
        CHECK(link->target_key == target.items_of(id).front()->key);
    }
    CHECK(target.items().size() == 1);
}

TEST_CASE("a run stopped between a create and its transition: the next run only moves the item") {
    const auto config = one_repo();
    auto store = state::Store::in_memory();
    FakeTarget target; // creates cannot carry the closed state
    REQUIRE_FALSE(target.capabilities().create_carries_closed);
    auto item = FakeSource::item("o/a", 1);
    item.state = "closed";
    const std::string id = item.external_id;
    {
        Client client;
        FakeTarget::answer_ok(client.fake);
        std::atomic<bool> cancel{false};
        client.cancel_after_create = &cancel;
        const auto report = run(config, store, client, target, {item}, &cancel);
        CHECK(report.interrupted);
        REQUIRE(report.repos.size() == 1);
        CHECK(report.repos.front().failed == 0); // stopped by ^C: left for the next run, not failed
        CHECK(report.repos.front().pending == 1);
        CHECK(client.count("/create/") == 1);
        CHECK(client.count("/items/") == 0); // the transition was never sent
        const auto link = store.find_link("jira", id);
        REQUIRE(link);
        REQUIRE(target.items_of(id).size() == 1);
        CHECK(link->target_id == target.items_of(id).front()->id);
        CHECK(link->target_state == "open"); // what the item shows
        CHECK(link->status != state::LinkStatus::synced);
        CHECK(target.items_of(id).front()->state == model::ItemState::open);
    }
    {
        Client client;
        FakeTarget::answer_ok(client.fake);
        run(config, store, client, target, {item});
        CHECK(client.count("/create/") == 0);
        CHECK(client.count("/find") == 0);
        REQUIRE(target.items().size() == 1);
        const auto& only = target.items().begin()->second;
        CHECK(client.target_calls == std::vector<std::string>{FakeTarget::state_url(only.id)});
        CHECK(only.state == model::ItemState::closed);
        const auto link = store.find_link("jira", id);
        CHECK(link->status == state::LinkStatus::synced);
        CHECK(link->target_state == "closed");
    }
}

TEST_CASE("labels kept by schema 2 are the memo of the next labels write: only those the draft dropped go") {
    const auto config = one_repo();
    testing::TempDir dir;
    const auto path = dir / "state.db";
    FakeTarget target;
    auto item = FakeSource::item("o/a", 1);
    item.labels = {"bug"};
    FakeTarget::Item on_target;
    on_target.external_id = item.external_id;
    on_target.title = item.title;
    on_target.labels = {"bug", "by-hand", "wontfix"};
    const std::string target_id = target.add_item(on_target);
    {
        auto store = state::Store::open(path);
        state::Link l;
        l.target = "jira";
        l.external_id = item.external_id;
        l.route = "main";
        l.repo = "o/a";
        l.target_id = target_id;
        l.target_key = "FT-" + target_id;
        l.status = state::LinkStatus::synced;
        l.fingerprint = "stale"; // not a fingerprint: every field is written
        l.target_state = "open";
        store.put_link(l);
    }
    // As schema 2 left it: the labels written in `links.labels`, cursors of a since and an ETag, no retry times.
    sql(path, R"sql(
DROP TABLE target_memory;
ALTER TABLE links DROP COLUMN failing_since;
DROP TABLE repo_errors;
ALTER TABLE links RENAME COLUMN memo TO labels;
ALTER TABLE links DROP COLUMN next_attempt_at;
ALTER TABLE cursors RENAME COLUMN position TO since;
ALTER TABLE cursors ADD COLUMN etag TEXT NOT NULL DEFAULT '';
UPDATE links SET labels = '["bug","wontfix"]';
PRAGMA user_version = 2;
)sql");
    auto store = state::Store::open(path);
    CHECK(store.schema_version() == state::k_schema_version);
    Client client;
    FakeTarget::answer_ok(client.fake);
    run(config, store, client, target, {item});
    REQUIRE(target.writes().size() == 1);
    CHECK(target.writes()[0].memo == R"(["bug","wontfix"])");
    CHECK((target.writes()[0].fields & model::Field::labels) != 0);
    // "wontfix" was ours and the draft dropped it; "by-hand" was never ours.
    CHECK(target.item(target_id)->labels == std::vector<std::string>{"bug", "by-hand"});
    CHECK(store.find_link("jira", item.external_id)->memo == R"(["bug"])");
}

TEST_CASE("one repository through run_sync: imported once, then nothing is sent to the target") {
    const auto config = one_repo();
    auto store = state::Store::in_memory();
    FakeTarget target;
    const std::vector<model::SourceItem> items = {FakeSource::item("o/a", 1), FakeSource::item("o/a", 2)};
    {
        Client client;
        FakeTarget::answer_ok(client.fake);
        const auto report = run(config, store, client, target, items);
        REQUIRE(report.repos.size() == 1);
        CHECK(report.repos[0].created == 2);
        CHECK(report.all_done());
        CHECK(target.items().size() == 2);
        CHECK(client.count("/create/") == 2);
    }
    {
        Client client;
        FakeTarget::answer_ok(client.fake);
        const auto report = run(config, store, client, target, items);
        REQUIRE(report.repos.size() == 1);
        CHECK(report.repos[0].created == 0);
        CHECK(report.repos[0].updated == 0);
        CHECK(client.target_calls.empty());
        CHECK(target.items().size() == 2);
    }
}

TEST_CASE("what a target learnt is handed to it on the next run, and kept only when it changed and not on a dry run") {
    const auto config = one_repo();
    auto store = state::Store::in_memory();
    FakeTarget target;
    const std::vector<model::SourceItem> items = {FakeSource::item("o/a", 1)};
    const auto sync = [&](bool dry_run = false) {
        Client client;
        FakeTarget::answer_ok(client.fake);
        run(config, store, client, target, items, nullptr, dry_run);
    };
    sync(); // it learns nothing: nothing is kept, nothing restored
    CHECK(target.restored.empty());
    CHECK(store.target_memories().empty());

    target.learnt = {"mode=a", "identity: a"};
    sync();
    CHECK(target.restored.empty()); // nothing was kept before this run
    auto kept = store.find_target_memory("jira");
    REQUIRE(kept);
    CHECK(kept->data == "mode=a");
    CHECK(kept->shown == "identity: a");

    target.learnt = {"mode=b", "identity: b"};
    sync(true); // a dry run reads what was learnt, keeps nothing
    CHECK(target.restored == std::vector<std::string>{"mode=a"});
    CHECK(store.find_target_memory("jira")->data == "mode=a");

    sync();
    CHECK(target.restored == std::vector<std::string>{"mode=a", "mode=a"});
    CHECK(store.find_target_memory("jira")->data == "mode=b");
    REQUIRE(store.target_memories().size() == 1);
    CHECK(store.target_memories()[0].shown == "identity: b");
}

TEST_CASE("check-missing with the fake target: missing, differs and orphan") {
    const auto config = one_repo();
    auto store = state::Store::in_memory();
    FakeTarget target;
    const auto linked = FakeSource::item("o/a", 1);
    const auto unmade = FakeSource::item("o/a", 2);
    const auto unlinked = FakeSource::item("o/a", 3);
    {
        Client client;
        FakeTarget::answer_ok(client.fake);
        run(config, store, client, target, {linked});
    }
    REQUIRE(target.items().size() == 1);
    // Someone edits the linked item's title; another item carries item 3's marker, made by no link.
    const std::string linked_id = target.items().begin()->first;
    FakeTarget::Item edited = target.items().begin()->second;
    target.remove_item(linked_id);
    edited.title = "edited by hand";
    const std::string new_id = target.add_item(edited);
    state::Link l = *store.find_link("jira", linked.external_id);
    l.target_id = new_id;
    l.target_key = "FT-" + new_id;
    store.put_link(l);
    FakeTarget::Item stray;
    stray.external_id = unlinked.external_id;
    stray.title = unlinked.title;
    target.add_item(stray);

    Client client;
    FakeTarget::answer_ok(client.fake);
    sync::CheckOptions options;
    options.days = 7;
    options.report_only = true;
    options.make_source = [&](const config::Source&) {
        auto source = std::make_unique<FakeSource>();
        source->add_page("o/a", {linked, unmade, unlinked});
        return source;
    };
    options.make_target = [&](const config::Target&) { return testing::borrow(target); };
    std::map<std::string, sync::Verdict> verdicts;
    const auto report = sync::check_missing(
        config, store, client, options, [&](const sync::CheckRecord& r) { verdicts[r.external_id] = r.verdict; },
        [](const sync::CheckProgress&) {});
    REQUIRE(report.repos.size() == 1);
    CHECK(verdicts[linked.external_id] == sync::Verdict::differs);
    CHECK(verdicts[unmade.external_id] == sync::Verdict::missing);
    CHECK(verdicts[unlinked.external_id] == sync::Verdict::orphan);
    CHECK(report.repos[0].differs == 1);
    CHECK(report.repos[0].missing == 1);
    CHECK(report.repos[0].orphans == 1);
    CHECK(target.items().size() == 2); // report only: nothing made
    CHECK(client.count("/create/") == 0);
}

TEST_CASE("check-missing reads back only what the target's change stream cannot vouch for") {
    const auto config = one_repo();
    auto store = state::Store::in_memory();
    FakeTarget target;
    auto one = FakeSource::item("o/a", 1);
    one.state = "closed";
    const auto two = FakeSource::item("o/a", 2);
    {
        Client client;
        FakeTarget::answer_ok(client.fake);
        run(config, store, client, target, {one, two});
    }
    REQUIRE(target.items().size() == 2);
    const std::string id_one = store.find_link("jira", one.external_id)->target_id;
    const std::string id_two = store.find_link("jira", two.external_id)->target_id;
    // Item 1 is retitled by hand; the source changes item 2 since it was written.
    target.item(id_one)->title = "edited by hand";
    auto two_now = two;
    two_now.title = "retitled at the source";
    const auto check = [&](std::optional<std::optional<std::set<std::string>>> stream, bool report_only = true) {
        target.stream = std::move(stream);
        Client client;
        FakeTarget::answer_ok(client.fake);
        sync::CheckOptions options;
        options.days = 7;
        options.report_only = report_only;
        options.make_source = [&](const config::Source&) {
            auto source = std::make_unique<FakeSource>();
            source->add_page("o/a", {one, two_now});
            return source;
        };
        options.make_target = [&](const config::Target&) { return testing::borrow(target); };
        std::map<std::string, sync::Verdict> verdicts;
        sync::check_missing(
            config, store, client, options, [&](const sync::CheckRecord& r) { verdicts[r.external_id] = r.verdict; },
            [](const sync::CheckProgress&) {});
        return std::pair{verdicts, client.count("/inspect")};
    };
    // No stream, or one that cannot tell: every linked item is read back.
    for (const auto& stream : {std::optional<std::optional<std::set<std::string>>>{},
                               std::optional<std::optional<std::set<std::string>>>{std::nullopt}}) {
        const auto [verdicts, reads] = check(stream);
        CHECK(reads == 1);
        CHECK(verdicts.at(one.external_id) == sync::Verdict::differs);
        CHECK(verdicts.at(two.external_id) == sync::Verdict::differs);
    }
    // The stream vouches for both: item 1 is taken as in sync unread; item 2 is read, its source moved on.
    auto [verdicts, reads] = check(std::set<std::string>{id_one, id_two});
    CHECK(reads == 1);
    CHECK(verdicts.at(one.external_id) == sync::Verdict::in_sync);
    CHECK(verdicts.at(two.external_id) == sync::Verdict::differs);
    // It vouches for item 2 only: item 1 is read back and found edited.
    std::tie(verdicts, reads) = check(std::set<std::string>{id_two});
    CHECK(reads == 1);
    CHECK(verdicts.at(one.external_id) == sync::Verdict::differs);
    // Repairing: an item taken as in sync unread is neither written nor relinked; item 2 is repaired.
    const state::Link before = *store.find_link("jira", one.external_id);
    const auto writes = target.writes().size();
    std::tie(verdicts, reads) = check(std::set<std::string>{id_one, id_two}, false);
    CHECK(verdicts.at(one.external_id) == sync::Verdict::in_sync);
    REQUIRE(target.writes().size() == writes + 1);
    CHECK(target.writes().back().external_id == two.external_id);
    const state::Link after = *store.find_link("jira", one.external_id);
    CHECK(after.target_id == before.target_id);
    CHECK(after.fingerprint == before.fingerprint);
    CHECK(after.updated_at == before.updated_at);
}

TEST_CASE("adopt links the items the fake target lists by their markers") {
    const auto config = one_repo();
    auto store = state::Store::in_memory();
    FakeTarget target;
    FakeTarget::Item a;
    a.external_id = "github:github.com/o/a#1";
    a.title = "one";
    const std::string first = target.add_item(a);
    a.external_id = "github:github.com/o/a#2";
    a.title = "two";
    const std::string second = target.add_item(a);
    Client client;
    FakeTarget::answer_ok(client.fake);
    const auto report =
        sync::adopt(config, store, client, {}, [&](const config::Target&) { return testing::borrow(target); });
    CHECK(report.adopted == 2);
    CHECK(report.conflicts.empty());
    CHECK(report.unrouted.empty());
    CHECK(client.count("/find_all") == 1);
    const auto l1 = store.find_link("jira", "github:github.com/o/a#1");
    REQUIRE(l1);
    CHECK(l1->target_id == first);
    CHECK(l1->route == "main");
    const auto l2 = store.find_link("jira", "github:github.com/o/a#2");
    REQUIRE(l2);
    CHECK(l2->target_id == second);
}

TEST_SUITE_END();
