// What a card shows (name, description with its marker line), requests, memos and Trello's error texts.

#include "trello.hpp"

#include "issuebridge/http/message.hpp"
#include "issuebridge/model/item.hpp"
#include "issuebridge/render/title.hpp"
#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/strings.hpp"

#include <simdjson.h>

#include <algorithm>
#include <array>

namespace issuebridge::targets::trello {

http::Request request(const Context& c, std::string method, std::string path, std::string body) {
    http::Request r;
    r.method = std::move(method);
    // The spec's security scheme: key and token as query parameters. The HTTP layer's redaction masks both
    // names in every URL it logs (http/redact.cpp), and their values are scrubbed from any text.
    r.url = c.base_url + path + (path.find('?') == std::string::npos ? "?" : "&") + "key=" + util::url_encode(c.key) +
            "&token=" + util::url_encode(c.token);
    r.headers = {{"Accept", "application/json"}};
    if (!body.empty()) {
        r.headers.emplace_back("Content-Type", "application/json");
        r.body = std::move(body);
    }
    return r;
}

std::string name_of(const model::Draft& draft) { return render::trim_title(draft.title, k_name_limit); }

std::string marker_line(std::string_view external_id) {
    return std::string(k_marker_prefix) + std::string(external_id);
}

std::string desc_of(const Context& c, const model::Draft& draft) {
    const render::BackLink link{draft.url, draft.link_label};
    if (!c.marker_field.empty()) {
        return to_trello_markdown(draft.body, link);
    }
    const std::string marker = "\n\n" + marker_line(draft.external_id);
    const std::size_t room = k_trello_desc_limit - std::min(k_trello_desc_limit, render::text_length(marker));
    return to_trello_markdown(draft.body, link, room) + marker;
}

std::string marker_in(std::string_view desc) {
    // The last marker line wins: a body that quotes one of ours comes before it.
    const std::size_t at = desc.rfind(k_marker_prefix);
    if (at == std::string_view::npos || (at > 0 && desc[at - 1] != '\n')) {
        return {};
    }
    std::string_view id = desc.substr(at + k_marker_prefix.size());
    id = id.substr(0, id.find('\n'));
    return std::string(util::trim(id));
}

std::string list_for(const Context& c, model::ItemState state) {
    if (state == model::ItemState::open) {
        return c.open_list;
    }
    return c.archive ? std::string() : c.done_list;
}

model::ItemState state_of(const Context& c, bool closed, std::string_view id_list) {
    const bool done = closed || (!c.done_list.empty() && id_list == c.done_list);
    return done ? model::ItemState::closed : model::ItemState::open;
}

namespace {
// Trello's label colours (the OpenAPI file's Color).
constexpr std::array<std::string_view, 10> k_colours{"green", "yellow", "orange", "red",  "purple",
                                                     "blue",  "sky",    "lime",   "pink", "black"};
} // namespace

std::string label_colour(std::string_view name) {
    return std::string(k_colours[model::stable_hash(name) % k_colours.size()]); // the same name, the same colour
}

bool is_label_colour(std::string_view colour) {
    return std::find(k_colours.begin(), k_colours.end(), colour) != k_colours.end();
}

std::string label_colours() {
    std::string out;
    for (std::size_t i = 0; i < k_colours.size(); ++i) {
        out += i == 0 ? "" : i + 1 == k_colours.size() ? " or " : ", ";
        out += k_colours[i];
    }
    return out;
}

std::string labels_memo(const model::Draft& draft) {
    util::JsonWriter w;
    w.begin_array();
    for (const auto& l : draft.labels) {
        w.value(l);
    }
    w.end_array();
    return w.take();
}

std::vector<std::string> memo_labels(std::string_view memo) {
    std::vector<std::string> out;
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    simdjson::dom::array list;
    if (memo.empty() || parser.parse(memo.data(), memo.size()).get(doc) || doc.get_array().get(list)) {
        return out;
    }
    for (simdjson::dom::element e : list) {
        std::string_view s;
        if (!e.get_string().get(s)) {
            out.emplace_back(s);
        }
    }
    return out;
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
    // Trello's errors are plain text ("invalid id") or, for rate limits, {"error": ..., "message": ...}:
    // failure_from quotes either, redacted and scrubbed of our key and token.
    return http::failure_from(*outcome, what);
}

util::Failure malformed(const std::string& what, const std::string& field) {
    return {util::Failure::Kind::parse, "trello " + what + ": field '" + field + "' is malformed", 0};
}

} // namespace issuebridge::targets::trello
