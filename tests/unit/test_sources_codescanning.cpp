// The code scanning source: alerts parsed from a recorded answer and from hand-made ones (states, null states,
// malformed fields), and its listing against a scripted client (watermark, ETag, 304, GHAS-off 403, paging).

#include "cli/schemas.hpp"
#include "issuebridge/sources/source.hpp"
#include "sources/codescanning/codescanning.hpp"
#include "sync/drive.hpp"

#include "support/fake_client.hpp"
#include "support/tempdir.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>

using namespace issuebridge;
using http::FakeClient;
namespace cs = sources::codescanning;

namespace {

const cs::PageContext k_context{"github.com", "Matt-Davis27/PyGithub"};
constexpr const char* k_token = "unit-codescanning-token-5e1b";
const std::string k_first =
    "https://api.github.com/repos/o/r/code-scanning/alerts?sort=updated&direction=desc&per_page=100";

std::string fixture(const std::string& name) {
    return testing::read_file(std::string(ISSUEBRIDGE_SOURCE_DIR) + "/tests/unit/fixtures/codescanning/" + name);
}

// An alert as code-scanning-alert-items describes it; `state_json` is its state as JSON ("null" for none).
std::string alert(int number, const std::string& updated, const std::string& state_json = "\"open\"",
                  const std::string& extra = "") {
    return R"({"number":)" + std::to_string(number) + R"(,"created_at":"2026-01-01T00:00:00Z","updated_at":")" +
           updated + R"(","url":"u","html_url":"https://github.com/o/r/security/code-scanning/)" +
           std::to_string(number) + R"(","state":)" + state_json + R"(,"fixed_at":null,"dismissed_by":null,
        "dismissed_at":"2026-01-03T00:00:00Z","dismissed_reason":"false positive",
        "rule":{"id":"py/sql-injection","severity":"error","description":"SQL query built from user input",
                "name":"py/sql-injection","help_uri":"https://codeql.github.com/py-sql-injection/"},
        "tool":{"name":"CodeQL","guid":null,"version":"2.22.4"},
        "most_recent_instance":{"ref":"refs/heads/main","state":"open","message":{"text":"Depends on *input*."},
          "location":{"path":"app/db.py","start_line":42,"end_line":42}})" +
           extra + "}";
}

std::unique_ptr<sources::Source> source(const std::string& tool_name = "", const std::string& ref = "") {
    ::setenv("IB_UNIT_CS_TOKEN", k_token, 1);
    config::Source s;
    s.name = "cs";
    s.type = "codescanning";
    s.base_url = "https://api.github.com";
    s.secrets["token_env"].env = "IB_UNIT_CS_TOKEN";
    if (!tool_name.empty()) {
        s.settings["tool_name"] = tool_name;
    }
    if (!ref.empty()) {
        s.settings["ref"] = ref;
    }
    return cs::make(s);
}

std::vector<sources::Page> read_all(sources::Listing& listing, FakeClient& client) {
    std::vector<sources::Page> pages;
    for (int i = 0; i < 10 && !listing.done(); ++i) {
        sync::round(client, {&listing});
        for (auto& p : listing.take()) {
            pages.push_back(std::move(p));
        }
    }
    REQUIRE(listing.done());
    return pages;
}

std::vector<std::int64_t> numbers(const std::vector<sources::Page>& pages) {
    std::vector<std::int64_t> out;
    for (const auto& p : pages) {
        for (const auto& i : p.items) {
            out.push_back(i.ok() ? i->number : -1);
        }
    }
    return out;
}

} // namespace

TEST_SUITE_BEGIN("sources.codescanning");

