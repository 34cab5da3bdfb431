#pragma once
// The end-to-end scenarios over a (source, target) pair: a SourceSide and a TargetSide say what is particular to
// each tracker (its config section, how to seed and change items in the sandbox, how to read them back, which
// request counts mean what), so the scenarios (test_scenarios.cpp, test_sync_faults.cpp) are written once and run
// for every pair in AllPairs. A new source or target adds one side (side_<name>.cpp); a new pair adds one line to
// AllPairs (and its struct below), and gets every scenario.

#include "sandbox_fixture.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace issuebridge::testing {

using Env = std::map<std::string, std::optional<std::string>>;

// An item as either side shows it, normalized.
struct PairItem {
    std::string local_id;    // the source's own id for it (GitHub: the number); "" on the target side
    std::string external_id; // the id issuebridge gives it: the source computes it, the target reads its marker
    std::string target_key;  // the target's key for it (Jira: E2E-7); "" on the source side
    std::string title;
    std::string state; // "open", "closed", or (target) the tracker's own name for any other state
    std::vector<std::string> labels;
};

// What a scenario changes at the source; unset fields stay as they are.
struct SourceChange {
    std::optional<std::string> title;
    std::optional<std::vector<std::string>> labels;
    std::optional<std::string> state; // "open" or "closed"

    static SourceChange retitle(std::string title) { return {std::move(title), std::nullopt, std::nullopt}; }
    static SourceChange relabel(std::vector<std::string> labels) {
        return {std::nullopt, std::move(labels), std::nullopt};
    }
    static SourceChange restate(std::string state) { return {std::nullopt, std::nullopt, std::move(state)}; }
};

class SourceSide {
public:
    virtual ~SourceSide() = default;
    // The tracker's name in the sandbox's request counts, bursts and fault logs ("github").
    virtual std::string api() const = 0;
    // The name the config gives the source ("gh") and its [sources.<name>] section, pointing at the sandbox.
    virtual std::string name() const = 0;
    virtual std::string config(const Sandbox& sandbox) const = 0;
    // The repository as a route names the container, and reports and messages show it (LGTM: "g/acme/widgets").
    virtual std::string repo(const std::string& container) const { return container; }
    // The [[routes]] line(s) naming the container the route syncs (GitHub: repos = ["acme/widgets"]).
    virtual std::string route(const std::string& container) const = 0;
    // The sandbox's credentials, in the variables config() names.
    virtual Env env() const = 0;
    // A token the sandbox refuses, with "WRONGSECRET" in it, and the variable that passes it.
    virtual std::pair<std::string, std::string> wrong_secret() const = 0;
    // Adds `count` generated items to `container`: about a quarter closed, a fifth pull requests (or the source's
    // like), the same ones for the same `seed`.
    virtual void seed(Sandbox& sandbox, const std::string& container, int count, int seed) const = 0;
    // Every item of `container`, in the order the source lists them.
    virtual std::vector<PairItem> items(Sandbox& sandbox, const std::string& container) const = 0;
    virtual void change(Sandbox& sandbox, const std::string& container, const PairItem& item,
                        const SourceChange& change) const = 0;
    // Checks the listing requests a first import of `count` items made (GitHub: pages of 100, the first by name,
    // the next ones by the repository's id).
    virtual void check_import_listing(Sandbox& sandbox, int count) const = 0;
    // Checks the listing requests of a --full run over `count` items, after a first import: everything listed
    // again, in full (GitHub: no 304).
    virtual void check_full_listing(Sandbox& sandbox, int count) const = 0;
    // Checks what a run where nothing changed costs at the source, for one container (GitHub: one listing,
    // answered 304).
    virtual void check_idle(Sandbox& sandbox) const = 0;
    // How many pages a listing of `count` (at most 100) generated items reads, each page's markers looked up in one
    // search (GitHub: 1; GitLab: 2, issues and merge requests being listed apart).
    virtual int pages(int count) const { return (count + 99) / 100; }
};

