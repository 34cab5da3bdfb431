#include "cli/schemas.hpp"
#include "issuebridge/render/templates.hpp"
#include "sync/mapping.hpp"

#include <doctest/doctest.h>

using namespace issuebridge;

namespace {

config::Route route_from(const std::string& extra) {
    const std::string text = R"(
[sources.gh]
type = "github"
[targets.jira]
type = "jira"
base_url = "https://x.atlassian.net"
user = "u"
token_env = "T"
project = "P"
[[routes]]
name = "r"
source = "gh"
target = "jira"
repos = ["o/r"]
)" + extra;
    return config::parse(text, "c.toml", cli::schemas()).routes.at(0);
}

model::SourceItem issue() {
    model::SourceItem i;
    i.external_id = "github:github.com/o/r#7";
    i.repo = "o/r";
    i.number = 7;
    i.title = "Crash on start";
    i.body = "It *crashes*.";
    i.labels = {"bug", "ui"};
    i.assignees = {"alice", "bob"};
    i.author = "carol";
    i.url = "https://github.com/o/r/issues/7";
    i.updated_at = "2026-01-01T00:00:00Z";
    return i;
}

} // namespace

TEST_SUITE_BEGIN("sync.mapping");

TEST_CASE("templates, label and assignee maps shape the draft") {
    const auto route = route_from(R"(
[routes.map]
title = "{title} (#{number}) [{labels}]"
body = "{body}\n\nby {author} in {repo}"
labels = { bug = "defect" }
assignees = { bob = "acc-bob" }
)");
    const auto mapped = sync::map_item(issue(), route);
    REQUIRE(mapped.draft);
    const auto& d = *mapped.draft;
    CHECK(d.title == "Crash on start (#7) [bug, ui]");
    CHECK(d.body == "It *crashes*.\n\nby carol in o/r");
    CHECK(d.labels == std::vector<std::string>{"defect", "ui"});
    CHECK(d.assignee == "acc-bob");
    CHECK(d.target == "jira");
    CHECK(d.route == "r");
    CHECK(d.url == "https://github.com/o/r/issues/7");
    CHECK(d.source_updated_at == "2026-01-01T00:00:00Z");
}

TEST_CASE("defaults: the source title and body, no assignee without a map") {
    const auto mapped = sync::map_item(issue(), route_from(""));
    REQUIRE(mapped.draft);
    CHECK(mapped.draft->title == "Crash on start");
    CHECK(mapped.draft->body == "It *crashes*.");
    CHECK(mapped.draft->assignee.empty());
    CHECK(mapped.draft->labels == std::vector<std::string>{"bug", "ui"});
}

TEST_CASE("filters leave items out and say which") {
    struct Case {
        const char* extra;
        std::function<void(model::SourceItem&)> change;
        const char* why; // empty: synced
    };
    const Case cases[] = {
        {"", [](model::SourceItem&) {}, ""},
        {"kinds = [\"issue\"]", [](model::SourceItem& i) { i.kind = "pull_request"; },
         "kind 'pull_request' is not synced by this route"},
        {"[routes.filter]\nstates = [\"open\"]", [](model::SourceItem& i) { i.state = "closed"; },
         "state 'closed' is filtered out"},
        {"[routes.filter]\nstates = [\"open\"]", [](model::SourceItem& i) { i.state = "merged"; },
         "state 'merged' is filtered out"},
        {"[routes.filter]\nstates = [\"closed\"]", [](model::SourceItem& i) { i.state = "merged"; }, ""},
        {"[routes.filter]\nstates = [\"merged\"]", [](model::SourceItem& i) { i.state = "closed"; },
         "state 'closed' is filtered out"},
        {"[routes.filter]\nstates = [\"merged\"]", [](model::SourceItem& i) { i.state = "merged"; }, ""},
        {"[routes.filter]\nstates = [\"open\"]\n[routes.map]\nstates = { merged = \"open\" }",
         [](model::SourceItem& i) { i.state = "merged"; }, ""},
        {"[routes.filter]\nlabels_any = [\"crash\", \"bug\"]", [](model::SourceItem&) {}, ""},
        {"[routes.filter]\nlabels_any = [\"crash\"]", [](model::SourceItem&) {}, "has none of labels_any"},
        {"[routes.filter]\nlabels_none = [\"ui\"]", [](model::SourceItem&) {}, "has a label in labels_none"},
        {"[routes.filter]\nauthors_none = [\"dependabot[bot]\"]",
         [](model::SourceItem& i) { i.author = "dependabot[bot]"; }, "author 'dependabot[bot]' is in authors_none"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.extra);
        auto item = issue();
        c.change(item);
        const auto mapped = sync::map_item(item, route_from(c.extra));
        CHECK(mapped.draft.has_value() == std::string(c.why).empty());
        CHECK(mapped.skipped_because == c.why);
    }
}

