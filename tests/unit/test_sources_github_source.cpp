// The GitHub source's listing against a scripted client: which next links it follows, with which credentials.

#include "issuebridge/sources/source.hpp"
#include "sources/github/github.hpp"
#include "sync/drive.hpp"

#include "support/fake_client.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

using namespace issuebridge;
using http::FakeClient;

namespace {

constexpr const char* k_token = "unit-github-token-7f3a";
const std::string k_first = "https://api.github.com/repos/o/r/issues?state=all&sort=updated&direction=asc&per_page=100";

std::unique_ptr<sources::Source> github_source(const std::string& base_url = "https://api.github.com") {
    ::setenv("IB_UNIT_GITHUB_TOKEN", k_token, 1);
    config::Source s;
    s.name = "gh";
    s.type = "github";
    s.base_url = base_url;
    s.secrets["token_env"].env = "IB_UNIT_GITHUB_TOKEN";
    return sources::github::make(s);
}

http::Outcome page_with_next(const std::string& next) {
    return FakeClient::response(200, "[]", {{"Link", "<" + next + ">; rel=\"next\""}});
}

// Reads the listing to its end; returns the Failure's message, or "" when it ended normally.
std::string read_all(sources::Listing& listing, FakeClient& client) {
    for (int i = 0; i < 10 && !listing.done(); ++i) {
        sync::round(client, {&listing});
        listing.take();
    }
    if (!listing.done()) {
        return "did not end";
    }
    return listing.failure() ? listing.failure()->message : "";
}

bool authorized(const http::Request& r) {
    for (const auto& [name, value] : r.headers) {
        if (name == "Authorization") {
            return value == std::string("Bearer ") + k_token;
        }
    }
    return false;
}

} // namespace

TEST_SUITE_BEGIN("sources.github");

TEST_CASE("a next link to another origin is not followed: the token stays with the configured one") {
    struct Row {
        const char* next;
        const char* origin; // as the message names it
    };
    const Row rows[] = {
        {"https://evil.example/steal?page=2", "https://evil.example:443"},                           // another host
        {"https://api.github.com:8443/repositories/1/issues?page=2", "https://api.github.com:8443"}, // port
        {"http://api.github.com/repositories/1/issues?page=2", "http://api.github.com:80"},          // downgrade
        {"https://user:pw@evil.example/x", "https://evil.example:443"}, // userinfo never shown
    };
    for (const auto& row : rows) {
        CAPTURE(row.next);
        auto source = github_source();
        FakeClient client;
        client.on("GET", k_first, page_with_next(row.next));
        client.on_every("GET", row.next, FakeClient::response(200, "[]"));
        auto listing = source->changed("o/r", "");
        sync::round(client, {listing.get()});
        CHECK(listing->take().size() == 1); // the page read from the configured origin still counts
        REQUIRE(listing->done());
        REQUIRE(listing->failure());
        CHECK(listing->failure()->message ==
              "list issues of 'o/r': the next page link points to another origin '" + std::string(row.origin) +
                  "'; stopped so the credentials stay with 'https://api.github.com:443'");
        CHECK(listing->failure()->message.find("pw") == std::string::npos);
        REQUIRE(client.calls().size() == 1);
        CHECK(authorized(client.calls()[0]));
    }
}

TEST_CASE("a next link on the configured origin is followed, whatever the case and default port") {
    auto source = github_source();
    FakeClient client;
    const std::string next = "HTTPS://API.GitHub.com:443/repositories/1/issues?page=2";
    client.on("GET", k_first, page_with_next(next));
    client.on("GET", next, FakeClient::response(200, "[]"));
    auto listing = source->changed("o/r", "");
    CHECK(read_all(*listing, client) == "");
    REQUIRE(client.calls().size() == 2);
    CHECK(authorized(client.calls()[1]));
}

TEST_CASE("a next link that repeats a page already read ends the listing") {
    auto source = github_source();
    FakeClient client;
    const std::string page2 = "https://api.github.com/repositories/1/issues?page=2";
    client.on("GET", k_first, page_with_next(page2));
    client.on_every("GET", page2, page_with_next(k_first)); // back to the first page: a loop
    auto listing = source->changed("o/r", "");
    CHECK(read_all(*listing, client) ==
          "list issues of 'o/r': the next page link repeats '" + k_first + "', already read; stopped");
    CHECK(client.calls().size() == 2);

    FakeClient self;
    self.on_every("GET", k_first, page_with_next(k_first)); // a page whose next link is itself
    auto again = source->changed("o/r", "");
    CHECK(read_all(*again, self).find("repeats") != std::string::npos);
    CHECK(self.calls().size() == 1);
}