// A target whose search lags behind its writes: what makes the sandbox and issuebridge play that out.
struct LaggingSearch {
    std::vector<std::string> sandbox_args; // e.g. --search-lag-ms 400
    std::string config;                    // the target's config lines for it
    std::chrono::milliseconds pause;       // between reruns, for the configured wait to pass in real time
};

class TargetSide {
public:
    virtual ~TargetSide() = default;
    // The tracker's name in the sandbox's request counts, bursts and fault logs ("jira").
    virtual std::string api() const = 0;
    // The name the config gives the target ("jira") and its [targets.<name>] section with `extra` lines appended.
    virtual std::string name() const = 0;
    virtual std::string config(const Sandbox& sandbox, const std::string& extra) const = 0;
    virtual Env env() const = 0;
    virtual std::pair<std::string, std::string> wrong_secret() const = 0;
    // Config lines: trust a lookup at once (no wait for a search index), and no client-side pacing (the sandbox is
    // no real server to protect).
    virtual std::string immediate() const = 0;
    virtual std::string fast() const = 0;
    // When the target's search can lag behind its writes, how to make it; nullopt when it cannot.
    virtual std::optional<LaggingSearch> lagging_search() const = 0;
    // What the scenarios write into (Jira: the project E2E).
    virtual void prepare(Sandbox& sandbox) const = 0;
    // Every item the target holds, normalized, duplicates included; fails the test on one without a marker.
    virtual std::vector<PairItem> items(Sandbox& sandbox) const = 0;
    // Request counts since the last /_sandbox/requests/reset.
    virtual int creates(Sandbox& sandbox) const = 0;
    virtual int edits(Sandbox& sandbox) const = 0;         // changes of fields (title, labels, ...)
    virtual int state_changes(Sandbox& sandbox) const = 0; // open <-> closed
    virtual int marker_lookups(Sandbox& sandbox) const = 0;
    // marker_lookups() of a sync that adopts every item of `pages` source pages of at most 20 items: by default one
    // lookup a page.
    virtual int adopt_lookups(int pages) const { return pages; }
    // marker_lookups() of a later run of the same state that looks `unlinked` items up, listed in `pages` pages: by
    // default one lookup a page (Asana with external ids, proved by the earlier run: one GET an item).
    virtual int resume_lookups(int unlinked, int pages) const {
        (void)unlinked;
        return pages;
    }
    virtual int requests(Sandbox& sandbox) const = 0; // every request
    virtual int writes(Sandbox& sandbox) const = 0;   // every request but reads (GETs)
};

struct Pair {
    const SourceSide& source;
    const TargetSide& target;
};

const SourceSide& github_source();  // side_github.cpp
const TargetSide& jira_target();    // side_jira.cpp
const TargetSide& jira_dc_target(); // side_jira_dc.cpp
const TargetSide& github_target();  // side_github_target.cpp

const SourceSide& codescanning_source(); // side_codescanning.cpp
const SourceSide& gitlab_source();       // side_gitlab.cpp
const SourceSide& lgtm_source();         // side_lgtm.cpp
const TargetSide& trello_target();       // side_trello.cpp
const TargetSide& asana_target();        // side_asana.cpp: a PAT, the notes marker
const TargetSide& asana_oauth_target();  // side_asana.cpp: an OAuth token, external ids

// The pairs. doctest names each scenario "<scenario><github->jira>".
struct GitHubToJira {
    static Pair pair() { return {github_source(), jira_target()}; }
};

struct CodeScanningToJira {
    static Pair pair() { return {codescanning_source(), jira_target()}; }
};

struct GitHubToJiraDc {
    static Pair pair() { return {github_source(), jira_dc_target()}; }
};

struct GitLabToJira {
    static Pair pair() { return {gitlab_source(), jira_target()}; }
};

struct GitHubToTrello {
    static Pair pair() { return {github_source(), trello_target()}; }
};

