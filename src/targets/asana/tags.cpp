// Labels as tags of the workspace: listed once per run (GET /workspaces/{gid}/tags, pages of 100), a missing one
// created once (POST /tags) by the first operation that needs it, while the others needing it list again until it
// shows; never a second tag of one name from this run.

#include "asana.hpp"

#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/strings.hpp"

namespace issuebridge::targets::asana {

namespace dom = simdjson::dom;

TagSteps::TagSteps(std::shared_ptr<Context> c, std::vector<std::string> names)
    : m_c(std::move(c)), m_names(std::move(names)) {
    if (m_c->workspace.empty()) {
        m_step = Step::project;
    } else if (!m_c->tags_listed) {
        m_step = Step::list;
    } else {
        advance();
    }
    if (m_names.empty()) {
        m_done = true;
    }
}

void TagSteps::advance() {
    if (!m_c->tags_listed) {
        m_step = Step::list;
        return;
    }
    for (const auto& name : m_names) {
        if (m_c->tag_gids.contains(name)) {
            continue;
        }
        if (m_c->tags_creating.contains(name)) {
            m_step = Step::list; // another operation creates it: list again until it shows
            return;
        }
        m_c->tags_creating.insert(name);
        m_creating = name;
        m_step = Step::create;
        return;
    }
    m_done = true;
}

void TagSteps::refresh() {
    if (m_done) {
        return;
    }
    if (m_step == Step::project && !m_c->workspace.empty()) {
        m_step = Step::list;
    }
    if (m_step == Step::list && m_offset.empty() && m_c->tags_listed) {
        advance(); // listed by another operation; a tag another one is making sends this one to list again
        if (m_step == Step::list && !m_done) {
            return;
        }
    }
}

std::optional<http::Request> TagSteps::next() {
    switch (m_step) {
    case Step::project:
        return request(*m_c, "GET", "/projects/" + util::url_encode(m_c->project) + "?opt_fields=workspace");
    case Step::list:
        return request(*m_c, "GET",
                       "/workspaces/" + util::url_encode(m_c->workspace) + "/tags?limit=100&opt_fields=name" +
                           (m_offset.empty() ? "" : "&offset=" + util::url_encode(m_offset)));
    case Step::create: {
        util::JsonWriter body;
        body.begin_object().key("data").begin_object().field("name", m_creating).field("workspace", m_c->workspace);
        body.end_object().end_object();
        return request(*m_c, "POST", "/tags", body.take());
    }
    }
    return std::nullopt;
}

void TagSteps::on_outcome(const http::Outcome& outcome) {
    const auto fail = [&](util::Failure f) {
        m_failure = std::move(f);
        m_done = true;
        if (!m_creating.empty()) {
            m_c->tags_creating.erase(m_creating);
            m_c->tags_listed = false; // a lost create may have made it: the next one lists first
        }
    };
    const std::string what = m_step == Step::project ? "read project '" + m_c->project + "'"
                             : m_step == Step::list  ? "list the tags of workspace " + m_c->workspace
                                                     : "create tag '" + m_creating + "'";
    if (auto f = failure_of(outcome, what)) {
        return fail(std::move(*f));
    }
    dom::parser parser;
    dom::element root;
    if (parser.parse(outcome->body).get(root)) {
        return fail(not_json("asana " + what));
    }
    std::string_view s;
    switch (m_step) {
    case Step::project:
        if (root["data"]["workspace"]["gid"].get_string().get(s)) {
            return fail(malformed("asana project", "data.workspace.gid"));
        }
        m_c->workspace = s;
        m_step = Step::list;
        if (m_c->tags_listed) {
            advance();
        }
        return;
    case Step::list: {
        dom::array tags;
        if (root["data"].get_array().get(tags)) {
            return fail(malformed("asana tags", "data"));
        }
        for (dom::element t : tags) {
            std::string_view gid;
            std::string_view name;
            if (t["gid"].get_string().get(gid) || t["name"].get_string().get(name)) {
                return fail(malformed("asana tags", "data[].gid"));
            }
            m_c->tag_gids.emplace(std::string(name), std::string(gid)); // the oldest of one name wins
        }
        m_offset = root["next_page"]["offset"].get_string().get(s) ? std::string() : std::string(s);
        if (m_offset.empty()) {
            m_c->tags_listed = true;
            advance();
        }
        return;
    }
    case Step::create:
        if (root["data"]["gid"].get_string().get(s)) {
            return fail(malformed("asana tag", "data.gid"));
        }
        m_c->tag_gids[m_creating] = s;
        m_c->tags_creating.erase(m_creating);
        m_creating.clear();
        advance();
        return;
    }
}

std::map<std::string, std::string> TagSteps::gids() const {
    std::map<std::string, std::string> out;
    for (const auto& name : m_names) {
        if (const auto it = m_c->tag_gids.find(name); it != m_c->tag_gids.end()) {
            out.emplace(name, it->second);
        }
    }
    return out;
}

} // namespace issuebridge::targets::asana
