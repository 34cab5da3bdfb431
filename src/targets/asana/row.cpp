// Asana's row: everything the core knows of Asana as a target.

#include "asana.hpp"

#include "issuebridge/targets/registry.hpp"

namespace issuebridge::targets::asana {

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

std::optional<config::Problem> check(const config::Target& t) {
    const std::string labels = t.setting("labels");
    if (labels != "tags" && labels != "ignore") {
        return config::Problem{"labels", "must be \"tags\" or \"ignore\"",
                               "\"tags\" writes the labels as tags of the workspace; \"ignore\" writes none"};
    }
    return std::nullopt;
}

Row make_row() {
    using Kind = config::Setting::Kind;
    Row row;
    config::TargetSchema& s = row.schema;
    s.type = "asana";
    s.default_base_url = "https://app.asana.com/api/1.0"; // API-FACTS §4: the spec's only server
    s.base_url_example = "https://app.asana.com/api/1.0";
    s.default_title = "{title} (#{number})"; // the seed bot's task names (issue 16)
    s.settings = {
        setting("token_env", Kind::secret, true, "", "ASANA_TOKEN",
                "the environment variable holding a personal access token or an OAuth access token"),
        setting("project", Kind::text, true, "", "1200000000000001", "the gid of the project that receives the tasks"),
        setting("section", Kind::text, false, "", "1200000000000002", "the gid of the section new tasks go to"),
        setting("done_section", Kind::text, false, "", "1200000000000003",
                "the gid of the section completed tasks are created in"),
        setting("workspace", Kind::text, false, "", "1200000000000000",
                "the gid of the workspace of the tags; read from the project when unset"),
        setting("labels", Kind::text, false, "tags", "ignore",
                "\"tags\": labels become tags of the workspace; \"ignore\": no tags are written"),
    };
    s.check = check;

    // API-FACTS §4 (developers.asana.com/docs/rate-limits): 150 requests per minute per token on free workspaces,
    // 1,500 on paid ones. The free budget is the default (learning the budget from 429s is adaptive pacing, a later
    // issue); a paid workspace raises it with the target's rate_limit = "1500/min". Writes stay few in flight: the
    // concurrent-request limiter's figures are unverified (§4.1), so two at a time.
    row.policy.rate = http::RateLimit{150, std::chrono::seconds{60}};
    row.policy.concurrency = 2;
    row.policy.vendor = "Asana";
    row.capabilities.search_lag = 0; // lookups are GET /tasks/external:<id> or a project listing: no index lags
    row.capabilities.create_carries_closed = true; // `completed` is a field of the create
    row.capabilities.max_batch = 1;
    s.search_lag = 0;
    row.make = [](const config::Target& t) -> std::unique_ptr<Target> { return std::make_unique<AsanaTarget>(t); };
    return row;
}

} // namespace

const Row& row() {
    static const Row k_row = make_row();
    return k_row;
}

} // namespace issuebridge::targets::asana
