#pragma once
// Title and body templates: rendering a model::Template into a title (plain text) or a body
// (markdown, which each target's format writer then renders). A target's default title template and
// title limit are its own.

#include "issuebridge/model/template.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace issuebridge::render {

// Returns a template field's value for the item being rendered, "" for a field it does not have.
using FieldLookup = std::function<std::string(std::string_view field)>;

// The body template every route starts with. Alerts have their body built by alert_body_markdown,
// so one default serves issues, pull and merge requests and alerts alike.
inline constexpr std::string_view k_default_body_template = "{body}";

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
