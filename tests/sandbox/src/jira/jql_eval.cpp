// Evaluating parsed JQL: resolving values against the data, matching issues, ordering results.

#include "jql.hpp"

#include "issuebridge/util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace issuebridge::sandbox {

namespace {

bool is_date(JqlField f) { return f == JqlField::created || f == JqlField::updated; }

// "ABC-12" -> ("ABC", 12), or nullopt.
std::optional<std::pair<std::string, std::int64_t>> split_key(std::string_view key) {
    const auto dash = key.rfind('-');
    if (dash == std::string_view::npos || dash == 0 || dash + 1 >= key.size() ||
        dash + 10 < key.size()) {
        return std::nullopt;
    }
    const auto digits = key.substr(dash + 1);
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    std::string project(key.substr(0, dash));
    std::transform(project.begin(), project.end(), project.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
    return std::make_pair(project, std::stoll(std::string(digits)));
}

std::string resolve_value(JqlField field, const std::string& value, JiraData& data,
                          std::vector<std::string>& errors) {
    if (field == JqlField::project) {
        for (const auto& p : data.projects) {
            if (util::to_lower(p.key) == util::to_lower(value) || p.id == value ||
                util::to_lower(p.name) == util::to_lower(value)) {
                return p.key;
            }
        }
        errors.push_back("The value '" + value + "' does not exist for the field 'project'.");
    } else if (field == JqlField::status) {
        if (const JiraStatus* s = find_status(value)) {
            return std::string(s->name);
        }
        for (const auto& s : jira_statuses()) {
            if (s.id == value) {
                return std::string(s.name);
            }
        }
        errors.push_back("The value '" + value + "' does not exist for the field 'status'.");
    } else if (field == JqlField::key) {
        const bool id = !value.empty() && std::all_of(value.begin(), value.end(),
                                                      [](char c) { return c >= '0' && c <= '9'; });
        if (id) { // Jira's issueKey field takes issue ids as well
            if (JiraIssue* issue = find_issue(data, value)) {
                return issue->key;
            }
            errors.push_back("An issue with key '" + value + "' does not exist for field 'key'.");
        } else if (!split_key(value)) {
            errors.push_back("The issue key '" + value + "' for field 'key' is invalid.");
        } else if (JiraIssue* issue = find_issue(data, value)) {
            return issue->key;
        } else {
            errors.push_back("An issue with key '" + value + "' does not exist for field 'key'.");
        }
    }
    return value;
}

bool matches_clause(const JqlClause& c, const JqlView& v) {
    const auto has = [](const std::vector<std::string>& set, const std::string& x) {
        return std::find(set.begin(), set.end(), x) != set.end();
    };
    if (is_date(c.field)) {
        const std::int64_t t = c.field == JqlField::created ? v.issue->created_ms : v.updated_ms;
        switch (c.op) {
        case JqlOp::ge:
            return t >= c.time_ms;
        case JqlOp::le:
            return t <= c.time_ms;
        case JqlOp::gt:
            return t > c.time_ms;
        case JqlOp::lt:
            return t < c.time_ms;
        default:
            return t == c.time_ms;
        }
    }
    if (c.field == JqlField::labels) {
        // Like Jira, != and NOT IN never match an issue without labels.
        const bool any = std::any_of(c.values.begin(), c.values.end(),
                                     [&](const auto& x) { return has(*v.labels, x); });
        return c.op == JqlOp::eq || c.op == JqlOp::in ? any : !v.labels->empty() && !any;
    }
    if (c.field == JqlField::key && c.op != JqlOp::eq && c.op != JqlOp::ne && c.op != JqlOp::in &&
        c.op != JqlOp::not_in) {
        // Within the value's project, by number; another project's issues never match.
        const auto actual = split_key(v.issue->key);
        const auto bound = c.values.empty() ? std::nullopt : split_key(c.values.front());
        if (!actual || !bound || actual->first != bound->first) {
            return false;
        }
        switch (c.op) {
        case JqlOp::ge:
            return actual->second >= bound->second;
        case JqlOp::le:
            return actual->second <= bound->second;
        case JqlOp::gt:
            return actual->second > bound->second;
        default:
            return actual->second < bound->second;
        }
    }
    const std::string& actual = c.field == JqlField::project  ? v.issue->project_key
                                : c.field == JqlField::status ? *v.status
                                                              : v.issue->key;
    const bool in = has(c.values, actual);
    return c.op == JqlOp::eq || c.op == JqlOp::in ? in : !in;
}

} // namespace

std::vector<std::string> resolve_jql_values(JqlQuery& query, JiraData& data) {
    std::vector<std::string> errors;
    for (auto& c : query.clauses) {
        for (auto& v : c.values) {
            v = resolve_value(c.field, v, data, errors);
        }
    }
    return errors;
}

bool jql_matches(const JqlQuery& query, const JqlView& view) {
    return std::all_of(query.clauses.begin(), query.clauses.end(),
                       [&](const JqlClause& c) { return matches_clause(c, view); });
}

bool jql_before(const JqlQuery& query, const JqlView& a, const JqlView& b) {
    static const std::vector<JqlOrder> k_default{{JqlField::key, false}};
    for (const auto& o : query.order.empty() ? k_default : query.order) {
        std::pair<std::string, std::int64_t> ka{{}, 0};
        std::pair<std::string, std::int64_t> kb{{}, 0};
        if (o.field == JqlField::key) {
            ka = split_key(a.issue->key).value_or(ka);
            kb = split_key(b.issue->key).value_or(kb);
        } else {
            ka.second = o.field == JqlField::created ? a.issue->created_ms : a.updated_ms;
            kb.second = o.field == JqlField::created ? b.issue->created_ms : b.updated_ms;
        }
        if (ka != kb) {
            return o.ascending ? ka < kb : kb < ka;
        }
    }
    return a.issue->id < b.issue->id;
}

} // namespace issuebridge::sandbox
