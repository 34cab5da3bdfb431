// The engine against a scripted source: how it reads many repositories' listings, and where it keeps cursors.

#include "support/fake_client.hpp"
#include "support/fake_source.hpp"

#include "cli/schemas.hpp"
#include "issuebridge/config/config.hpp"
#include "issuebridge/state/store.hpp"
#include "issuebridge/sync/adopt.hpp"
#include "issuebridge/sync/check.hpp"
#include "issuebridge/sync/engine.hpp"
#include "issuebridge/util/error.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

using namespace issuebridge;

namespace {

// A FakeClient that also records which URLs went out together, one entry per send_all.
class RecordingClient final : public http::Client {
public:
    http::FakeClient fake;
    std::vector<std::vector<std::string>> rounds;

    void set_policy(std::string_view base_url, const http::HostPolicy& policy) override {
        fake.set_policy(base_url, policy);
    }
    http::Outcome send(const http::Request& request) override {
        rounds.push_back({request.url});
        return fake.send(request);
    }
    void send_all(std::span<const http::Request> requests,
                  const std::function<void(std::size_t index, http::Outcome outcome)>& on_done) override {
        auto& urls = rounds.emplace_back();
        for (const auto& r : requests) {
            urls.push_back(r.url);
        }
        fake.send_all(requests, on_done);
    }
};

config::Config two_repos() {
    ::setenv("IB_UNIT_ENGINE_TOKEN", "t", 1);
    return config::parse(R"toml(
[sources.gh]
type = "github"
[targets.jira]
type = "jira"
base_url = "https://x.atlassian.net"
user = "u"
token_env = "IB_UNIT_ENGINE_TOKEN"
project = "P"
[[routes]]
name = "main"
source = "gh"
target = "jira"
repos = ["o/a", "o/b"]
)toml",
                         "engine.toml", cli::schemas());
}

} // namespace

TEST_SUITE_BEGIN("sync.engine");

TEST_CASE("the listings of several repositories are read at once, a page of each per round") {
    const auto config = two_repos();
    auto store = state::Store::in_memory();
    auto* source = new testing::FakeSource;
    for (const char* repo : {"o/a", "o/b"}) {
        source->add_page(repo, {});
        source->add_page(repo, {});
    }
    RecordingClient client;
    for (const char* repo : {"o/a", "o/b"}) {
        for (std::size_t page = 0; page < 2; ++page) {
            client.fake.on("GET", testing::FakeSource::page_url(repo, page), http::FakeClient::response(200));
        }
    }
    sync::SyncOptions options;
    std::unique_ptr<sources::Source> owned(source);
    options.make_source = [&](const config::Source&) { return std::move(owned); };
    const auto report = sync::run_sync(config, store, client, options, [](const sync::ActionRecord&) {});
    using Urls = std::vector<std::string>;
    REQUIRE(client.rounds.size() == 2);
    CHECK(client.rounds[0] == Urls{testing::FakeSource::page_url("o/a", 0), testing::FakeSource::page_url("o/b", 0)});
    CHECK(client.rounds[1] == Urls{testing::FakeSource::page_url("o/a", 1), testing::FakeSource::page_url("o/b", 1)});
    REQUIRE(report.repos.size() == 2);
    CHECK(report.repos[0].repo == "o/a"); // in config order
    CHECK(report.repos[1].repo == "o/b");
    CHECK(report.repos[0].error.empty());
}

TEST_CASE("a listing that fails ends alone: the other repository's listing goes on") {
    const auto config = two_repos();
    auto store = state::Store::in_memory();
    auto* source = new testing::FakeSource;
    for (const char* repo : {"o/a", "o/b"}) {
        source->add_page(repo, {});
        source->add_page(repo, {});
    }
    RecordingClient client;
    client.fake.on("GET", testing::FakeSource::page_url("o/a", 0), http::FakeClient::response(200));
    client.fake.on("GET", testing::FakeSource::page_url("o/a", 1), http::FakeClient::response(200));
    client.fake.on("GET", testing::FakeSource::page_url("o/b", 0), http::FakeClient::response(500));
    sync::SyncOptions options;
    std::unique_ptr<sources::Source> owned(source);
    options.make_source = [&](const config::Source&) { return std::move(owned); };
    const auto report = sync::run_sync(config, store, client, options, [](const sync::ActionRecord&) {});
    REQUIRE(client.rounds.size() == 2);
    CHECK(client.rounds[1] == std::vector<std::string>{testing::FakeSource::page_url("o/a", 1)});
    REQUIRE(report.repos.size() == 2);
    CHECK(report.repos[0].error.empty());
    CHECK(report.repos[1].error == "page 0 of o/b answered 500");
}

