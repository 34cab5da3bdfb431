// The CPU side of a sync (issue 6), without any network: parse (simdjson) + map + plan + journal (SQLite on disk)
// for N items in pages of 100, as the engine does them. Prints items/s of CPU time and peak RSS; asserts nothing.
//
//   bench_pipeline [--items 100000]

#include "cli/schemas.hpp"
#include "issuebridge/config/config.hpp"
#include "issuebridge/state/store.hpp"
#include "issuebridge/util/json_writer.hpp"
#include "sources/github/github.hpp"
#include "sync/mapping.hpp"
#include "sync/plan.hpp"

#include "support/tempdir.hpp"

#include <simdjson.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <sys/resource.h>

namespace {

using namespace issuebridge;

double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// One page as GitHub writes it: 100 issues with the fields the spec lists, ~1 KiB each.
std::string page_json(int first) {
    util::JsonWriter w;
    w.begin_array();
    for (int n = first; n < first + 100; ++n) {
        w.begin_object()
            .field("id", n + 1000000)
            .field("number", n)
            .field("title", "Crash in the parser #" + std::to_string(n));
        w.field("body", "Steps:\n\n1. run `issuebridge sync`\n2. see the crash\n\n```\nstack trace here\n```\n");
        w.field("state", n % 4 == 0 ? "closed" : "open").key("labels").begin_array();
        w.begin_object().field("id", 1).field("name", "bug").field("color", "d73a4a").end_object().end_array();
        w.key("assignees").begin_array().begin_object().field("login", "octocat").end_object().end_array();
        w.key("user").begin_object().field("login", "hubot").field("id", 2).end_object();
        w.field("html_url", "https://github.com/bench/big/issues/" + std::to_string(n));
        w.field("created_at", "2026-01-01T00:00:00Z").field("updated_at", "2026-02-01T00:00:00Z");
        w.key("closed_at").null().key("milestone").null().field("comments", 3).field("locked", false);
        w.end_object();
    }
    return w.end_array().take();
}

} // namespace

int main(int argc, char** argv) {
    int items = 100000;
    if (argc == 3 && !std::strcmp(argv[1], "--items")) {
        items = std::atoi(argv[2]);
    }
    const auto config = config::parse(R"toml(
[sources.gh]
type = "github"
[targets.jira]
type = "jira"
base_url = "https://x.atlassian.net"
user = "u"
token_env = "T"
project = "P"
[[routes]]
name = "bench"
source = "gh"
target = "jira"
repos = ["bench/big"]
[routes.map]
title = "{title} (#{number})"
labels = { bug = "defect" }
)toml",
                                      "bench.toml", cli::schemas());
    const config::Route& route = config.routes[0];
    testing::TempDir dir;
    auto store = state::Store::open(dir / "state.db");
    const sources::github::PageContext context{"github.com", "bench/big"};

    double cpu = 0;
    double parse_map = 0;
    double planning = 0;
    long planned = 0;
    for (int first = 1; first <= items; first += 100) {
        const std::string body = page_json(first); // building the input is not timed
        const double t0 = cpu_seconds();
        auto page = sources::github::parse_issues_page(body, context);
        std::vector<model::Draft> drafts;
        for (const auto& item : *page) {
            if (auto mapped = sync::map_item(*item, route); mapped.draft) {
                drafts.push_back(std::move(*mapped.draft));
            }
        }
        const double t1 = cpu_seconds();
        parse_map += t1 - t0;
        std::vector<std::string> ids;
        for (const auto& d : drafts) {
            ids.push_back(d.external_id);
        }
        const auto actions = sync::plan(drafts, store.find_links("jira", ids), {0, 120});
        planning += cpu_seconds() - t1;
        // Journal as the executor would after a successful page: one transaction, one row per item, the cursor.
        store.transaction([&] {
            std::vector<state::Link> rows;
            for (const auto& a : actions) {
                state::Link link;
                link.target = a.draft.target;
                link.external_id = a.draft.external_id;
                link.route = a.draft.route;
                link.repo = a.draft.repo;
                link.status = state::LinkStatus::synced;
                link.target_id = std::to_string(first);
                link.fingerprint = a.draft.fingerprint();
                link.target_state = model::to_string(a.draft.state);
                rows.push_back(std::move(link));
            }
            store.put_links(rows);
            store.put_cursor({"bench", "bench/big", R"({"since":"2026-02-01T00:00:00Z","etag":""})", 0});
        });
        cpu += cpu_seconds() - t0;
        planned += static_cast<long>(actions.size());
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("simdjson kernel: %s\n", simdjson::builtin_implementation()->name().c_str());
    std::printf("%ld items through parse + map + plan + journal in %.3f s of CPU: %.0f items/s\n", planned, cpu,
                static_cast<double>(planned) / cpu);
    std::printf("  parse + map %.3f s, plan (link lookups) %.3f s, journal %.3f s\n", parse_map, planning,
                cpu - parse_map - planning);
    std::printf("peak RSS %.1f MiB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
    return 0;
}
