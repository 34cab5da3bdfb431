#include "github_list.hpp"

#include "clock.hpp"

#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/strings.hpp"

#include <algorithm>
#include <charconv>

namespace issuebridge::sandbox {

namespace {

std::optional<int> parse_int(const std::string& s) {
    int v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) {
        return std::nullopt;
    }
    return v;
}

std::optional<std::string> param(const httplib::Request& req, const char* name) {
    if (!req.has_param(name)) {
        return std::nullopt;
    }
    return req.get_param_value(name);
}

bool has_label(const GhIssue& issue, const std::string& wanted) {
    const std::string w = util::to_lower(wanted);
    return std::any_of(issue.labels.begin(), issue.labels.end(),
                       [&](const std::string& l) { return util::to_lower(l) == w; });
}

// milestone and assignee take "*" (any), "none" or a value.
template <typename F> bool matches_any_none(const std::string& wanted, bool has_any, F&& equals) {
    if (wanted == "*" || wanted == "none") {
        return (wanted == "*") == has_any;
    }
    return equals(wanted);
}

bool matches(const GhIssue& issue, const ListQuery& q) {
    if ((q.state == "open" && !issue.open) || (q.state == "closed" && issue.open)) {
        return false;
    }
    if (q.since_ms && issue.updated_s * 1000 < *q.since_ms) {
        return false;
    }
    if (!std::all_of(q.labels.begin(), q.labels.end(),
                     [&](const auto& l) { return has_label(issue, l); })) {
        return false;
    }
    if (q.milestone &&
        !matches_any_none(*q.milestone, issue.milestone.has_value(), [&](const std::string& v) {
            return parse_int(v).has_value() && issue.milestone == parse_int(v);
        })) {
        return false;
    }
    if (q.assignee &&
        !matches_any_none(*q.assignee, !issue.assignees.empty(), [&](const std::string& v) {
            return std::find(issue.assignees.begin(), issue.assignees.end(), v) !=
                   issue.assignees.end();
        })) {
        return false;
    }
    return !q.creator || util::to_lower(*q.creator) == util::to_lower(issue.user);
}

std::int64_t sort_key(const GhIssue& issue, const std::string& sort) {
    if (sort == "updated") {
        return issue.updated_s;
    }
    return sort == "comments" ? issue.comments : issue.created_s;
}

} // namespace

ListQuery parse_list_query(const httplib::Request& req, std::vector<std::string>& invalid) {
    ListQuery q;
    const auto enum_param = [&](const char* name, std::string& out,
                                std::initializer_list<std::string_view> allowed) {
        if (auto v = param(req, name)) {
            if (std::find(allowed.begin(), allowed.end(), *v) == allowed.end()) {
                invalid.emplace_back(name);
            } else {
                out = *v;
            }
        }
    };
    enum_param("state", q.state, {"open", "closed", "all"});
    enum_param("sort", q.sort, {"created", "updated", "comments"});
    std::string direction = "desc";
    enum_param("direction", direction, {"asc", "desc"});
    q.ascending = direction == "asc";
    if (auto since = param(req, "since")) {
        q.since_ms = parse_iso8601_ms(*since);
        if (!q.since_ms) {
            invalid.emplace_back("since");
        }
    }
    for (const auto& [name, out] :
         {std::pair{"per_page", &q.per_page}, std::pair{"page", &q.page}}) {
        if (auto v = param(req, name)) {
            const auto n = parse_int(*v);
            if (!n) {
                invalid.emplace_back(name);
            } else {
                *out = *n;
            }
        }
    }
    // GitHub falls back to its defaults for out-of-range numbers and caps per_page at 100.
    q.per_page = q.per_page < 1 ? 30 : std::min(q.per_page, 100);
    q.page = std::max(q.page, 1);
    if (auto labels = param(req, "labels")) {
        for (const auto& l : util::split(*labels, ',')) {
            if (!util::trim(l).empty()) {
                q.labels.emplace_back(util::trim(l));
            }
        }
    }
    q.milestone = param(req, "milestone");
    q.assignee = param(req, "assignee");
    q.creator = param(req, "creator");
    return q;
}

ListPage select_page(const GhRepo& repo, const ListQuery& query) {
    std::vector<const GhIssue*> all;
    for (const auto& [number, issue] : repo.issues) {
        if (matches(issue, query)) {
            all.push_back(&issue);
        }
    }
    // Ties (issues updated in the same second) are ordered by number, in the requested direction.
    std::stable_sort(all.begin(), all.end(), [&](const GhIssue* a, const GhIssue* b) {
        const auto ka = std::make_pair(sort_key(*a, query.sort), a->number);
        const auto kb = std::make_pair(sort_key(*b, query.sort), b->number);
        return query.ascending ? ka < kb : kb < ka;
    });
    ListPage page;
    const auto per_page = static_cast<std::size_t>(query.per_page);
    page.last_page = std::max(1, static_cast<int>((all.size() + per_page - 1) / per_page));
    const std::size_t first = static_cast<std::size_t>(query.page - 1) * per_page;
    for (std::size_t i = first; i < all.size() && i < first + per_page; ++i) {
        page.items.push_back(all[i]);
    }
    return page;
}

std::string link_header(const std::string& base, const std::string& target, int page,
                        int last_page) {
    if (page == 1 && last_page <= 1) {
        return "";
    }
    // Keep the client's own parameters, in its order and encoding; only page changes.
    std::string kept;
    const auto q = target.find('?');
    if (q != std::string::npos) {
        for (const auto& part : util::split(target.substr(q + 1), '&')) {
            if (!part.empty() && part.rfind("page=", 0) != 0) {
                kept += part + "&";
            }
        }
    }
    const auto link = [&](int n, const char* rel) {
        return "<" + base + "?" + kept + "page=" + std::to_string(n) + ">; rel=\"" + rel + "\"";
    };
    std::vector<std::string> parts;
    if (page > 1) {
        parts.push_back(link(page - 1, "prev"));
    }
    if (page < last_page) {
        parts.push_back(link(page + 1, "next"));
        parts.push_back(link(last_page, "last"));
    }
    if (page > 1) {
        parts.push_back(link(1, "first"));
    }
    return util::join(parts, ", ");
}

std::string validation_failed(const std::vector<std::string>& fields, std::string_view docs) {
    util::JsonWriter w;
    w.begin_object().field("message", "Validation Failed").key("errors").begin_array();
    for (const auto& field : fields) {
        w.begin_object()
            .field("resource", "Issue")
            .field("field", field)
            .field("code", "invalid")
            .end_object();
    }
    w.end_array().field("documentation_url", docs).field("status", "422").end_object();
    return w.take();
}

} // namespace issuebridge::sandbox