TEST_CASE("the cursor: advance never moves back and drops the ETag") {
    using sources::github::read_cursor;
    auto source = github_source();
    model::SourceItem item;
    item.updated_at = "2026-03-01T10:00:00Z";
    const std::string from = R"({"since":"2026-03-01T12:00:00Z","etag":"\"e1\""})";
    // An item older than the cursor (listed again within the overlap, or by --full) leaves the since alone.
    CHECK(read_cursor(source->advance(from, item)).since == "2026-03-01T12:00:00Z");
    CHECK(read_cursor(source->advance(from, item)).etag.empty());
    item.updated_at = "2026-03-01T13:00:00Z";
    CHECK(read_cursor(source->advance(from, item)).since == "2026-03-01T12:59:00Z"); // 60 s of overlap
    CHECK(read_cursor(source->advance("", item)).since == "2026-03-01T12:59:00Z");
    CHECK(source->advance("", item) == R"({"since":"2026-03-01T12:59:00Z","etag":""})");
}

TEST_CASE("the cursor: a complete listing keeps its first ETag only while the since it listed with is the cursor's") {
    auto source = github_source();
    const std::string from = R"({"since":"2026-03-01T12:00:00Z","etag":""})";
    const std::string url = k_first + "&since=2026-03-01T12%3A00%3A00Z";
    FakeClient client;
    client.on_every("GET", url, FakeClient::response(200, "[]", {{"ETag", "\"e2\""}}));
    auto listing = source->changed("o/r", from);
    CHECK(read_all(*listing, client) == "");
    REQUIRE(client.calls().size() == 1);
    CHECK(client.calls()[0].if_none_match.empty());
    CHECK(listing->complete(from) == R"({"since":"2026-03-01T12:00:00Z","etag":"\"e2\""})");
    const std::string moved = R"({"since":"2026-03-01T12:30:00Z","etag":""})";
    CHECK(listing->complete(moved) == moved); // an ETag belongs to the URL of the old since
}

TEST_CASE("the cursor: one written before state schema 5 is read, its ETag sent, and a 304 is one page") {
    auto source = github_source();
    // As migration 5 writes it (SQLite's json_object).
    const std::string old = R"({"since":"2026-01-01T00:00:00Z","etag":"W/\"abc\""})";
    CHECK(sources::github::read_cursor(old).since == "2026-01-01T00:00:00Z");
    CHECK(sources::github::read_cursor(old).etag == "W/\"abc\"");
    FakeClient client;
    client.on("GET", k_first + "&since=2026-01-01T00%3A00%3A00Z", FakeClient::response(304));
    auto listing = source->changed("o/r", old);
    sync::round(client, {listing.get()});
    const auto pages = listing->take();
    REQUIRE(pages.size() == 1);
    CHECK(pages[0].not_modified);
    CHECK(listing->done());
    CHECK_FALSE(listing->failure());
    REQUIRE(client.calls().size() == 1);
    CHECK(client.calls()[0].if_none_match == "W/\"abc\"");
    CHECK(listing->complete(old) == old);
    CHECK(sources::github::read_cursor("").since.empty());
    CHECK(sources::github::read_cursor("not json").since.empty());
}

TEST_CASE("the identity: which repository of a route an id is, and ids spelt as they were") {
    config::Source s;
    s.type = "github";
    s.base_url = "http://localhost:8080";
    const std::vector<std::string> repos = {"Octo/Demo", "o/other"};
    const auto* identity = sources::identity("github");
    REQUIRE(identity);
    CHECK(identity->repo_of(s, "github:127.0.0.1:8080/octo/demo#3", repos) == "Octo/Demo");
    CHECK(identity->repo_of(s, "github:localhost:8080/Octo/Demo#3", repos) == "Octo/Demo");
    CHECK_FALSE(identity->repo_of(s, "github:127.0.0.1:8080/o/r#3", repos));     // another repository
    CHECK_FALSE(identity->repo_of(s, "github:github.com/octo/demo#3", repos));   // another host
    CHECK_FALSE(identity->repo_of(s, "gitlab:127.0.0.1:8080/octo/demo", repos)); // another type
    CHECK_FALSE(sources::identity("no-such-type"));
    CHECK(sources::canonical_id("github:GHE.example.com:443/A/B#2") == "github:ghe.example.com/a/b#2");
    CHECK(sources::canonical_id("github:[::1]:80/o/r#4") == "github:127.0.0.1/o/r#4");
    CHECK(sources::canonical_id("trello:Board/Card") == "trello:Board/Card");
}

