#pragma once
// The part of JQL issuebridge uses: clauses on project, labels, key, status, created and updated
// joined by AND, with =, !=, IN, NOT IN and, for dates, >=, <=, >, < against "yyyy-MM-dd[ HH:mm]"
// or relative "-5d"/"4w 2d"; an optional ORDER BY key|created|updated [ASC|DESC]. Errors carry the
// messages Jira Cloud answers with; valid JQL beyond this subset (OR, NOT, parentheses, functions,
// ~, IS) is refused with a message that says so.

#include "jira_data.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace issuebridge::sandbox {

enum class JqlField { project, labels, key, status, created, updated };
enum class JqlOp { eq, ne, in, not_in, ge, le, gt, lt };

struct JqlClause {
    JqlField field = JqlField::project;
    std::string field_name; // as written, for messages
    JqlOp op = JqlOp::eq;
    std::vector<std::string> values;
    std::int64_t time_ms = 0; // dates, resolved against "now" at parse time
};

struct JqlOrder {
    JqlField field = JqlField::key;
    bool ascending = true;
};

struct JqlQuery {
    std::vector<JqlClause> clauses;
    std::vector<JqlOrder> order;
};

// A syntax or semantic error: Jira's message, ready for errorMessages.
struct JqlError {
    std::vector<std::string> messages;
};

std::variant<JqlQuery, JqlError> parse_jql(std::string_view text, std::int64_t now_ms);

// Checks that the values exist (projects, statuses, issue keys) as Jira does, and rewrites project
// and status values to their canonical key and name. Returns the messages for missing values; empty
// when all exist.
std::vector<std::string> resolve_jql_values(JqlQuery& query, JiraData& data);

// What a search sees of one issue (the index's possibly stale copy, or the issue itself when
// reconciled).
struct JqlView {
    const JiraIssue* issue;
    const std::vector<std::string>* labels;
    const std::string* status;
    std::int64_t updated_ms;
};

bool jql_matches(const JqlQuery& query, const JqlView& view);
// Strict weak order by the query's ORDER BY (default: key descending).
bool jql_before(const JqlQuery& query, const JqlView& a, const JqlView& b);

} // namespace issuebridge::sandbox