TEST_CASE("check-missing reads the listings of several repositories at once too") {
    const auto config = two_repos();
    auto store = state::Store::in_memory();
    auto* source = new testing::FakeSource;
    RecordingClient client;
    for (const char* repo : {"o/a", "o/b"}) {
        source->add_page(repo, {});
        client.fake.on("GET", testing::FakeSource::page_url(repo, 0), http::FakeClient::response(200));
    }
    sync::CheckOptions options;
    options.days = 7;
    std::unique_ptr<sources::Source> owned(source);
    options.make_source = [&](const config::Source&) { return std::move(owned); };
    const auto report = sync::check_missing(
        config, store, client, options, [](const sync::CheckRecord&) {}, [](const sync::CheckProgress&) {});
    REQUIRE(client.rounds.size() == 1);
    CHECK(client.rounds[0] ==
          std::vector<std::string>{testing::FakeSource::page_url("o/a", 0), testing::FakeSource::page_url("o/b", 0)});
    CHECK(report.repos.size() == 2);
}

TEST_CASE("the items set aside in several repositories are read again at once, before the listings") {
    const auto config = two_repos();
    auto store = state::Store::in_memory();
    auto* source = new testing::FakeSource;
    std::vector<std::string> ids;
    for (const char* repo : {"o/a", "o/b"}) {
        auto item = testing::FakeSource::item(repo, 1);
        ids.push_back(item.external_id);
        state::Link l;
        l.target = "jira";
        l.external_id = item.external_id;
        l.route = "main";
        l.repo = repo;
        l.status = state::LinkStatus::failed;
        l.next_attempt_at = 1000; // due
        store.put_link(l);
        source->add_page(repo, {item});
        store.put_cursor({"main", repo, "1", 1}); // the listing passed it
    }
    RecordingClient client;
    for (const char* repo : {"o/a", "o/b"}) {
        client.fake.on("GET", testing::FakeSource::page_url(repo, 0), http::FakeClient::response(200));
    }
    client.fake.on_every("GET", testing::FakeSource::item_url("o/a", ids[0]), http::FakeClient::response(200));
    client.fake.on_every("GET", testing::FakeSource::item_url("o/b", ids[1]), http::FakeClient::response(200));
    sync::SyncOptions options;
    options.now = 2000;
    std::unique_ptr<sources::Source> owned(source);
    options.make_source = [&](const config::Source&) { return std::move(owned); };
    sync::run_sync(config, store, client, options, [](const sync::ActionRecord&) {});
    REQUIRE_FALSE(client.rounds.empty());
    CHECK(client.rounds[0] == std::vector<std::string>{testing::FakeSource::item_url("o/a", ids[0]),
                                                       testing::FakeSource::item_url("o/b", ids[1])});
}

TEST_CASE("adopt: an id belongs to the route whose source type's identity claims it") {
    const auto config = config::parse(R"toml(
[sources.gh]
type = "github"
[sources.ghe]
type = "github"
base_url = "https://ghe.example.com/api/v3"
[targets.jira]
type = "jira"
base_url = "https://x.atlassian.net"
user = "u"
token_env = "IB_UNIT_ENGINE_TOKEN"
project = "P"
[[routes]]
name = "public"
source = "gh"
target = "jira"
repos = ["o/a"]
[[routes]]
name = "enterprise"
source = "ghe"
target = "jira"
repos = ["Corp/App"]
)toml",
                                      "adopt.toml", cli::schemas());
    const std::vector<const config::Route*> routes = {&config.routes[0], &config.routes[1]};
    std::string repo;
    const auto* route = sync::route_of(config, routes, "github:ghe.example.com/corp/app#7", repo);
    REQUIRE(route);
    CHECK(route->name == "enterprise"); // the second route's, not the first's
    CHECK(repo == "Corp/App");
    CHECK(sync::route_of(config, routes, "github:github.com/o/a#1", repo)->name == "public");
    // Ids need not end in #number, and one of a type no route's source has is no route's.
    CHECK_FALSE(sync::route_of(config, routes, "fake:o/a/1", repo));
    CHECK_FALSE(sync::route_of(config, routes, "fake:github.com/o/a#1", repo));
    CHECK_FALSE(sync::route_of(config, routes, "github:github.com/o/b#1", repo));
}

