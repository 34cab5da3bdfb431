// The LGTM source: SARIF logs streamed into alerts (good, malformed results, broken logs), and its listing against a
// scripted client (project id, latest analysis, one request when unchanged, a complete set).

#include "cli/schemas.hpp"
#include "issuebridge/sources/source.hpp"
#include "sources/lgtm/lgtm.hpp"
#include "sync/drive.hpp"

#include "support/fake_client.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

using namespace issuebridge;
using http::FakeClient;
namespace lg = sources::lgtm;

namespace {

const lg::AnalysisContext k_context{"lgtm.example.com",
                                    "g/acme/app",
                                    "1000001",
                                    "04d7a2300feec9bbcc48185e370e3b5d3ae4da9d",
                                    "https://lgtm.example.com/projects/g/acme/app",
                                    "2026-02-01T10:00:00Z"};
const std::string k_base = "https://lgtm.example.com/api/v1.0";

// One SARIF result; `extra` adds members.
std::string result(const std::string& key, const std::string& extra = "", const std::string& rule = "py/sql-injection",
                   int line = 42) {
    return R"({"ruleId":")" + rule + R"(","ruleIndex":0,"message":{"text":"Depends on *input*."},
      "locations":[{"physicalLocation":{"artifactLocation":{"uri":"app/db.py"},"region":{"startLine":)" +
           std::to_string(line) + R"(}}}],"partialFingerprints":{"alertKey":")" + key + "\"}" + extra + "}";
}

std::string sarif(const std::vector<std::string>& results) {
    std::string joined;
    for (const auto& r : results) {
        joined += (joined.empty() ? "" : ",") + r;
    }
    return R"({"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{
      "tool":{"driver":{"name":"LGTM","rules":[{"id":"py/sql-injection","name":"SqlInjection",
        "shortDescription":{"text":"SQL query built from user input"},"help":{"text":"Use parameters."},
        "helpUri":"https://lgtm.example.com/rules/py-sql-injection","defaultConfiguration":{"level":"error"}}]}},
      "results":[)" +
           joined + "]}]}";
}

std::vector<lg::ParsedItem> parse(const std::string& body, util::Result<std::size_t>* out = nullptr) {
    std::vector<lg::ParsedItem> items;
    auto count = lg::parse_sarif(body, k_context, [&](lg::ParsedItem i) { items.push_back(std::move(i)); });
    if (out) {
        *out = count;
    }
    return items;
}

std::unique_ptr<sources::Source> source() {
    ::setenv("IB_UNIT_LGTM_TOKEN", "unit-lgtm-token-77aa", 1);
    config::Source s;
    s.name = "lgtm";
    s.type = "lgtm";
    s.base_url = k_base;
    s.secrets["token_env"].env = "IB_UNIT_LGTM_TOKEN";
    return lg::make(s);
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

std::string analysis(const std::string& id) {
    return R"({"id":")" + id + R"(","commit-id":"c0ffee","results-url":"https://lgtm.example.com/a/)" + id +
           R"(","project":{"id":1000001,"url":"https://lgtm.example.com/projects/g/acme/app"},"languages":[{"language":"python","status":"success","alerts":1,
             "analysis-date":"2026-02-01T10:00:00.000+00:00"}]})";
}

} // namespace

TEST_SUITE_BEGIN("sources.lgtm");

TEST_CASE("a SARIF log: every result an alert, with its fields, labels, body and id") {
    util::Result<std::size_t> count = std::size_t{0};
    const auto items = parse(sarif({result("+ja0cf6+84AGgat15W1jooeMfUY="), result("k2", "", "py/other", 7)}), &count);
    REQUIRE(count.ok());
    CHECK(*count == 2);
    REQUIRE(items.size() == 2);
    REQUIRE(items[0].ok());
    const auto& a = *items[0];
    CHECK(a.external_id == "lgtm:lgtm.example.com/1000001/+ja0cf6+84AGgat15W1jooeMfUY=");
    CHECK(a.kind == "alert");
    CHECK(a.state == "open");
    CHECK(a.repo == "g/acme/app");
    CHECK(a.title == "SQL query built from user input");
    CHECK(a.url == k_context.url);
    CHECK(a.updated_at == "2026-02-01T10:00:00Z");
    CHECK(a.labels == std::vector<std::string>{"LGTM", "error"});
    CHECK(*a.field("rule") == "SQL query built from user input");
    CHECK(*a.field("rule_url") == "https://lgtm.example.com/rules/py-sql-injection");
    CHECK(*a.field("severity") == "error");
    CHECK(*a.field("file") == "app/db.py");
    CHECK(*a.field("line") == "42");
    CHECK(*a.field("message") == "Depends on *input*.");
    CHECK(*a.field("tool") == "LGTM");
    CHECK(*a.field("ref") == k_context.ref);
    CHECK(a.body.find("app/db.py:42") != std::string::npos);
    // A rule the driver does not list: the rule id names it, the level defaults to SARIF's 'warning'.
    REQUIRE(items[1].ok());
    CHECK(items[1]->title == "py/other");
    CHECK(*items[1]->field("severity") == "warning");
    CHECK(*items[1]->field("line") == "7");
}

TEST_CASE("a suppressed result is a 'suppressed' alert, closed as not planned and labelled so; without alertKey the "
          "rule and line hash "
          "key it") {
    const auto items = parse(sarif(
        {result("k1", R"(,"suppressions":[{"kind":"external"}])"),
         R"({"ruleId":"py/x","message":{"text":"m"},"partialFingerprints":{"primaryLocationLineHash":"ab12:1"}})"}));
    REQUIRE(items.size() == 2);
    REQUIRE(items[0].ok());
    CHECK(items[0]->state == "suppressed");
    CHECK(items[0]->not_planned);
    CHECK(items[0]->labels == std::vector<std::string>{"LGTM", "error", "suppressed"});
    REQUIRE(items[1].ok());
    CHECK(items[1]->labels == std::vector<std::string>{"LGTM", "warning"});
    CHECK(items[1]->external_id == "lgtm:lgtm.example.com/1000001/py/x:ab12:1");
    CHECK(*items[1]->field("file") == "");
}

TEST_CASE("a malformed result fails alone, naming the field and, when its key was read, the alert") {
    const auto items = parse(sarif({
        result("k1"),
        result("k2", R"(,"level":5)"),
        R"({"ruleId":"py/x","message":{"text":"m"}})",
        R"({"ruleId":"py/x","partialFingerprints":{"alertKey":"k4"},"message":{"text":"m"},
            "locations":[{"physicalLocation":{"region":{"startLine":"x"}}}]})",
        "7",
        result("k6"),
    }));
    REQUIRE(items.size() == 6);
    CHECK(items[0].ok());
    REQUIRE_FALSE(items[1].ok());
    CHECK(items[1].failure().kind == util::Failure::Kind::parse);
    CHECK(items[1].failure().message == "LGTM alert runs[0].results[1]: field 'level' must be a string");
    CHECK(items[1].failure().subject == "lgtm:lgtm.example.com/1000001/k2");
    REQUIRE_FALSE(items[2].ok());
    CHECK(items[2].failure().message == "LGTM alert runs[0].results[2]: field 'partialFingerprints' must be an object");
    CHECK(items[2].failure().subject.empty());
    REQUIRE_FALSE(items[3].ok());
    CHECK(items[3].failure().message ==
          "LGTM alert runs[0].results[3]: field 'locations[0].physicalLocation.region.startLine' must be an integer");
    REQUIRE_FALSE(items[4].ok());
    CHECK(items[4].failure().message == "LGTM alert runs[0].results[4]: must be a JSON object");
    CHECK(items[5].ok());
}

