#pragma once
// Jira's text formats: a markdown body as an Atlassian Document Format document (Cloud) or as wiki markup (Data
// Center), and the limits Jira checks. Private to targets/jira; the markdown reader and what every writer shares
// are render/'s (body.hpp, markdown.hpp).

#include "issuebridge/render/body.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace issuebridge::targets::jira {

// Jira's default limit for a text field (jira.text.field.character.limit), applied to the description as sent:
// the whole ADF JSON for Cloud, the wiki markup for Data Center. Counted as render::text_length counts.
inline constexpr std::size_t k_jira_text_limit = 32767;
// Jira's summary limit.
inline constexpr std::size_t k_jira_summary_limit = 255;

// Jira Cloud: an Atlassian Document Format document (version 1) as JSON, valid against Atlassian's published
// schema. Task lists become taskList/taskItem; images become links; structures ADF forbids in a place (a heading
// or table in a list item, a quote in a quote) are flattened to what it allows there.
std::string to_adf(std::string_view markdown, const render::BackLink& link, std::size_t limit = k_jira_text_limit);

// Jira Data Center (REST v2): wiki markup. Every character that wiki markup gives a meaning is escaped in text, so
// a body cannot open a macro ({html}), a mention ([~user]), an image (!x.png!) or any other markup.
std::string to_jira_wiki(std::string_view markdown, const render::BackLink& link,
                         std::size_t limit = k_jira_text_limit);

} // namespace issuebridge::targets::jira