TEST_CASE("a recorded answer: every alert, with its state, fields, labels and body") {
    const auto page = cs::parse_alerts_page(fixture("alerts-recorded.json"), k_context);
    REQUIRE(page.ok());
    REQUIRE(page->size() == 14);
    for (const auto& item : *page) {
        REQUIRE(item.ok());
    }
    const model::SourceItem& a = *(*page)[1]; // number 13, open
    CHECK(a.number == 13);
    CHECK(a.external_id == "codescanning:github.com/matt-davis27/pygithub#13");
    CHECK(a.kind == "alert");
    CHECK(a.state == "open");
    CHECK(a.repo == "Matt-Davis27/PyGithub");
    CHECK(a.title == "Workflow does not contain permissions");
    CHECK(a.url == "https://github.com/matt-davis27/PyGithub/security/code-scanning/13");
    CHECK(a.labels == std::vector<std::string>{"CodeQL", "warning"});
    CHECK(*a.field("rule") == "Workflow does not contain permissions");
    CHECK(*a.field("rule_url") == ""); // help_uri is absent in the recording
    CHECK(*a.field("severity") == "warning");
    CHECK(*a.field("file") == ".github/workflows/top-issues.yaml");
    CHECK(*a.field("line") == "9");
    CHECK(*a.field("tool") == "CodeQL");
    CHECK(*a.field("ref") == "refs/heads/main");
    CHECK(a.field("message")->starts_with("Actions job or workflow does not limit the permissions"));
    CHECK(a.body.starts_with("Workflow does not contain permissions\n\nIn .github/workflows/top-issues.yaml:9:\n\n> "));
    const model::SourceItem& fixed = *(*page)[0]; // number 14
    CHECK(fixed.state == "fixed");
    CHECK(fixed.closed_at == "2025-08-25T16:03:09Z");
    CHECK(fixed.updated_at == "2025-08-25T16:03:10Z");
}

TEST_CASE("a dismissed alert is labelled 'suppressed'; its rule links to its help; a null state is skipped") {
    const std::string body = "[" + alert(1, "2026-01-02T00:00:00Z", "\"dismissed\"") + "," +
                             alert(2, "2026-01-02T00:00:00Z", "null") + "," + alert(3, "2026-01-02T00:00:00Z") + "]";
    const auto page = cs::parse_alerts_page(body, {"github.com", "o/r"});
    REQUIRE(page.ok());
    REQUIRE(page->size() == 2);
    const auto& dismissed = *(*page)[0];
    CHECK(dismissed.state == "dismissed");
    CHECK(dismissed.labels == std::vector<std::string>{"CodeQL", "error", "suppressed"});
    CHECK(dismissed.closed_at == "2026-01-03T00:00:00Z");
    CHECK(dismissed.not_planned);
    CHECK((*page)[1]->number == 3);
    CHECK_FALSE((*page)[1]->not_planned);
    CHECK((*page)[1]->labels == std::vector<std::string>{"CodeQL", "error"});
    CHECK((*page)[1]->body == "[SQL query built from user input](https://codeql.github.com/py-sql-injection/)\n\n"
                              "In app/db.py:42:\n\n> Depends on \\*input\\*.");
}

TEST_CASE("a malformed alert fails alone, naming the field and the alert") {
    const std::string bad_rule = R"({"number":7,"created_at":"x","html_url":"h","state":"open","rule":5,"tool":{}})";
    const std::string bad_state = alert(8, "2026-01-02T00:00:00Z", "\"closed\"");
    const std::string bad_line =
        R"({"number":9,"created_at":"x","html_url":"h","state":"open","rule":{"description":"R"},"tool":{"name":"T"},
        "most_recent_instance":{"location":{"path":"p","start_line":"nine"}}})";
    const std::string body =
        "[" + bad_rule + "," + bad_state + "," + bad_line + ",3," + alert(10, "2026-01-02T00:00:00Z") + "]";
    const auto page = cs::parse_alerts_page(body, {"github.com", "o/r"});
    REQUIRE(page.ok());
    REQUIRE(page->size() == 5);
    REQUIRE_FALSE((*page)[0].ok());
    CHECK((*page)[0].failure().message == "code scanning alert 0 of o/r: field 'rule' must be an object");
    CHECK((*page)[0].failure().subject == "codescanning:github.com/o/r#7");
    CHECK((*page)[1].failure().message ==
          "code scanning alert 1 of o/r: field 'state' must be 'open', 'fixed', 'dismissed' or null");
    CHECK((*page)[2].failure().message ==
          "code scanning alert 2 of o/r: field 'most_recent_instance.location.start_line' must be an integer or null");
    CHECK((*page)[3].failure().message == "code scanning alert 3 of o/r: must be a JSON object");
    CHECK((*page)[3].failure().subject.empty());
    CHECK((*page)[4].ok());
    for (const char* broken : {"", "{\"message\":\"x\"}", "[{\"number\":1,", "<html>"}) {
        CAPTURE(broken);
        CHECK_FALSE(cs::parse_alerts_page(broken, k_context).ok());
    }
}