TEST_CASE("a log that is not SARIF or breaks off fails as a whole, never a crash") {
    const std::string good = sarif({result("k1"), result("k2"), result("k3")});
    for (std::size_t cut = 0; cut < good.size(); cut += 7) {
        util::Result<std::size_t> count = std::size_t{0};
        const auto items = parse(good.substr(0, cut), &count);
        CAPTURE(cut);
        CHECK_FALSE(count.ok());
        CHECK(items.size() <= 3);
    }
    util::Result<std::size_t> count = std::size_t{0};
    parse("[1,2]", &count);
    REQUIRE_FALSE(count.ok());
    CHECK(count.failure().message == "LGTM alerts of 'g/acme/app': the body is not a JSON object");
    parse(R"({"runs":[{"tool":{"driver":{}},"results":[]}]})", &count);
    REQUIRE_FALSE(count.ok());
    CHECK(count.failure().message == "LGTM alerts of 'g/acme/app': field 'runs[0].tool.driver.name' must be a string");
    parse(R"({"version":"2.1.0"})", &count);
    REQUIRE_FALSE(count.ok());
    CHECK(count.failure().message == "LGTM alerts of 'g/acme/app': field 'runs' must be an array");
}

TEST_CASE("a first listing learns the project id, reads the latest analysis and its alerts: a complete set") {
    auto s = source();
    FakeClient client;
    client.on("GET", k_base + "/projects/g/acme/app", FakeClient::response(200, R"({"id":1000001,"name":"app"})"));
    client.on("GET", k_base + "/analyses/1000001/commits/latest", FakeClient::response(200, analysis("a1")));
    client.on("GET", k_base + "/analyses/a1/alerts?sarif-version=2.1.0",
              FakeClient::response(200, sarif({result("k1"), result("k2")})));
    auto listing = s->changed("g/acme/app", "");
    const auto pages = read_all(*listing, client);
    CHECK_FALSE(listing->failure());
    CHECK(listing->complete_set());
    REQUIRE(pages.size() == 1);
    REQUIRE(pages[0].items.size() == 2);
    CHECK(pages[0].items[1]->external_id == "lgtm:lgtm.example.com/1000001/k2");
    CHECK(*pages[0].items[1]->field("ref") == "c0ffee");
    CHECK(pages[0].items[1]->url == "https://lgtm.example.com/projects/g/acme/app"); // not the analysis' page
    CHECK(pages[0].items[1]->updated_at == "2026-02-01T10:00:00Z");
    REQUIRE(client.calls().size() == 3);
    CHECK(client.calls()[2].headers[0] == std::pair<std::string, std::string>{"Accept", "application/sarif+json"});
    CHECK(client.calls()[2].headers[1] ==
          std::pair<std::string, std::string>{"Authorization", "Bearer unit-lgtm-token-77aa"});
    const std::string cursor = listing->complete("");
    CHECK(cursor == R"({"lgtm_project":"1000001","lgtm_analysis":"a1"})");
    CHECK(lg::describe_cursor(cursor) == "analysis a1");

    // The next run: the same analysis is one request, and nothing changed.
    FakeClient idle;
    idle.on("GET", k_base + "/analyses/1000001/commits/latest", FakeClient::response(200, analysis("a1")));
    auto again = s->changed("g/acme/app", cursor);
    const auto idle_pages = read_all(*again, idle);
    REQUIRE(idle_pages.size() == 1);
    CHECK(idle_pages[0].not_modified);
    CHECK(idle.calls().size() == 1);
}

