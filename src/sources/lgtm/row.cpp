// The LGTM row: everything the core knows of LGTM Enterprise as a source.

#include "lgtm.hpp"

namespace issuebridge::sources::lgtm {

namespace {

Row make_row() {
    Row row;
    config::SourceSchema& s = row.schema;
    s.type = "lgtm";
    // lgtm.com is gone (API-FACTS §3): only an LGTM Enterprise install is left to name.
    s.base_url_example = "https://lgtm.example.com/api/v1.0";
    config::Setting token;
    token.key = "token_env";
    token.kind = config::Setting::Kind::secret;
    token.required = true;
    token.example = "LGTM_TOKEN";
    token.doc = "the environment variable holding an LGTM access token (Account settings, Create token)";
    s.settings = {token};
    s.kinds = {"alert"};
    s.repo_pattern = "[a-z]+/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+|[0-9]+";
    s.repo_shape = "a URL identifier 'g/org/name' or a numeric project id";
    // An alert of the latest analysis is open, or suppressed by a person (closed as not planned); one
    // the latest analysis no longer has is fixed, and closed by the sync (Listing::complete_set).
    s.states = {{"open", model::ItemState::open}, {"suppressed", model::ItemState::closed}};
    s.template_fields = {"rule", "rule_url", "severity", "file", "line", "message", "tool", "ref"};
    s.link_label = "View alert on LGTM";
    s.default_title = "{rule} ({repo})"; // as the seed titled its alert tickets

    // LGTM publishes no rate limit: a modest pace, and room for a large analysis' SARIF log.
    using std::chrono::seconds;
    row.policy.rate = http::RateLimit{600, seconds{60}};
    row.policy.max_body = std::size_t{512} << 20;
    row.policy.vendor = "LGTM";

    row.identity = {lgtm::repo_of, lgtm::canonical_id, lgtm::describe_cursor};
    row.make = lgtm::make;
    return row;
}

} // namespace

const Row& row() {
    static const Row k_row = make_row();
    return k_row;
}

} // namespace issuebridge::sources::lgtm