TEST_SUITE_END();

TEST_SUITE_BEGIN("sources.codescanning.listing");

TEST_CASE("the first listing walks every page by Link and keeps the newest update and the first page's ETag") {
    auto s = source("CodeQL", "refs/heads/main");
    const std::string first = k_first + "&tool_name=CodeQL&ref=refs%2Fheads%2Fmain";
    const std::string next = "https://api.github.com/repos/o/r/code-scanning/alerts?after=Y3Vyc29y";
    FakeClient client;
    client.on(
        "GET", first,
        FakeClient::response(200, "[" + alert(5, "2026-02-01T10:00:00Z") + "," + alert(4, "2026-01-20T00:00:00Z") + "]",
                             {{"ETag", "\"p1\""}, {"Link", "<" + next + ">; rel=\"next\""}}));
    client.on("GET", next, FakeClient::response(200, "[" + alert(1, "2026-01-05T00:00:00Z") + "]"));
    auto listing = s->changed("o/r", "");
    const auto pages = read_all(*listing, client);
    CHECK_FALSE(listing->failure());
    CHECK(numbers(pages) == std::vector<std::int64_t>{4, 5, 1}); // oldest first within each page
    REQUIRE(client.calls().size() == 2);
    CHECK(client.calls()[0].if_none_match.empty());
    model::SourceItem any;
    any.updated_at = "2026-03-01T00:00:00Z";
    CHECK(s->advance("", any) == ""); // newest first: the cursor moves only when the listing is done
    CHECK(listing->complete("") == R"({"alerts_updated":"2026-02-01T09:59:00Z","etag":"\"p1\""})");
}

TEST_CASE("the next listing sends the ETag, stops below the watermark, and an unchanged repository is one 304") {
    auto s = source();
    const std::string cursor = R"({"alerts_updated":"2026-02-01T09:59:00Z","etag":"\"p1\""})";
    const std::string next = "https://api.github.com/repos/o/r/code-scanning/alerts?page=2";
    FakeClient client;
    client.on("GET", k_first,
              FakeClient::response(200,
                                   "[" + alert(4, "2026-02-03T00:00:00Z", "\"fixed\"") + "," +
                                       alert(5, "2026-02-01T10:00:00Z") + "," + alert(3, "2026-01-20T00:00:00Z") + "]",
                                   {{"ETag", "\"p2\""}, {"Link", "<" + next + ">; rel=\"next\""}}));
    auto listing = s->changed("o/r", cursor);
    const auto pages = read_all(*listing, client);
    CHECK(numbers(pages) == std::vector<std::int64_t>{5, 4}); // 3 is below the watermark; page 2 is never asked
    REQUIRE(client.calls().size() == 1);
    CHECK(client.calls()[0].if_none_match == "\"p1\"");
    CHECK(listing->complete(cursor) == R"({"alerts_updated":"2026-02-02T23:59:00Z","etag":"\"p2\""})");

    FakeClient idle;
    idle.on("GET", k_first, FakeClient::response(304));
    auto again = s->changed("o/r", listing->complete(cursor));
    const auto idle_pages = read_all(*again, idle);
    REQUIRE(idle_pages.size() == 1);
    CHECK(idle_pages[0].not_modified);
    CHECK(idle.calls().size() == 1);
    CHECK(again->complete(cursor) == cursor);
}

