// GitHub's row as a target: everything the core knows of GitHub Issues as a target.

#include "github.hpp"

#include "issuebridge/targets/registry.hpp"
#include "issuebridge/util/strings.hpp"

#include <regex>

namespace issuebridge::targets::github {

namespace {

config::Setting setting(std::string key, config::Setting::Kind kind, bool required, std::string default_value,
                        std::string example, std::string doc) {
    config::Setting s;
    s.key = std::move(key);
    s.kind = kind;
    s.required = required;
    s.default_value = std::move(default_value);
    s.example = std::move(example);
    s.doc = std::move(doc);
    return s;
}

// GitHub's label names: at most 50 characters (its "name is too long (maximum is 50 characters)").
std::optional<config::Problem> label_problem(std::string_view label) {
    if (label.empty() || label.size() > 50 || label.find_first_of("\n\r") != std::string_view::npos) {
        return config::Problem{"labels", "must be 1 to 50 characters on one line", "GitHub refuses longer label names"};
    }
    return std::nullopt;
}

// A label's colour: six hex digits, as GitHub's API takes it (no '#').
std::optional<config::Problem> label_color_problem(std::string_view color) {
    static const std::regex k_hex("[0-9A-Fa-f]{6}");
    if (!std::regex_match(color.begin(), color.end(), k_hex)) {
        return config::Problem{"label_colors", "must be six hex digits without '#'", "e.g. bug = \"d73a4a\""};
    }
    return std::nullopt;
}

std::optional<config::Problem> check(const config::Target& t) {
    static const std::regex k_repo("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    if (!std::regex_match(t.setting("repo"), k_repo)) {
        return config::Problem{"repo", "must be 'owner/name'", "e.g. repo = \"acme/triage\""};
    }
    if (label_problem(t.setting("marker_label"))) {
        return config::Problem{"marker_label", "must be 1 to 50 characters on one line",
                               "GitHub refuses longer label names"};
    }
    return std::nullopt;
}

// A route from a GitHub repository into the same repository on the same server would write its own issues back
// into itself, each sync making new ones: a loop.
std::optional<config::Problem> check_route(const config::Route& route, const config::Source& source,
                                           const config::Target& target) {
    if (source.type != "github" || http::origin_of(source.base_url) != http::origin_of(target.base_url)) {
        return std::nullopt;
    }
    const std::string repo = util::to_lower(target.setting("repo")); // GitHub names are case-insensitive
    for (const auto& r : route.repos) {
        if (util::to_lower(r) == repo) {
            return config::Problem{"repos",
                                   "repository '" + r + "' is also the repo of target '" + target.name +
                                       "': the route would sync it into itself (a loop)",
                                   "sync into another repository, or remove '" + r + "' from repos"};
        }
        if (config::is_pattern(r) && config::pattern_covers(r, repo)) {
            return config::Problem{"repos",
                                   "pattern '" + r + "' names '" + target.setting("repo") + "', the repo of target '" +
                                       target.name + "': the route would sync it into itself (a loop)",
                                   "sync into a repository of another owner, or list the repositories one by one"};
        }
    }
    return std::nullopt;
}

Row make_row() {
    using Kind = config::Setting::Kind;
    Row row;
    config::TargetSchema& s = row.schema;
    s.type = "github";
    s.default_base_url = "https://api.github.com";
    s.base_url_example = "https://ghe.example.com/api/v3";
    s.settings = {
        setting("token_env", Kind::secret, true, "", "GITHUB_TOKEN",
                "the environment variable holding a GitHub token that can write issues and labels"),
        setting("repo", Kind::text, true, "", "acme/triage", "the repository ('owner/name') that receives the issues"),
        setting("marker_label", Kind::text, false, "issuebridge", "synced",
                "the label every issue issuebridge makes carries, by which it finds them again"),
    };
    s.label_problem = label_problem;
    s.label_color_problem = label_color_problem;
    s.milestones = true; // by title, made when the repository has none of that title
    s.check = check;
    s.check_route = check_route;

    // GitHub's secondary limits (API-FACTS §1.3): 900 points a minute (a read costs 1, a write 5), about 80
    // content-creating requests a minute and 500 an hour, and "wait at least one second between each" mutating
    // request; a limited answer that says no wait means "wait for at least one minute". At one write a second an
    // import makes at most 60 writes a minute: inside both the 80-a-minute and the points limit.
    using std::chrono::seconds;
    row.policy.rate = http::RateLimit{900, seconds{60}};
    row.policy.write_rate = http::RateLimit{80, seconds{60}};
    row.policy.write_interval = seconds{1};
    row.policy.rate_limit_floor = seconds{60};
    row.policy.vendor = "GitHub";
    row.policy.rate_limit_words = {"secondary rate limit", "abuse"}; // a 403 saying these is a secondary limit
    row.policy.concurrency = 1;                                      // "make requests serially" (best practices)

    row.capabilities.search_lag = 0;                // the marker listing is consistent: no search index to wait for
    row.capabilities.create_carries_closed = false; // POST .../issues has no state; a PATCH closes it
    row.capabilities.max_batch = 1;
    s.search_lag = 0;
    row.make = [](const config::Target& t) -> std::unique_ptr<Target> { return std::make_unique<GitHubTarget>(t); };
    return row;
}

} // namespace

const Row& row() {
    static const Row k_row = make_row();
    return k_row;
}

} // namespace issuebridge::targets::github
