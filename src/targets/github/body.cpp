// What GitHub is sent and what it answers: the marker, titles, bodies, labels, request bodies and error texts.

#include "github.hpp"

#include "issuebridge/render/markdown.hpp"
#include "issuebridge/render/templates.hpp"
#include "issuebridge/render/text.hpp"
#include "issuebridge/render/title.hpp"
#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/strings.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cctype>

namespace issuebridge::targets::github {

namespace {

namespace dom = simdjson::dom;

constexpr std::string_view k_marker_open = "<!-- issuebridge:";
constexpr std::string_view k_marker_close = " -->";

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = static_cast<char>(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// A prefix of the source cut inside an HTML comment would hide the link back: close it.
void close_open_comment(std::string& text) {
    const auto open = text.rfind("<!--");
    if (open != std::string::npos && text.find("-->", open + 4) == std::string::npos) {
        text += " -->";
    }
}

std::string back_link(const model::Draft& draft) {
    if (draft.url.empty() || !render::detail::is_safe_url(draft.url)) {
        return {};
    }
    const std::string label = draft.link_label.empty() ? draft.url : draft.link_label;
    return "[" + render::escape_markdown(label) + "](" + render::detail::markdown_url(draft.url) + ")";
}

bool same_name(std::string_view a, std::string_view b) { return util::to_lower(a) == util::to_lower(b); }

bool contains(const std::vector<std::string>& list, std::string_view name) {
    return std::any_of(list.begin(), list.end(), [&](const std::string& l) { return same_name(l, name); });
}

void write_strings(util::JsonWriter& out, std::string_view key, const std::vector<std::string>& values) {
    out.key(key).begin_array();
    for (const auto& v : values) {
        out.value(v);
    }
    out.end_array();
}

// The web address that a source item's short references ("#12", GitLab's "!5") are relative to, from its URL:
// GitLab "https://gitlab.com/g/p/-/issues/7" -> "https://gitlab.com/g/p/-/"; GitHub
// "https://github.com/o/r/issues/7" -> "https://github.com/o/r/"; empty for anything else.
std::string reference_base(const model::Draft& draft) {
    const std::string_view url = draft.url;
    if (draft.external_id.starts_with("gitlab:")) {
        const auto dash = url.find("/-/");
        return dash == std::string_view::npos ? std::string() : std::string(url.substr(0, dash + 3));
    }
    if (draft.external_id.starts_with("github:")) {
        for (const std::string_view kind : {"/issues/", "/pull/"}) {
            if (const auto at = url.rfind(kind); at != std::string_view::npos) {
                return std::string(url.substr(0, at + 1));
            }
        }
    }
    return {};
}

bool reference_boundary(char c) { return c == ' ' || c == '\t' || c == '(' || c == '[' || c == ',' || c == ';'; }

// One line outside code blocks: "#12" (and GitLab's "!5") at a word start, outside inline code, becomes a link.
std::string link_line(std::string_view line, const std::string& base, bool gitlab) {
    std::string out;
    bool in_code = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '`') {
            in_code = !in_code;
        }
        const bool sigil = c == '#' || (gitlab && c == '!');
        const bool starts = i == 0 || reference_boundary(line[i - 1]);
        std::size_t end = i + 1;
        while (end < line.size() && end - i <= 9 && std::isdigit(static_cast<unsigned char>(line[end]))) {
            ++end;
        }
        const bool whole = end == line.size() || !std::isalnum(static_cast<unsigned char>(line[end]));
        if (in_code || !sigil || !starts || end == i + 1 || !whole || (end < line.size() && line[end] == ']')) {
            out += c;
            continue;
        }
        const std::string_view number = line.substr(i + 1, end - i - 1);
        const std::string path = gitlab ? (c == '#' ? "issues/" : "merge_requests/") : "issues/";
        out += "[" + std::string(1, c) + std::string(number) + "](" + base + path + std::string(number) + ")";
        i = end - 1;
    }
    return out;
}

// The body's short references as absolute links to the source, since on the target they would name the target
// repository's own issues. Fenced and indented code is left as it is.
std::string absolute_references(std::string_view markdown, const model::Draft& draft) {
    const std::string base = reference_base(draft);
    if (base.empty()) {
        return std::string(markdown);
    }
    const bool gitlab = draft.external_id.starts_with("gitlab:");
    std::string out;
    bool fenced = false;
    std::size_t start = 0;
    while (start <= markdown.size()) {
        const auto nl = markdown.find('\n', start);
        const std::string_view line =
            markdown.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
        const std::string_view trimmed = util::trim(line);
        if (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            fenced = !fenced;
        }
        const bool code = fenced || trimmed.starts_with("```") || trimmed.starts_with("~~~") ||
                          line.starts_with("    ") || line.starts_with("\t");
        out += code ? std::string(line) : link_line(line, base, gitlab);
        if (nl == std::string_view::npos) {
            break;
        }
        out += '\n';
        start = nl + 1;
    }
    return out;
}

} // namespace

