// What Jira is sent and what it answers: request bodies and response readers, Cloud's and Data Center's.

#include "jira.hpp"

#include "formats.hpp"

#include "issuebridge/render/title.hpp"
#include "issuebridge/util/json_writer.hpp"

#include <simdjson.h>

#include <algorithm>

namespace issuebridge::targets::jira {

namespace {

// The source's label for the link back; the URL is shown when it is empty.
render::BackLink back_link(const model::Draft& draft) { return {draft.url, draft.link_label}; }

void write_labels(util::JsonWriter& out, const model::Draft& draft) {
    out.key("labels").begin_array();
    for (const auto& label : labels_of(draft)) {
        out.value(label);
    }
    out.end_array();
}

void write_assignee(util::JsonWriter& out, const Dialect& dialect, const model::Draft& draft) {
    out.key("assignee");
    if (draft.assignee.empty()) {
        out.null();
    } else {
        out.begin_object().field(dialect.user_field, draft.assignee).end_object();
    }
}

} // namespace

std::string marker_label(std::string_view external_id) {
    return "issuebridge-" + model::to_hex(model::stable_hash(external_id));
}

std::string to_label(std::string_view label) {
    std::string out(label);
    std::replace_if(
        out.begin(), out.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n'; }, '_');
    return out;
}

std::string summary_of(const model::Draft& draft) { return render::trim_title(draft.title, k_jira_summary_limit); }

std::string description_of(const Dialect& dialect, const model::Draft& draft) {
    if (dialect.wiki) {
        util::JsonWriter out; // a JSON string: v2 text fields are plain strings (API-FACTS §6.1)
        out.value(to_jira_wiki(draft.body, back_link(draft)));
        return out.take();
    }
    return to_adf(draft.body, back_link(draft));
}

std::vector<std::string> labels_of(const model::Draft& draft) {
    std::vector<std::string> labels;
    for (const auto& label : draft.labels) {
        labels.push_back(to_label(label));
    }
    labels.push_back(marker_label(draft.external_id));
    return labels;
}

std::string create_body(const Context& context, const model::Draft& draft, const std::string& transition_id) {
    util::JsonWriter out;
    out.begin_object().key("fields").begin_object();
    out.key("project").begin_object().field("key", context.project).end_object();
    out.key("issuetype").begin_object().field("name", context.issue_type).end_object();
    out.field("summary", summary_of(draft));
    out.key("description").raw(description_of(context.dialect, draft));
    write_labels(out, draft);
    if (!draft.assignee.empty()) {
        write_assignee(out, context.dialect, draft);
    }
    out.end_object();
    // The full external id, beside the label, set in the same call so the marker is never half written.
    out.key("properties").begin_array().begin_object().field("key", k_property);
    out.key("value").begin_object().field("externalId", draft.external_id).field("url", draft.url).end_object();
    out.end_object().end_array();
    if (!transition_id.empty()) {
        out.key("transition").begin_object().field("id", transition_id).end_object();
    }
    out.end_object();
    return out.take();
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
    simdjson::dom::parser parser; // DOM: the whole memo is checked before any label is taken
    simdjson::dom::array array;
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

std::string update_body(const Context& context, const model::Draft& draft, unsigned fields, std::string_view memo) {
    util::JsonWriter out;
    out.begin_object().key("fields").begin_object();
    if (fields & model::Field::title) {
        out.field("summary", summary_of(draft));
    }
    if (fields & (model::Field::body | model::Field::url)) {
        out.key("description").raw(description_of(context.dialect, draft));
    }
    if (fields & model::Field::assignee) {
        write_assignee(out, context.dialect, draft);
    }
    out.end_object();
    if (fields & model::Field::labels) {
        const auto ours = labels_of(draft);
        out.key("update").begin_object().key("labels").begin_array();
        for (const auto& label : memo_labels(memo)) {
            if (std::find(ours.begin(), ours.end(), to_label(label)) == ours.end()) {
                out.begin_object().field("remove", to_label(label)).end_object();
            }
        }
        for (const auto& label : ours) {
            out.begin_object().field("add", label).end_object();
        }
        out.end_array().end_object();
    }
    out.end_object();
    return out.take();
}

http::Request request(const Context& c, std::string method, std::string path, std::string body) {
    http::Request r;
    r.method = std::move(method);
    r.url = c.base_url + std::string(c.dialect.api) + path;
    r.headers = {{"Authorization", c.authorization}, {"Accept", "application/json"}};
    if (!body.empty()) {
        r.headers.emplace_back("Content-Type", "application/json");
        r.body = std::move(body);
    }
    return r;
}

util::Failure not_json(const std::string& what) {
    return {util::Failure::Kind::parse, what + ": the body is not valid JSON", 0};
}

std::string error_text(std::string_view body) {
    // DOM, not on-demand: the whole body is checked before any field is read (see github/parse.cpp).
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    std::string text;
    const auto add = [&text](std::string_view part) { text += (text.empty() ? "" : "; ") + std::string(part); };
    if (!parser.parse(body.data(), body.size()).get(root)) {
        simdjson::dom::array messages;
        if (!root["errorMessages"].get_array().get(messages)) {
            for (simdjson::dom::element m : messages) {
                std::string_view s;
                if (!m.get_string().get(s)) {
                    add(s);
                }
            }
        }
        simdjson::dom::object errors;
        if (!root["errors"].get_object().get(errors)) {
            for (const auto field : errors) {
                std::string_view value;
                if (!field.value.get_string().get(value)) {
                    add(std::string(field.key) + ": " + std::string(value));
                }
            }
        }
    }
    if (text.empty()) {
        text = std::string(body.substr(0, 200));
    }
    return text;
}

std::string refused_setting(std::string_view body) {
    simdjson::dom::parser parser; // DOM: the whole body is checked before any field is read
    simdjson::dom::element root;
    simdjson::dom::object errors;
    if (parser.parse(body.data(), body.size()).get(root) || root["errors"].get_object().get(errors)) {
        return {};
    }
    for (const auto field : errors) {
        if (field.key == "project" || field.key == "issuetype") {
            return field.key == "project" ? "project" : "issue_type";
        }
    }
    return {};
}

} // namespace issuebridge::targets::jira
