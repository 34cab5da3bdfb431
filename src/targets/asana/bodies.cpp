// What Asana is sent and what it answers: request bodies, the marker, the memo and error texts.

#include "asana.hpp"
#include "html_notes.hpp"

#include "issuebridge/http/message.hpp"
#include "issuebridge/render/title.hpp"
#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/strings.hpp"

namespace issuebridge::targets::asana {

namespace {

namespace dom = simdjson::dom;

// Asana documents no limit for a task's name; Jira's summary limit is a conservative stand-in.
constexpr std::size_t k_name_limit = 255;

std::string xml_escaped(std::string_view s) {
    std::string out;
    for (const char c : s) {
        out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : std::string(1, c);
    }
    return out;
}

render::BackLink back_link(const model::Draft& draft) { return {draft.url, draft.link_label}; }

} // namespace

const char* to_string(Identity identity) noexcept {
    switch (identity) {
    case Identity::external:
        return "external id";
    case Identity::notes:
        return "notes marker";
    case Identity::unknown:
        break;
    }
    return "notes marker (external id not yet proved)";
}

std::string marker_line(std::string_view external_id) {
    return std::string(k_marker_prefix) + std::string(external_id);
}

std::string marker_of(std::string_view notes) {
    // The last marker line: a quoted one earlier in the body is not ours.
    std::string found;
    for (const auto& line : util::split(notes, '\n')) {
        const std::string_view l = util::trim(line);
        if (l.starts_with(k_marker_prefix) && l.size() > k_marker_prefix.size()) {
            found = std::string(util::trim(l.substr(k_marker_prefix.size())));
        }
    }
    return found;
}

std::string name_of(const model::Draft& draft) { return render::trim_title(draft.title, k_name_limit); }

std::string html_notes_of(const model::Draft& draft) {
    // The marker needs room after the body: the body's limit leaves it.
    const std::string marker = marker_line(draft.external_id);
    std::string html = to_asana_html(draft.body, back_link(draft), k_asana_notes_limit - marker.size() - 1);
    const auto end = html.rfind("</body>");
    html.insert(end == std::string::npos ? html.size() : end, "\n" + xml_escaped(marker));
    return html;
}

std::string plain_notes_of(const model::Draft& draft) {
    std::string notes = draft.body;
    if (!draft.url.empty()) {
        notes += (notes.empty() ? "" : "\n\n") + (draft.link_label.empty() ? "" : draft.link_label + ": ") + draft.url;
    }
    return notes + "\n" + marker_line(draft.external_id);
}

std::string task_url(std::string_view gid) { return "https://app.asana.com/0/0/" + std::string(gid); }

http::Request request(const Context& c, std::string method, std::string path, std::string body) {
    http::Request r;
    r.method = std::move(method);
    r.url = c.base_url + path;
    r.headers.emplace_back("Authorization", c.authorization);
    r.headers.emplace_back("Accept", "application/json");
    if (!body.empty()) {
        r.headers.emplace_back("Content-Type", "application/json");
        r.body = std::move(body);
    }
    return r;
}

namespace {

void write_notes(util::JsonWriter& out, const model::Draft& draft, bool rich) {
    rich ? out.field("html_notes", html_notes_of(draft)) : out.field("notes", plain_notes_of(draft));
}

void write_assignee(util::JsonWriter& out, const model::Draft& draft) {
    out.key("assignee");
    draft.assignee.empty() ? out.null() : out.value(draft.assignee); // a user gid or e-mail
}

} // namespace

std::string create_body(const Context& c, const model::Draft& draft, const std::vector<std::string>& tag_gids,
                        bool external, bool rich) {
    util::JsonWriter out;
    out.begin_object().key("data").begin_object();
    out.field("name", name_of(draft));
    write_notes(out, draft, rich);
    out.field("completed", draft.state == model::ItemState::closed);
    out.key("projects").begin_array().value(c.project).end_array();
    const std::string& section =
        draft.state == model::ItemState::closed && !c.done_section.empty() ? c.done_section : c.section;
    if (!section.empty()) {
        out.key("memberships").begin_array().begin_object().field("project", c.project).field("section", section);
        out.end_object().end_array();
    }
    if (!draft.assignee.empty()) {
        write_assignee(out, draft);
    }
    if (!tag_gids.empty()) {
        out.key("tags").begin_array();
        for (const auto& gid : tag_gids) {
            out.value(gid);
        }
        out.end_array();
    }
    if (external) {
        out.key("external").begin_object().field("gid", draft.external_id).end_object();
    }
    out.end_object().end_object();
    return out.take();
}

std::string update_body(const Context&, const model::Draft& draft, unsigned fields, bool move_state, bool rich) {
    if ((fields & ~unsigned(model::Field::labels)) == 0 && !move_state) {
        return {};
    }
    util::JsonWriter out;
    out.begin_object().key("data").begin_object();
    if (fields & model::Field::title) {
        out.field("name", name_of(draft));
    }
    if (fields & (model::Field::body | model::Field::url)) {
        write_notes(out, draft, rich);
    }
    if (fields & model::Field::assignee) {
        write_assignee(out, draft);
    }
    if (move_state) {
        out.field("completed", draft.state == model::ItemState::closed);
    }
    out.end_object().end_object();
    return out.take();
}

std::string tags_memo(const std::map<std::string, std::string>& tags) {
    util::JsonWriter out;
    out.begin_object();
    for (const auto& [name, gid] : tags) {
        out.field(name, gid);
    }
    out.end_object();
    return out.take();
}

std::map<std::string, std::string> memo_tags(std::string_view memo) {
    std::map<std::string, std::string> out;
    dom::parser parser;
    dom::object object;
    if (memo.empty() || parser.parse(memo.data(), memo.size()).get_object().get(object)) {
        return {};
    }
    for (auto [name, gid] : object) {
        std::string_view g;
        if (gid.get_string().get(g)) {
            return {};
        }
        out.emplace(std::string(name), std::string(g));
    }
    return out;
}

std::string error_text(std::string_view body) {
    dom::parser parser;
    dom::array errors;
    std::vector<std::string> messages;
    if (!parser.parse(body.data(), body.size()).get_object()["errors"].get_array().get(errors)) {
        for (dom::element e : errors) {
            std::string_view m;
            if (!e["message"].get_string().get(m)) {
                messages.emplace_back(m);
            }
        }
    }
    if (!messages.empty()) {
        return util::join(messages, "; ");
    }
    return util::printable(body.substr(0, 200));
}

std::optional<util::Failure> failure_of(const http::Outcome& outcome, const std::string& what) {
    if (!outcome.ok()) {
        util::Failure f = outcome.failure();
        f.message = what + ": " + f.message;
        return f;
    }
    if (outcome->success()) {
        return std::nullopt;
    }
    util::Failure f = http::failure_from(*outcome, what);
    if (f.kind == util::Failure::Kind::http) {
        f.message = what + ": asana answered " + std::to_string(outcome->status) + ": " + error_text(outcome->body);
    }
    return f;
}

bool refuses_external(const http::Outcome& outcome) {
    return outcome.ok() && (outcome->status == 400 || outcome->status == 403) &&
           util::to_lower(error_text(outcome->body)).find("external") != std::string::npos;
}

util::Failure not_json(const std::string& what) {
    return {util::Failure::Kind::parse, what + ": the body is not valid JSON", 0};
}

util::Failure malformed(const std::string& what, const std::string& field) {
    return {util::Failure::Kind::parse, what + ": field '" + field + "' is malformed", 0};
}

std::string task_fields() { return "name,notes,html_notes,completed,external,assignee,assignee.email,tags,tags.name"; }

bool read_task(dom::element e, Task& out) {
    std::string_view s;
    if (e["gid"].get_string().get(s)) {
        return false;
    }
    out = Task{};
    out.gid = s;
    const auto text = [&](const char* key, std::string& to) {
        std::string_view v;
        if (!e[key].get_string().get(v)) {
            to = v;
        }
    };
    text("name", out.name);
    text("notes", out.notes);
    text("html_notes", out.html_notes);
    bool completed = false;
    if (!e["completed"].get_bool().get(completed)) {
        out.completed = completed;
    }
    std::string_view v;
    if (!e["assignee"]["gid"].get_string().get(v)) {
        out.assignee_gid = v;
    }
    if (!e["assignee"]["email"].get_string().get(v)) {
        out.assignee_email = v;
    }
    dom::array tags;
    if (!e["tags"].get_array().get(tags)) {
        for (dom::element t : tags) {
            std::string_view gid;
            std::string_view name;
            if (!t["gid"].get_string().get(gid) && !t["name"].get_string().get(name)) {
                out.tags.emplace(std::string(name), std::string(gid));
            }
        }
    }
    // external.gid is ours only when the marker agrees or there is none (a notes edit by hand loses the marker).
    std::string_view external;
    const bool has_external = !e["external"]["gid"].get_string().get(external);
    const std::string marker = marker_of(out.notes);
    out.external_id = has_external ? std::string(external) : marker;
    return true;
}

} // namespace issuebridge::targets::asana
