#pragma once
// Atlassian Document Format checks: Jira Cloud's v3 API takes rich text (description) only as ADF
// and rejects malformed documents, so the sandbox does too (structure, node and mark types,
// non-empty text, link hrefs).

#include "json.hpp"

#include <string>

namespace issuebridge::sandbox {

enum class AdfCheck {
    ok,
    not_a_document, // not {"type":"doc","version":1,"content":[...]}: Jira names the field
    invalid,        // a document with a malformed node: Jira answers INVALID_INPUT
};

AdfCheck check_adf(const Json& doc);

// A document with one paragraph per line of `text` (the admin API's shortcut for hand edits).
Json text_to_adf(const std::string& text);

} // namespace issuebridge::sandbox