struct GitHubToAsana {
    static Pair pair() { return {github_source(), asana_target()}; }
};
struct GitHubToAsanaOAuth {
    static Pair pair() { return {github_source(), asana_oauth_target()}; }
};

// One sandbox repository (acme/...) into another (mirror/widgets), the target through the GHES prefix.
struct GitHubToGitHub {
    static Pair pair() { return {github_source(), github_target()}; }
};
// Alerts filed as issues in a triage repository.
struct CodeScanningToGitHub {
    static Pair pair() { return {codescanning_source(), github_target()}; }
};
struct GitLabToGitHub {
    static Pair pair() { return {gitlab_source(), github_target()}; }
};
// The seed system: each GitLab issue a card.
struct GitLabToTrello {
    static Pair pair() { return {gitlab_source(), trello_target()}; }
};
struct GitLabToJiraDc {
    static Pair pair() { return {gitlab_source(), jira_dc_target()}; }
};
// The seed system: an LGTM alert a Jira ticket; and alerts filed as issues.
struct LgtmToJira {
    static Pair pair() { return {lgtm_source(), jira_target()}; }
};
struct LgtmToGitHub {
    static Pair pair() { return {lgtm_source(), github_target()}; }
};

// Every pair the scenarios run for: a new pair adds itself here.
using AllPairs = std::tuple<GitHubToJira, CodeScanningToJira, GitHubToJiraDc, GitLabToJira, GitHubToTrello,
                            GitHubToAsana, GitHubToAsanaOAuth, GitHubToGitHub, CodeScanningToGitHub, GitLabToGitHub,
                            GitLabToTrello, GitLabToJiraDc, LgtmToJira, LgtmToGitHub>;

// A temp dir with a config for one container of the pair's source into its target, and a way to run issuebridge
// on it.
class PairSync {
public:
    PairSync(Sandbox& sandbox, const Pair& pair, std::string container, const std::string& extra_target)
        : m_sandbox(sandbox), m_pair(pair), m_container(std::move(container)) {
        write_config(extra_target, "");
    }

    // A second [[routes]] table named `name` over the same container, source and target, with `extra` lines.
    std::string another_route(const std::string& name, const std::string& extra) const {
        return "\n[[routes]]\nname = \"" + name + "\"\nsource = \"" + m_pair.source.name() + "\"\ntarget = \"" +
               m_pair.target.name() + "\"\n" + m_pair.source.route(m_container) + extra;
    }

    void write_config(const std::string& extra_target, const std::string& extra_route) {
        m_dir.write("config.toml",
                    m_pair.source.config(m_sandbox) + "\n" + m_pair.target.config(m_sandbox, extra_target) +
                        "\n[[routes]]\nname = \"main\"\nsource = \"" + m_pair.source.name() + "\"\ntarget = \"" +
                        m_pair.target.name() + "\"\n" + m_pair.source.route(m_container) + extra_route);
    }

    RunResult ib(std::vector<std::string> args, const Env& env = {}) const {
        RunOptions options = environment();
        for (const auto& [k, v] : env) {
            options.env[k] = v;
        }
        return run(argv(std::move(args)), options);
    }

    RunResult sync(std::vector<std::string> args = {}, const Env& env = {}) const {
        args.insert(args.begin(), "sync");
        return ib(std::move(args), env);
    }

    // Both sides' credentials in the variables the config names.
    RunOptions environment() const {
        RunOptions options;
        for (const Env& env : {m_pair.source.env(), m_pair.target.env()}) {
            options.env.insert(env.begin(), env.end());
        }
        return options;
    }

    std::vector<std::string> argv(std::vector<std::string> args) const {
        std::vector<std::string> argv{ISSUEBRIDGE_BINARY, "--config", (m_dir / "config.toml").string(), "--state",
                                      state_path()};
        argv.insert(argv.end(), args.begin(), args.end());
        return argv;
    }