namespace {

// A type whose ids are "fake:<repo>/<n>": no '#number'.
std::optional<std::string> fake_repo_of(const config::Source&, std::string_view id,
                                        std::span<const std::string> repos) {
    for (const auto& r : repos) {
        const std::string prefix = "fake:" + r + "/";
        if (id.starts_with(prefix) && id.substr(prefix.size()).find('/') == std::string_view::npos) {
            return r;
        }
    }
    return std::nullopt;
}
std::string fake_canonical(std::string_view id) { return std::string(id); }
std::optional<std::string> fake_cursor(std::string_view position) { return std::string(position); }
constexpr sources::Identity k_fake_identity{fake_repo_of, fake_canonical, fake_cursor};
const sources::Identity* fake_or_real(std::string_view type) {
    return type == "fake" ? &k_fake_identity : sources::identity(type);
}

} // namespace

TEST_CASE("adopt: ids of a type that does not end them in #number go to the repository its identity names") {
    config::Config config;
    config.sources["f"].type = "fake";
    config.sources["gh"].type = "github";
    config.sources["gh"].base_url = "https://api.github.com";
    config.routes.push_back({});
    config.routes.back().name = "github";
    config.routes.back().source = "gh";
    config.routes.back().repos = {"o/a"};
    config.routes.push_back({});
    config.routes.back().name = "fake";
    config.routes.back().source = "f";
    config.routes.back().repos = {"o/a", "o/a/b"};
    const std::vector<const config::Route*> routes = {&config.routes[0], &config.routes[1]};
    std::string repo;
    const auto* route = sync::route_of(config, routes, "fake:o/a/b/12", repo, fake_or_real);
    REQUIRE(route);
    CHECK(route->name == "fake");
    CHECK(repo == "o/a/b");
    CHECK(sync::route_of(config, routes, "fake:o/a/3", repo, fake_or_real)->name == "fake");
    CHECK(repo == "o/a");
    // Not a GitHub id for the GitHub route, though its repository matches.
    CHECK_FALSE(sync::route_of(config, routes, "fake:o/a#3", repo));
    CHECK(sync::route_of(config, routes, "github:github.com/o/a#3", repo, fake_or_real)->name == "github");
}

namespace {

// two_repos' route with `repos`, its github source taking patterns 'owner/*' as a source that lists them would.
config::Config patterned(const std::string& repos) {
    ::setenv("IB_UNIT_ENGINE_TOKEN", "t", 1);
    static const config::Schemas schemas = [] { // outlives the config, which points into it
        auto all = cli::schemas();
        for (auto& s : all.sources) {
            s.group_pattern = s.type == "github" ? "[a-z]+/\\*" : "";
            s.group_shape = "'owner/*'";
        }
        return all;
    }();
    return config::parse(R"toml(
[sources.gh]
type = "github"
[targets.jira]
type = "jira"
base_url = "https://x.atlassian.net"
user = "u"
token_env = "IB_UNIT_ENGINE_TOKEN"
project = "P"
[[routes]]
name = "main"
source = "gh"
target = "jira"
repos = )toml" + repos + "\n",
                         "patterns.toml", schemas);
}

} // namespace