TEST_CASE("a state word means what the route's states say: merged is closed unless mapped to open") {
    auto merged = issue();
    merged.kind = "pull_request";
    merged.state = "merged";
    const auto by_default = sync::map_item(merged, route_from(""));
    REQUIRE(by_default.draft);
    CHECK(by_default.draft->state == model::ItemState::closed);
    CHECK(by_default.draft->link_label == "View on GitHub");
    const auto route = route_from("[routes.map]\nstates = { merged = \"open\" }\ntitle = \"{title} ({state})\"\n");
    const auto mapped = sync::map_item(merged, route);
    REQUIRE(mapped.draft);
    CHECK(mapped.draft->state == model::ItemState::open);
    CHECK(mapped.draft->title == "Crash on start (merged)"); // {state} shows the source's word
    auto closed = merged;
    closed.state = "closed";
    CHECK(sync::map_item(closed, route).draft->state == model::ItemState::closed);
    closed.state = "open";
    CHECK(sync::map_item(closed, route).draft->state == model::ItemState::open);
}

TEST_CASE("the route's label colours reach the draft for the labels it carries, after the label map") {
    auto item = issue();
    item.labels = {"bug", "p1"};
    auto route = route_from("[routes.map]\nlabels = { bug = \"defect\" }\n");
    route.map.label_colors = {{"defect", "d73a4a"}, {"docs", "0075ca"}}; // as a GitHub target's route reads them
    const auto mapped = sync::map_item(item, route);
    REQUIRE(mapped.draft);
    CHECK(mapped.draft->label_colors == std::map<std::string, std::string>{{"defect", "d73a4a"}});
    // A colour is no field the target shows: it changes no fingerprint.
    auto plain = *mapped.draft;
    plain.label_colors.clear();
    CHECK(plain.fingerprint() == mapped.draft->fingerprint());
}

TEST_CASE("closed as not planned reaches the draft only when the route closes the item") {
    auto unmerged = issue();
    unmerged.kind = "pull_request";
    unmerged.state = "closed";
    unmerged.not_planned = true;
    const auto closed = sync::map_item(unmerged, route_from(""));
    REQUIRE(closed.draft);
    CHECK(closed.draft->not_planned);
    const auto open = sync::map_item(unmerged, route_from("[routes.map]\nstates = { closed = \"open\" }\n"));
    REQUIRE(open.draft);
    CHECK(open.draft->state == model::ItemState::open);
    CHECK_FALSE(open.draft->not_planned);
    // Not part of the fingerprint: an item already closed is not written again for its reason alone.
    auto completed = *closed.draft;
    completed.not_planned = false;
    CHECK(completed.fingerprint() == closed.draft->fingerprint());
}

TEST_CASE("a change the target does not show changes no fingerprint") {
    const auto route = route_from("");
    auto a = issue();
    auto b = issue();
    b.updated_at = "2026-02-02T00:00:00Z"; // e.g. a new comment or reaction
    b.assignees = {"zed"};                 // unmapped: not shown
    CHECK(sync::map_item(a, route).draft->fingerprint() == sync::map_item(b, route).draft->fingerprint());
}

TEST_CASE("a body template shows other fields as text, not as markup") {
    auto item = issue();
    item.title = "*not bold* <b>";
    const auto mapped = sync::map_item(item, route_from("[routes.map]\nbody = \"{title}\\n\\n{body}\"\n"));
    REQUIRE(mapped.draft);
    CHECK(mapped.draft->body.starts_with(issuebridge::render::escape_markdown("*not bold* <b>")));
    CHECK(mapped.draft->body.find("\\*not bold\\*") != std::string::npos);
    CHECK(mapped.draft->body.ends_with("It *crashes*.")); // {body} is markdown already
}

TEST_CASE("a template field is a common field, else one the item's source adds, else empty") {
    auto item = issue();
    item.fields = {{"rule", "py/unused-import"}, {"severity", "warning"}};
    CHECK(sync::template_field(item, "title") == "Crash on start");
    CHECK(sync::template_field(item, "labels") == "bug, ui");
    CHECK(sync::template_field(item, "number") == "7");
    CHECK(sync::template_field(item, "rule") == "py/unused-import");
    CHECK(sync::template_field(item, "severity") == "warning");
    CHECK(sync::template_field(item, "file").empty()); // the source's schema may list a field an item lacks
    CHECK(item.field("severity") != nullptr);
    CHECK(item.field("message") == nullptr);
}

TEST_SUITE_END();
