// The GitHub source's listing against a scripted client: which next links it follows, with which credentials.

#include "issuebridge/sources/github.hpp"
#include "issuebridge/sources/source.hpp"

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
std::string read_all(sources::Pager& pager, FakeClient& client) {
    for (int i = 0; i < 10; ++i) {
        auto page = pager.next(client);
        if (!page.ok()) {
            return page.failure().message;
        }
        if (!*page) {
            return "";
        }
    }
    return "did not end";
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
        {"https://evil.example/steal?page=2", "https://evil.example:443"},         // another host
        {"https://api.github.com:8443/repositories/1/issues?page=2", "https://api.github.com:8443"}, // port
        {"http://api.github.com/repositories/1/issues?page=2", "http://api.github.com:80"},        // downgrade
        {"https://user:pw@evil.example/x", "https://evil.example:443"},             // userinfo never shown
    };
    for (const auto& row : rows) {
        CAPTURE(row.next);
        auto source = github_source();
        FakeClient client;
        client.on("GET", k_first, page_with_next(row.next));
        client.on_every("GET", row.next, FakeClient::response(200, "[]"));
        auto pager = source->changed_since("o/r", "", "");
        auto first = pager->next(client);
        REQUIRE(first.ok()); // the page read from the configured origin still counts
        REQUIRE(first->has_value());
        auto second = pager->next(client);
        REQUIRE_FALSE(second.ok());
        CHECK(second.failure().message == "list issues of 'o/r': the next page link points to another origin '" +
                                              std::string(row.origin) +
                                              "'; stopped so the credentials stay with 'https://api.github.com:443'");
        CHECK(second.failure().message.find("pw") == std::string::npos);
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
    auto pager = source->changed_since("o/r", "", "");
    CHECK(read_all(*pager, client) == "");
    REQUIRE(client.calls().size() == 2);
    CHECK(authorized(client.calls()[1]));
}

TEST_CASE("a next link that repeats a page already read ends the listing") {
    auto source = github_source();
    FakeClient client;
    const std::string page2 = "https://api.github.com/repositories/1/issues?page=2";
    client.on("GET", k_first, page_with_next(page2));
    client.on_every("GET", page2, page_with_next(k_first)); // back to the first page: a loop
    auto pager = source->changed_since("o/r", "", "");
    CHECK(read_all(*pager, client) == "list issues of 'o/r': the next page link repeats '" + k_first +
                                          "', already read; stopped");
    CHECK(client.calls().size() == 2);

    FakeClient self;
    self.on_every("GET", k_first, page_with_next(k_first)); // a page whose next link is itself
    auto again = source->changed_since("o/r", "", "");
    CHECK(read_all(*again, self).find("repeats") != std::string::npos);
    CHECK(self.calls().size() == 1);
}

TEST_SUITE_END();
