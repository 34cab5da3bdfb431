#pragma once
// Title and body templates: the defaults users know from LGTM's issue-tracker integration and
// GitLab-to-Trello bridges, and rendering a model::Template into a title (plain text) or a body
// (markdown, then to_adf & co).

#include "issuebridge/model/template.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace issuebridge::render {

enum class SourceType { github, gitlab, lgtm, code_scanning };
enum class ItemKind { issue, pull_request, merge_request, alert };
enum class TargetType { jira, asana, trello };

// Returns a template field's value for the item being rendered, "" for a field it does not have.
using FieldLookup = std::function<std::string(std::string_view field)>;

// The body template every route starts with. Alerts have their body built by alert_body_markdown,
// so one default serves issues, pull and merge requests and alerts alike.
inline constexpr std::string_view k_default_body_template = "{body}";

// The default title template (always parses):
//   alert, any target:               "{rule} ({repo})"                  as LGTM's issue-tracker
//   integration issue on Trello:                 "[ ISSUE {number} ] {title}"       as
//   GitLab-to-Trello bridges pull / merge request on Trello:  "[ PR {number} ] {title}" / "[ MR
//   {number} ] {title}" issue or request on Jira, Asana: "{title}"; the link back and the marker
//   already tie it to its source
std::string_view default_title_template(ItemKind kind, TargetType target);

// The label of the link back at the end of every body: "View on GitHub", "View on GitLab", "View
// alert".
std::string_view back_link_label(SourceType source);

// The title limit of a target (title.hpp).
std::size_t title_limit(TargetType target);

// The template rendered as a title: fields substituted as they are, then trim_title(…, max_chars).
std::string render_title(const model::Template& t, const FieldLookup& lookup,
                         std::size_t max_chars);

// The template rendered as a markdown body: {body} is inserted as it is (it is markdown), {url} as
// a URL, and every other field as plain text, escaped so that a title or message cannot turn into
// markup.
std::string render_body(const model::Template& t, const FieldLookup& lookup);

// `plain` escaped for markdown: it renders as exactly that text. URLs in it are left as they are so
// that they still link (GitHub-flavoured autolinks take the raw characters).
std::string escape_markdown(std::string_view plain);

// An alert's body as markdown: the rule (a link when `rule_url` is http or https), "In <file>:",
// and the message quoted. The format renderers add the "View alert" link back.
std::string alert_body_markdown(std::string_view rule_name, std::string_view rule_url,
                                std::string_view file, std::string_view message);

} // namespace issuebridge::render