TEST_CASE("a numeric project needs no project request; a 404 names the project; a broken log lists nothing") {
    auto s = source();
    FakeClient client;
    client.on("GET", k_base + "/analyses/42/commits/latest", FakeClient::response(200, analysis("a2")));
    client.on("GET", k_base + "/analyses/a2/alerts?sarif-version=2.1.0",
              FakeClient::response(200, sarif({result("k1")}).substr(0, 200)));
    auto listing = s->changed("42", R"({"lgtm_project":"","lgtm_analysis":"a1"})");
    CHECK(read_all(*listing, client).empty());
    REQUIRE(listing->failure());
    CHECK(listing->failure()->kind == util::Failure::Kind::parse);
    CHECK(client.calls().size() == 2);

    FakeClient missing;
    missing.on("GET", k_base + "/projects/g/acme/gone", FakeClient::response(404, R"({"code":404,"error":"x"})"));
    auto gone = s->changed("g/acme/gone", "");
    read_all(*gone, missing);
    REQUIRE(gone->failure());
    CHECK(gone->failure()->kind == util::Failure::Kind::config);
    CHECK(gone->failure()->message.starts_with("LGTM project 'g/acme/gone' not found on lgtm.example.com"));
}

TEST_CASE(
    "config check --online reads the project; a refused token is an auth failure; a set-aside alert is read alone") {
    auto s = source();
    FakeClient client;
    client.on("GET", k_base + "/projects/g/acme/app", FakeClient::response(200, R"({"id":1000001})"));
    client.on("GET", k_base + "/projects/g/acme/locked", FakeClient::response(401, R"({"code":401,"error":"x"})"));
    const auto found = s->probe(client, "g/acme/app");
    REQUIRE(found.ok());
    CHECK(*found == "project 1000001");
    const auto refused = s->probe(client, "g/acme/locked");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.failure().kind == util::Failure::Kind::auth);

    client.on("GET", k_base + "/issues/1000001/a%2Fb%3D", FakeClient::response(200, sarif({result("a/b=")})));
    auto read = s->read("g/acme/app", "lgtm:lgtm.example.com/1000001/a/b=");
    sync::round(client, {read.get()});
    REQUIRE(read->done());
    REQUIRE(read->item().ok());
    CHECK(read->item()->external_id == "lgtm:lgtm.example.com/1000001/a/b=");
    CHECK_FALSE(s->read("g/acme/app", "codescanning:lgtm.example.com/o/r#1")->item().ok());
}

TEST_CASE("the identity: LGTM ids and numeric projects") {
    config::Source s;
    s.type = "lgtm";
    s.base_url = k_base;
    const std::vector<std::string> repos{"g/acme/app", "42"};
    CHECK(lg::repo_of(s, "lgtm:lgtm.example.com/42/a/b=", repos) == "42");
    CHECK_FALSE(lg::repo_of(s, "lgtm:other.example.com/42/k", repos));
    CHECK_FALSE(lg::repo_of(s, "codescanning:lgtm.example.com/42#1", repos));
    CHECK(lg::host_of("HTTP://localhost:80/api/v1.0") == "127.0.0.1");
    CHECK_FALSE(lg::describe_cursor(R"({"alerts_updated":"x","etag":""})"));
}

TEST_SUITE_END();
