// Deterministic bulk data for benchmarks and end-to-end tests: POST
// /_sandbox/github/repos/{o}/{r}/generate and the seed file's "generate" form.

#include "clock.hpp"
#include "github_data.hpp"
#include "hash.hpp"

#include <algorithm>
#include <array>

namespace issuebridge::sandbox {

namespace {

constexpr std::array<std::string_view, 12> k_verbs{
    "Crash",    "Timeout",    "Wrong result",      "Memory leak",  "Typo", "Slow start",
    "Deadlock", "Flaky test", "Bad error message", "Missing docs", "Race", "Regression"};
constexpr std::array<std::string_view, 12> k_places{
    "in the parser",       "when syncing labels", "on empty input",   "in the CLI",
    "with unicode titles", "after upgrade",       "in the exporter",  "under load",
    "on Windows paths",    "in pagination",       "with large repos", "in the config loader"};
constexpr std::array<std::string_view, 6> k_users{"octocat", "hubot",   "monalisa",
                                                  "defunkt", "mojombo", "dependabot[bot]"};

struct GenerateSpec {
    std::int64_t count = 0;
    double closed_fraction = 0.25;
    double pr_fraction = 0.2;
    std::vector<std::string> labels{"bug", "enhancement"};
    std::uint64_t seed = 1;
    std::int64_t days = 30;
};

std::string read_spec(const Json& spec, GenerateSpec& out) {
    if (!spec.is_object()) {
        return "generate: expected an object";
    }
    bool bad = false;
    out.count = get_int(spec, "count", bad).value_or(0);
    out.closed_fraction = get_number(spec, "closed_fraction", bad).value_or(out.closed_fraction);
    out.pr_fraction = get_number(spec, "pr_fraction", bad).value_or(out.pr_fraction);
    out.labels = get_strings(spec, "labels", bad).value_or(out.labels);
    out.seed = static_cast<std::uint64_t>(get_int(spec, "seed", bad).value_or(1));
    out.days = get_int(spec, "days", bad).value_or(out.days);
    if (bad) {
        return "generate: count, seed and days are integers, the fractions numbers, labels an "
               "array of strings";
    }
    if (out.count < 1 || out.count > 200000) {
        return "generate: count must be between 1 and 200000";
    }
    if (out.closed_fraction < 0 || out.closed_fraction > 1 || out.pr_fraction < 0 ||
        out.pr_fraction > 1) {
        return "generate: fractions must be within [0, 1]";
    }
    if (out.days < 1) {
        return "generate: days must be at least 1";
    }
    return "";
}

Json make_issue(Rng& rng, const GenerateSpec& spec, std::int64_t index, std::int64_t now_s) {
    const std::int64_t span = spec.days * 86400;
    // Creation times rise with the index so numbers and created_at agree, as on GitHub.
    const std::int64_t created = now_s - span + span * index / spec.count;
    // Updated up to three days after creation, never in the future; not clamped to now, which would
    // give the newest few hundred items one shared updated_at that no real repository has.
    const auto window =
        static_cast<std::uint64_t>(std::min<std::int64_t>(3 * 86400, now_s - created) + 1);
    const std::int64_t updated = created + static_cast<std::int64_t>(rng.below(window));
    const bool closed = rng.unit() < spec.closed_fraction;
    const bool pr = rng.unit() < spec.pr_fraction;
    Json::Array labels;
    for (const auto& label : spec.labels) {
        if (rng.unit() < 0.3) {
            labels.emplace_back(label);
        }
    }
    const auto user = std::string(k_users[rng.below(k_users.size())]);
    std::string title = std::string(k_verbs[rng.below(k_verbs.size())]) + " " +
                        std::string(k_places[rng.below(k_places.size())]) + " (#" +
                        std::to_string(index + 1) + ")";
    Json::Object issue{
        {"title", Json(std::move(title))},
        {"body", Json("Steps to reproduce:\n\n1. Run `issuebridge sync`\n2. See item " +
                      std::to_string(index + 1) + "\n\nExpected: no error.\n")},
        {"state", Json(closed ? "closed" : "open")},
        {"labels", Json(std::move(labels))},
        {"user", Json(user)},
        {"comments", Json(static_cast<std::int64_t>(rng.below(8)))},
        {"created_at", Json(format_github_time(created))},
        {"updated_at", Json(format_github_time(updated))},
    };
    if (rng.unit() < 0.5) {
        issue.emplace_back("assignees",
                           Json(Json::Array{Json(std::string(k_users[rng.below(4)]))}));
    }
    if (pr) {
        Json::Object pull;
        pull.emplace_back("merged_at",
                          closed && rng.unit() < 0.7 ? Json(format_github_time(updated)) : Json());
        issue.emplace_back("pull_request", Json(std::move(pull)));
    }
    return Json(std::move(issue));
}

} // namespace

GenerateResult generate_issues(GitHubData& data, GhRepo& repo, const Json& spec,
                               std::int64_t now_s) {
    GenerateSpec parsed;
    if (std::string error = read_spec(spec, parsed); !error.empty()) {
        return {{}, error};
    }
    Rng rng(mix64(parsed.seed));
    GenerateResult result;
    for (std::int64_t i = 0; i < parsed.count; ++i) {
        const Json issue = make_issue(rng, parsed, i, now_s);
        const CreateResult created = create_issue(data, repo, issue, now_s);
        if (!created.error.empty()) {
            return {{}, created.error};
        }
        result.numbers.push_back(created.number);
    }
    return result;
}

} // namespace issuebridge::sandbox