std::string marker(std::string_view external_id) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out(k_marker_open);
    for (const char ch : external_id) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '%' || c == '<' || c == '>' || c == '-' || c <= 0x20 || c == 0x7f) {
            out += '%';
            out += k_hex[c >> 4];
            out += k_hex[c & 15];
        } else {
            out += ch;
        }
    }
    return out += k_marker_close;
}

std::string marker_of(std::string_view body) {
    const auto open = body.rfind(k_marker_open);
    if (open == std::string_view::npos) {
        return {};
    }
    const auto start = open + k_marker_open.size();
    const auto close = body.find(k_marker_close, start);
    if (close == std::string_view::npos) {
        return {};
    }
    std::string id;
    for (std::size_t i = start; i < close; ++i) {
        if (body[i] != '%') {
            id += body[i];
            continue;
        }
        const int hi = i + 2 < close ? hex_value(body[i + 1]) : -1;
        const int lo = hi >= 0 ? hex_value(body[i + 2]) : -1;
        if (lo < 0) {
            return {}; // not a marker we wrote
        }
        id += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return id;
}

std::string title_of(const model::Draft& draft) { return render::trim_title(draft.title, k_title_limit); }

std::string body_of(const model::Draft& draft) {
    const std::string mark = marker(draft.external_id);
    const std::string link = back_link(draft);
    // The source's markdown passes through (GitHub renders it, and sanitizes its HTML itself), its short references
    // made absolute; the link back and
    // the marker follow, and stay within GitHub's limit when the text is cut.
    const std::size_t room = k_body_limit - mark.size() - 2;
    const std::string md = absolute_references(render::detail::normalize_input(draft.body), draft);
    std::string text = render::detail::fit_to_limit(md, room, [&link](std::string_view prefix, bool truncated) {
        std::string out(prefix);
        while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) {
            out.pop_back();
        }
        close_open_comment(out);
        if (truncated) {
            out += (out.empty() ? "" : "\n\n") + std::string(render::k_truncation_notice);
        }
        if (!link.empty()) {
            out += (out.empty() ? "" : "\n\n") + link;
        }
        return out;
    });
    return text + (text.empty() ? "" : "\n\n") + mark;
}

std::vector<std::string> labels_of(const Context& c, const model::Draft& draft) {
    std::vector<std::string> labels;
    for (const auto& label : draft.labels) {
        if (!contains(labels, label)) {
            labels.push_back(label);
        }
    }
    if (!contains(labels, c.marker_label)) {
        labels.push_back(c.marker_label);
    }
    return labels;
}

std::string label_color(std::string_view name) {
    // A stable hash of the lowercase name, kept out of the darkest and lightest shades so its text stays legible.
    const std::uint64_t h = model::stable_hash(util::to_lower(name));
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 3; ++i) {
        const auto channel = static_cast<unsigned>(0x40 + ((h >> (i * 8)) & 0xff) % 0x90);
        out += k_hex[channel >> 4];
        out += k_hex[channel & 15];
    }
    return out;
}

std::string labels_memo(const model::Draft& draft) {
    util::JsonWriter out;
    out.begin_array();
    for (const auto& label : draft.labels) {
        out.value(label);
    }
    return out.end_array().take();
}

std::vector<std::string> memo_labels(std::string_view memo) {
    dom::parser parser; // DOM: the whole memo is checked before any label is taken
    dom::array array;
    if (memo.empty() || parser.parse(memo.data(), memo.size()).get_array().get(array)) {
        return {};
    }
    std::vector<std::string> labels;
    for (auto label : array) {
        std::string_view l;
        if (label.get_string().get(l)) {
            return {}; // not ours to trust
        }
        labels.emplace_back(l);
    }
    return labels;
}

std::vector<std::string> merged_labels(const std::vector<std::string>& shown, const std::vector<std::string>& ours,
                                       const std::vector<std::string>& dropped_from_memo) {
    std::vector<std::string> out;
    for (const auto& label : shown) {
        const bool dropped = contains(dropped_from_memo, label) && !contains(ours, label);
        if (!dropped && !contains(out, label)) {
            out.push_back(label);
        }
    }
    for (const auto& label : ours) {
        if (!contains(out, label)) {
            out.push_back(label);
        }
    }
    return out;
}

std::string create_body(const Context& c, const model::Draft& draft, std::optional<std::int64_t> milestone) {
    util::JsonWriter out;
    out.begin_object().field("title", title_of(draft)).field("body", body_of(draft));
    write_strings(out, "labels", labels_of(c, draft));
    if (!draft.assignee.empty()) {
        write_strings(out, "assignees", {draft.assignee});
    }
    if (milestone) {
        out.field("milestone", *milestone);
    }
    return out.end_object().take();
}

