// The emulated Asana's data, its rich-text check and its task JSON.

#include "asana_data.hpp"

#include <algorithm>
#include <array>

namespace issuebridge::sandbox {

const AsanaUser* AsanaData::user(std::string_view gid_or_email) const {
    for (const auto& u : users) {
        if (u.gid == gid_or_email || u.email == gid_or_email) {
            return &u;
        }
    }
    return nullptr;
}

AsanaData fresh_asana() {
    AsanaData d;
    d.tokens = {{"sandbox-asana-pat", false}, {"sandbox-asana-oauth", true}};
    d.users = {{"3000", "Sandbox Bot", "bot@example.com"}, {"3001", "Dana", "dana@example.com"}};
    d.projects["2000"] = AsanaProject{"2000", "End to end", {{"2001", "To do"}, {"2002", "Done"}}};
    return d;
}

namespace {

// The tags Asana documents for task notes (API-FACTS §4.1; its own list was not retrieved).
constexpr std::array<std::string_view, 15> k_tags = {"body", "strong",     "em", "u",  "s",
                                                     "code", "pre",        "a",  "ul", "ol",
                                                     "li",   "blockquote", "h1", "h2", "hr"};

bool entity_at(std::string_view s, std::size_t i, std::size_t& len, std::string& decoded) {
    static const std::array<std::pair<std::string_view, std::string_view>, 5> named = {
        {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}}};
    for (const auto& [e, d] : named) {
        if (s.substr(i, e.size()) == e) {
            len = e.size();
            decoded = d;
            return true;
        }
    }
    if (s.substr(i, 2) == "&#") {
        const auto end = s.find(';', i);
        if (end != std::string_view::npos && end > i + 2 && end - i < 10) {
            len = end - i + 1;
            decoded = "?";
            return true;
        }
    }
    return false;
}

} // namespace

std::string check_html_notes(std::string_view html) {
    std::vector<std::string> open;
    bool seen_body = false;
    for (std::size_t i = 0; i < html.size();) {
        const char c = html[i];
        if (c == '&') {
            std::size_t len = 0;
            std::string decoded;
            if (!entity_at(html, i, len, decoded)) {
                return "XML is invalid: a bare '&'";
            }
            i += len;
            continue;
        }
        if (c == '>') {
            return "XML is invalid: a bare '>'";
        }
        if (c != '<') {
            if (open.empty() && c != ' ' && c != '\n') {
                return "XML is invalid: text outside <body>";
            }
            ++i;
            continue;
        }
        const auto end = html.find('>', i);
        if (end == std::string_view::npos) {
            return "XML is invalid: an unclosed tag";
        }
        std::string_view tag = html.substr(i + 1, end - i - 1);
        i = end + 1;
        const bool closing = tag.starts_with("/");
        const bool empty = tag.ends_with("/");
        tag = tag.substr(closing ? 1 : 0, tag.size() - (closing ? 1 : 0) - (empty ? 1 : 0));
        const std::string name(tag.substr(0, tag.find(' ')));
        if (std::find(k_tags.begin(), k_tags.end(), name) == k_tags.end()) {
            return "XML is invalid: the tag <" + name + "> is not allowed";
        }
        const std::string_view attributes = tag.substr(std::min(tag.size(), name.size()));
        if (!attributes.empty() && !(name == "a" && attributes.starts_with(" href=\"") &&
                                     attributes.ends_with("\"") && attributes.size() > 8)) {
            return "XML is invalid: attributes of <" + name + ">";
        }
        if (name == "body" && !closing && (seen_body || !open.empty())) {
            return "XML is invalid: a second <body>";
        }
        if (!closing && open.empty() && name != "body") {
            return "XML is invalid: the root is not <body>";
        }
        if (closing) {
            if (open.empty() || open.back() != name) {
                return "XML is invalid: </" + name + "> closes nothing open";
            }
            open.pop_back();
        } else if (!empty) {
            open.push_back(name);
            seen_body = seen_body || name == "body";
        }
    }
    if (!seen_body || !open.empty()) {
        return "XML is invalid: <body> is not closed";
    }
    return "";
}

std::string html_to_text(std::string_view html) {
    std::string out;
    for (std::size_t i = 0; i < html.size();) {
        if (html[i] == '<') {
            const auto end = html.find('>', i);
            i = end == std::string_view::npos ? html.size() : end + 1;
            continue;
        }
        std::size_t len = 0;
        std::string decoded;
        if (html[i] == '&' && entity_at(html, i, len, decoded)) {
            out += decoded;
            i += len;
            continue;
        }
        out += html[i++];
    }
    return out;
}

std::string text_to_html(std::string_view text) {
    std::string out = "<body>";
    for (const char c : text) {
        out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : std::string(1, c);
    }
    return out + "</body>";
}

namespace {

bool wanted(const std::set<std::string>& fields, std::string_view field) {
    for (const auto& f : fields) {
        if (f == field ||
            (f.size() > field.size() && f.starts_with(field) && f[field.size()] == '.')) {
            return true;
        }
    }
    return false;
}

} // namespace

void write_task(util::JsonWriter& w, const AsanaData& data, const AsanaTask& task,
                const std::set<std::string>& fields, bool show_external) {
    const bool compact = fields.empty();
    const auto want = [&](std::string_view f) { return wanted(fields, f); };
    w.begin_object().field("gid", task.gid).field("resource_type", "task");
    if (compact || want("name")) {
        w.field("name", task.name);
    }
    if (want("notes")) {
        w.field("notes", task.notes);
    }
    if (want("html_notes")) { // opt-in only (API-FACTS §4)
        w.field("html_notes", task.html_notes);
    }
    if (want("completed")) {
        w.field("completed", task.completed);
    }
    if (want("assignee")) {
        w.key("assignee");
        if (const AsanaUser* u = task.assignee.empty() ? nullptr : data.user(task.assignee)) {
            w.begin_object().field("gid", u->gid).field("resource_type", "user");
            w.field("name", u->name).field("email", u->email).end_object();
        } else {
            w.null();
        }
    }
    if (want("tags")) {
        w.key("tags").begin_array();
        for (const auto& gid : task.tags) {
            const auto it = data.tags.find(gid);
            w.begin_object().field("gid", gid).field("resource_type", "tag");
            w.field("name", it == data.tags.end() ? std::string() : it->second).end_object();
        }
        w.end_array();
    }
    if (want("memberships")) {
        w.key("memberships").begin_array().begin_object();
        w.key("project").begin_object().field("gid", task.project).end_object();
        w.key("section");
        task.section.empty() ? void(w.null())
                             : void(w.begin_object().field("gid", task.section).end_object());
        w.end_object().end_array();
    }
    if (want("external") && show_external) {
        w.key("external");
        if (task.external_gid.empty()) {
            w.null();
        } else {
            w.begin_object().field("gid", task.external_gid).field("data", task.external_data);
            w.end_object();
        }
    }
    w.end_object();
}

std::string asana_error(std::string_view message) {
    util::JsonWriter w;
    w.begin_object().key("errors").begin_array().begin_object().field("message", message);
    w.end_object().end_array().end_object();
    return w.take();
}

} // namespace issuebridge::sandbox