TEST_CASE("check-missing walks every alert, whatever the cursor") {
    auto s = source();
    FakeClient client;
    client.on("GET", k_first, FakeClient::response(200, "[" + alert(1, "2020-01-01T00:00:00Z") + "]"));
    auto listing = s->updated_within("o/r", 7, 1'900'000'000);
    CHECK(numbers(read_all(*listing, client)) == std::vector<std::int64_t>{1});
    CHECK(client.calls()[0].if_none_match.empty());
}

TEST_CASE("a 403 without Advanced Security fails that repository, naming the cause; a rate-limited 403 does not") {
    auto s = source();
    FakeClient client;
    client.on(
        "GET", k_first,
        FakeClient::response(
            403,
            R"({"message":"Advanced Security must be enabled for this repository to use code scanning.","documentation_url":"d","status":"403"})"));
    auto listing = s->changed("o/r", "");
    read_all(*listing, client);
    REQUIRE(listing->failure());
    CHECK(listing->failure()->kind == util::Failure::Kind::config);
    CHECK(listing->failure()->message ==
          "code scanning alerts of 'o/r' on github.com cannot be read: GitHub answered 403 ('Advanced Security must be "
          "enabled for this repository to use code scanning.'); code scanning or GitHub Advanced Security is not "
          "enabled for this repository, or the token lacks the security_events scope");

    FakeClient limited;
    limited.on("GET", k_first,
               FakeClient::response(403, R"({"message":"API rate limit exceeded for user ID 1."})",
                                    {{"x-ratelimit-remaining", "0"}}));
    auto again = s->changed("o/r", "");
    read_all(*again, limited);
    REQUIRE(again->failure());
    CHECK(again->failure()->kind == util::Failure::Kind::rate_limit);
}

TEST_CASE("a page that is not a JSON array fails the listing; no cursor is kept from it") {
    auto s = source();
    FakeClient client;
    client.on("GET", k_first, FakeClient::response(200, R"([{"number":1,"state":)"));
    auto listing = s->changed("o/r", "");
    read_all(*listing, client);
    REQUIRE(listing->failure());
    CHECK(listing->failure()->kind == util::Failure::Kind::parse);
}

TEST_CASE("the identity: ids, repositories and cursors of code scanning only") {
    config::Source s;
    s.type = "codescanning";
    s.base_url = "http://localhost:8080/api/v3";
    const std::vector<std::string> repos = {"Octo/Demo"};
    const auto* identity = sources::identity("codescanning");
    REQUIRE(identity);
    CHECK(identity->repo_of(s, "codescanning:127.0.0.1:8080/octo/demo#3", repos) == "Octo/Demo");
    CHECK(identity->repo_of(s, "codescanning:127.0.0.1:8080/Octo/Demo#3", repos) == "Octo/Demo");
    CHECK_FALSE(identity->repo_of(s, "github:127.0.0.1:8080/octo/demo#3", repos));
    CHECK(cs::host_of("https://api.github.com") == "github.com");
    CHECK(cs::host_of("https://GHE.example.com:443/api/v3") == "ghe.example.com");
    CHECK(sources::canonical_id("codescanning:GitHub.com/A/B#2") == "codescanning:github.com/a/b#2");
    CHECK(cs::describe_cursor(R"({"alerts_updated":"2026-01-01T00:00:00Z","etag":""})") == "2026-01-01T00:00:00Z");
    CHECK_FALSE(cs::describe_cursor(R"({"since":"2026-01-01T00:00:00Z"})"));
    CHECK(sources::describe_cursor(R"({"alerts_updated":"2026-01-01T00:00:00Z","etag":""})") == "2026-01-01T00:00:00Z");
}

TEST_SUITE_END();

TEST_SUITE_BEGIN("sources.codescanning.config");

TEST_CASE("a code scanning route may name the alert fields and map severities; its states default as documented") {
    const std::string text = R"toml(
[sources.cs]
type = "codescanning"
base_url = "https://ghe.example.com/api/v3"
token_env = "GHE_TOKEN"
tool_name = "CodeQL"

[targets.jira]
type = "jira"
base_url = "https://example.atlassian.net"
user = "me@example.com"
token_env = "JIRA_API_TOKEN"
project = "SEC"

[[routes]]
name = "alerts"
source = "cs"
repos = ["acme/api"]
target = "jira"
[routes.map]
title = "{rule} ({repo})"
body = "{rule_url} {severity} {file}:{line} {message} {tool} {ref}"
labels = { error = "P1" }
)toml";
    const auto c = config::parse(text, "c.toml", cli::schemas());
    REQUIRE(c.routes.size() == 1);
    CHECK(c.sources.at("cs").setting("tool_name") == "CodeQL");
    CHECK(c.sources.at("cs").setting("ref") == "");
    CHECK(c.routes[0].link_label == "View alert on GitHub");
    CHECK(c.routes[0].states.at("open") == model::ItemState::open);
    CHECK(c.routes[0].states.at("fixed") == model::ItemState::closed);
    CHECK(c.routes[0].states.at("dismissed") == model::ItemState::closed);
    CHECK(c.routes[0].map.labels.at("error") == "P1");
}

TEST_SUITE_END();