    // The argv of 'issuebridge sync'.
    std::vector<std::string> command() const { return argv({"sync"}); }
    std::string state_path() const { return (m_dir / "state.db").string(); }
    const TempDir& dir() const { return m_dir; }

private:
    Sandbox& m_sandbox;
    Pair m_pair;
    std::string m_container;
    TempDir m_dir;
};

// The target's items by external id; fails the test on a duplicate.
inline std::map<std::string, PairItem> target_by_id(Sandbox& sandbox, const Pair& pair) {
    std::map<std::string, PairItem> out;
    for (PairItem& item : pair.target.items(sandbox)) {
        CHECK_MESSAGE(out.count(item.external_id) == 0, "duplicate for " << item.external_id);
        out[item.external_id] = std::move(item);
    }
    return out;
}

// Every source item of `container` exactly once on the target, with its title, labels and state.
inline void check_converged(Sandbox& sandbox, const Pair& pair, const std::string& container) {
    const auto source = pair.source.items(sandbox, container);
    const auto target = target_by_id(sandbox, pair);
    CHECK(target.size() == source.size());
    for (const auto& s : source) {
        CAPTURE(s.local_id);
        const auto it = target.find(s.external_id);
        REQUIRE(it != target.end());
        CHECK(it->second.title == s.title);
        CHECK(it->second.state == s.state);
        for (const auto& l : s.labels) {
            CHECK(std::find(it->second.labels.begin(), it->second.labels.end(), l) != it->second.labels.end());
        }
    }
}

// Every one of the `count` source items exactly once on the target, as many closed as the source has.
inline void check_exactly_once(Sandbox& sandbox, const Pair& pair, const std::string& container, int count) {
    const auto source = pair.source.items(sandbox, container);
    const auto closed =
        std::count_if(source.begin(), source.end(), [](const PairItem& s) { return s.state == "closed"; });
    std::map<std::string, int> per_marker;
    long done = 0;
    for (const PairItem& item : pair.target.items(sandbox)) {
        ++per_marker[item.external_id];
        done += item.state == "closed" ? 1 : 0;
    }
    CHECK(per_marker.size() == static_cast<std::size_t>(count));
    for (const auto& [id, n] : per_marker) {
        CHECK_MESSAGE(n == 1, id << " exists " << n << " times");
    }
    CHECK(done == closed);
}

} // namespace issuebridge::testing

DOCTEST_TYPE_TO_STRING_AS("github->jira", issuebridge::testing::GitHubToJira);
DOCTEST_TYPE_TO_STRING_AS("codescanning->jira", issuebridge::testing::CodeScanningToJira);
DOCTEST_TYPE_TO_STRING_AS("github->jiradc", issuebridge::testing::GitHubToJiraDc);
DOCTEST_TYPE_TO_STRING_AS("gitlab->jira", issuebridge::testing::GitLabToJira);
DOCTEST_TYPE_TO_STRING_AS("github->trello", issuebridge::testing::GitHubToTrello);
DOCTEST_TYPE_TO_STRING_AS("github->asana", issuebridge::testing::GitHubToAsana);
DOCTEST_TYPE_TO_STRING_AS("github->asana(oauth)", issuebridge::testing::GitHubToAsanaOAuth);
DOCTEST_TYPE_TO_STRING_AS("github->github", issuebridge::testing::GitHubToGitHub);
DOCTEST_TYPE_TO_STRING_AS("codescanning->github", issuebridge::testing::CodeScanningToGitHub);
DOCTEST_TYPE_TO_STRING_AS("gitlab->github", issuebridge::testing::GitLabToGitHub);
DOCTEST_TYPE_TO_STRING_AS("gitlab->trello", issuebridge::testing::GitLabToTrello);
DOCTEST_TYPE_TO_STRING_AS("gitlab->jiradc", issuebridge::testing::GitLabToJiraDc);
DOCTEST_TYPE_TO_STRING_AS("lgtm->jira", issuebridge::testing::LgtmToJira);
DOCTEST_TYPE_TO_STRING_AS("lgtm->github", issuebridge::testing::LgtmToGitHub);