TEST_CASE("a pattern stands for what its source lists at run start, once with the repositories named beside it") {
    const auto config = patterned(R"(["o/a", "o/*"])");
    auto store = state::Store::in_memory();
    auto* source = new testing::FakeSource;
    source->add_pattern("o/*", {"o/b", "O/A", "o/c", "o/b"}); // o/a named already (paths compare without case)
    RecordingClient client;
    client.fake.on("GET", testing::FakeSource::pattern_url("o/*"), http::FakeClient::response(200));
    for (const char* repo : {"o/a", "o/b", "o/c"}) {
        source->add_page(repo, {});
        client.fake.on("GET", testing::FakeSource::page_url(repo, 0), http::FakeClient::response(200));
    }
    std::unique_ptr<sources::Source> owned(source);
    SUBCASE("sync") {
        sync::SyncOptions options;
        options.make_source = [&](const config::Source&) { return std::move(owned); };
        const auto report = sync::run_sync(config, store, client, options, [](const sync::ActionRecord&) {});
        using Urls = std::vector<std::string>;
        REQUIRE(client.rounds.size() == 2);
        CHECK(client.rounds[0] == Urls{testing::FakeSource::pattern_url("o/*")}); // before any listing
        CHECK(client.rounds[1] == Urls{testing::FakeSource::page_url("o/a", 0), testing::FakeSource::page_url("o/b", 0),
                                       testing::FakeSource::page_url("o/c", 0)});
        REQUIRE(report.repos.size() == 3);
        CHECK(report.repos[2].repo == "o/c");
        CHECK(report.all_done());
    }
    SUBCASE("check-missing") {
        sync::CheckOptions options;
        options.days = 7;
        options.make_source = [&](const config::Source&) { return std::move(owned); };
        const auto report = sync::check_missing(
            config, store, client, options, [](const sync::CheckRecord&) {}, [](const sync::CheckProgress&) {});
        REQUIRE(report.repos.size() == 3);
        CHECK(report.repos[1].repo == "o/b");
    }
}

TEST_CASE("a pattern whose listing fails is reported as the pattern's error, a setting to check; the rest syncs") {
    const auto config = patterned(R"(["o/*", "o/a"])");
    auto store = state::Store::in_memory();
    auto* source = new testing::FakeSource;
    source->add_page("o/a", {});
    RecordingClient client;
    client.fake.on("GET", testing::FakeSource::pattern_url("o/*"), http::FakeClient::response(404));
    client.fake.on("GET", testing::FakeSource::page_url("o/a", 0), http::FakeClient::response(200));
    sync::SyncOptions options;
    std::unique_ptr<sources::Source> owned(source);
    options.make_source = [&](const config::Source&) { return std::move(owned); };
    const auto report = sync::run_sync(config, store, client, options, [](const sync::ActionRecord&) {});
    REQUIRE(report.repos.size() == 2);
    CHECK(report.repos[0].repo == "o/*");
    CHECK(report.repos[0].error == "https://fake.example/patterns/o/* answered 404 (check repos in route 'main' and "
                                   "the token's access)");
    CHECK(report.repos[0].error_is_setting);
    CHECK(report.repos[1].repo == "o/a");
    CHECK(report.repos[1].error.empty());
    CHECK(report.needs_config_fix());
}

TEST_CASE("--repo takes a repository a pattern covers, and lists no pattern for it") {
    const auto config = patterned(R"(["o/*"])");
    auto store = state::Store::in_memory();
    auto* source = new testing::FakeSource;
    source->add_page("o/z", {});
    RecordingClient client;
    client.fake.on("GET", testing::FakeSource::page_url("o/z", 0), http::FakeClient::response(200));
    sync::SyncOptions options;
    options.repos = {"o/z"};
    std::unique_ptr<sources::Source> owned(source);
    options.make_source = [&](const config::Source&) { return std::move(owned); };
    const auto report = sync::run_sync(config, store, client, options, [](const sync::ActionRecord&) {});
    REQUIRE(client.rounds.size() == 1);
    CHECK(client.rounds[0] == std::vector<std::string>{testing::FakeSource::page_url("o/z", 0)});
    REQUIRE(report.repos.size() == 1);
    CHECK(report.repos[0].repo == "o/z");
    CHECK_THROWS_WITH_AS(sync::check_selection(config, {}, {"o/y/z"}), "no route syncs repository 'o/y/z'",
                         util::UsageError);
    CHECK_NOTHROW(sync::check_selection(config, {}, {"O/y"}));
}

TEST_SUITE_END();