std::string edit_body(const model::Draft& draft, unsigned fields, const std::vector<std::string>& labels,
                      std::optional<std::int64_t> milestone, std::optional<model::ItemState> state) {
    util::JsonWriter out;
    out.begin_object();
    if (fields & model::Field::title) {
        out.field("title", title_of(draft));
    }
    if (fields & (model::Field::body | model::Field::url)) {
        out.field("body", body_of(draft));
    }
    if (fields & model::Field::labels) {
        write_strings(out, "labels", labels);
    }
    if (fields & model::Field::assignee) {
        write_strings(out, "assignees",
                      draft.assignee.empty() ? std::vector<std::string>{} : std::vector{draft.assignee});
    }
    if ((fields & model::Field::milestone) && draft.milestone) { // a route that has no say leaves it as it is
        out.key("milestone");
        milestone ? out.value(*milestone) : out.null();
    }
    if (state) {
        // Closing says why; reopening clears the reason.
        out.field("state", *state == model::ItemState::closed ? "closed" : "open").key("state_reason");
        if (*state == model::ItemState::closed) {
            out.value(draft.not_planned ? "not_planned" : "completed");
        } else {
            out.null();
        }
    }
    return out.end_object().take();
}

std::string repo_path(const Context& c) { return "/repos/" + c.repo; }

http::Request request(const Context& c, std::string method, std::string path, std::string body) {
    http::Request r;
    r.method = std::move(method);
    r.url = c.base_url + path;
    r.headers = {{"Authorization", c.authorization},
                 {"Accept", "application/vnd.github+json"},
                 {"X-GitHub-Api-Version", std::string(k_api_version)}};
    if (!body.empty()) {
        r.headers.emplace_back("Content-Type", "application/json");
        r.body = std::move(body);
    }
    return r;
}

std::string error_text(std::string_view body) {
    dom::parser parser; // DOM: the whole body is checked before any field is read
    dom::element root;
    std::string text;
    if (!parser.parse(body.data(), body.size()).get(root)) {
        std::string_view message;
        if (!root["message"].get_string().get(message)) {
            text = message;
        }
        dom::array errors;
        if (!root["errors"].get_array().get(errors)) {
            for (dom::element e : errors) {
                std::string_view field;
                std::string_view code;
                if (!e["field"].get_string().get(field) && !e["code"].get_string().get(code)) {
                    text += "; " + std::string(field) + ": " + std::string(code);
                }
            }
        }
    }
    if (text.empty()) {
        text = util::printable(body.substr(0, 200));
    }
    return text;
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
        f.message = what + ": github answered " + std::to_string(outcome->status) + ": " + error_text(outcome->body);
    }
    return f;
}

std::optional<util::Failure> read_listing_page(std::string_view body, std::map<std::int64_t, Listed>& into) {
    const auto bad = [](const std::string& field) {
        return util::Failure{util::Failure::Kind::parse, "github issues listing: field '" + field + "' is malformed",
                             0};
    };
    // DOM, not on-demand: the whole page is checked before any issue is taken (see sources/github/parse.cpp).
    dom::parser parser;
    dom::array issues;
    if (parser.parse(body.data(), body.size()).get_array().get(issues)) {
        return bad("(the page is not a JSON array)");
    }
    std::vector<Listed> page;
    for (dom::element issue : issues) {
        Listed l;
        std::string_view text;
        if (issue["number"].get_int64().get(l.number)) {
            return bad("number");
        }
        if (issue["pull_request"].error() == simdjson::SUCCESS) {
            continue; // a pull request: never ours
        }
        if (issue["html_url"].get_string().get(text)) {
            return bad("html_url");
        }
        l.url = text;
        if (issue["title"].get_string().get(text)) {
            return bad("title");
        }
        l.title = text;
        dom::element body_element;
        if (issue["body"].get(body_element) || (!body_element.is_null() && !body_element.is_string())) {
            return bad("body");
        }
        l.body = body_element.is_null() ? std::string() : std::string(body_element.get_string().value_unsafe());
        if (issue["state"].get_string().get(text) || (text != "open" && text != "closed")) {
            return bad("state");
        }
        l.state = text == "closed" ? model::ItemState::closed : model::ItemState::open;
        dom::array labels;
        if (issue["labels"].get_array().get(labels)) {
            return bad("labels");
        }
        for (dom::element label : labels) {
            // GitHub gives label objects; an older form gives names.
            if (label["name"].get_string().get(text) && label.get_string().get(text)) {
                return bad("labels[].name");
            }
            l.labels.emplace_back(text);
        }
        dom::array assignees;
        if (issue["assignees"].get_array().get(assignees)) {
            return bad("assignees");
        }
        for (dom::element a : assignees) {
            if (a["login"].get_string().get(text)) {
                return bad("assignees[].login");
            }
            l.assignees.emplace_back(text);
        }
        dom::element milestone;
        std::string_view milestone_title;
        if (issue["milestone"].get(milestone) == simdjson::SUCCESS && !milestone.is_null() &&
            milestone["title"].get_string().get(milestone_title)) {
            return bad("milestone.title");
        }
        l.milestone = milestone_title;
        l.external_id = marker_of(l.body);
        if (!l.external_id.empty()) {
            page.push_back(std::move(l));
        }
    }
    for (auto& l : page) {
        const auto number = l.number;
        into[number] = std::move(l);
    }
    return std::nullopt;
}

} // namespace issuebridge::targets::github