TEST_CASE("the cursor for people: its since, for GitHub's positions only") {
    using sources::github::describe_cursor;
    CHECK(describe_cursor(R"({"since":"2026-01-01T00:00:00Z","etag":"W/\"abc\""})") == "2026-01-01T00:00:00Z");
    CHECK(describe_cursor(R"({"since":"","etag":""})") == "");
    CHECK_FALSE(describe_cursor("7"));
    CHECK_FALSE(describe_cursor(R"({"page":3})"));
    CHECK_FALSE(describe_cursor("{\"since\":"));
    // Through the registry: a position no type knows is shown as it is.
    CHECK(sources::describe_cursor(R"({"since":"2026-01-01T00:00:00Z"})") == "2026-01-01T00:00:00Z");
    CHECK(sources::describe_cursor("page 3") == "page 3");
}

TEST_CASE("'owner/*' lists an organisation's repositories page by page, then a user's when /orgs answers 404") {
    const std::string orgs = "https://api.github.com/orgs/acme/repos?type=all&per_page=100";
    const std::string users = "https://api.github.com/users/acme/repos?type=owner&per_page=100";
    const std::string page2 = "https://api.github.com/organizations/9/repos?type=all&per_page=100&page=2";
    const auto repo = [](const char* name, bool archived = false, bool fork = false) {
        return std::string(R"({"full_name":")") + name + R"(","archived":)" + (archived ? "true" : "false") +
               R"(,"fork":)" + (fork ? "true" : "false") + "}";
    };
    auto source = github_source();
    SUBCASE("an organisation, two pages; archived and forks left out") {
        FakeClient client;
        client.on("GET", orgs,
                  FakeClient::response(200, "[" + repo("acme/a") + "," + repo("acme/old", true) + "]",
                                       {{"Link", "<" + page2 + ">; rel=\"next\""}}));
        client.on("GET", page2,
                  FakeClient::response(200, "[" + repo("acme/b") + "," + repo("acme/f", false, true) + "]"));
        auto listing = source->expand("acme/*");
        for (int i = 0; i < 5 && !listing->done(); ++i) {
            sync::round(client, {listing.get()});
        }
        REQUIRE(listing->done());
        REQUIRE(listing->repos().ok());
        CHECK(*listing->repos() == std::vector<std::string>{"acme/a", "acme/b"});
        REQUIRE(client.calls().size() == 2);
        CHECK(authorized(client.calls()[1]));
    }
    SUBCASE("a user; an owner that is neither is a setting to fix") {
        FakeClient client;
        client.on("GET", orgs, FakeClient::response(404, R"({"message":"Not Found"})"));
        client.on("GET", users, FakeClient::response(200, "[" + repo("acme/mine") + "]"));
        auto listing = source->expand("acme/*");
        sync::drive(client, {listing.get()}, nullptr);
        REQUIRE(listing->repos().ok());
        CHECK(*listing->repos() == std::vector<std::string>{"acme/mine"});

        FakeClient none;
        none.on("GET", orgs, FakeClient::response(404, R"({"message":"Not Found"})"));
        none.on("GET", users, FakeClient::response(404, R"({"message":"Not Found"})"));
        listing = source->expand("acme/*");
        sync::drive(none, {listing.get()}, nullptr);
        REQUIRE_FALSE(listing->repos().ok());
        CHECK(listing->repos().failure().kind == util::Failure::Kind::config);
        CHECK(listing->repos().failure().message == "owner 'acme' not found on github.com");
    }
    SUBCASE("a truncated page fails the listing, naming the page") {
        FakeClient client;
        client.on("GET", orgs, FakeClient::response(200, "[" + repo("acme/a") + ",{\"full_na"));
        auto listing = source->expand("acme/*");
        sync::drive(client, {listing.get()}, nullptr);
        REQUIRE_FALSE(listing->repos().ok());
        CHECK(listing->repos().failure().message ==
              "github repositories page: the body is not valid JSON (from owner 'acme')");
    }
}

TEST_SUITE_END();
