// Trello REST 1 (trello-openapi.json): members/me, boards with their lists, labels, custom fields
// and cards (GET /boards/{id}/cards/{filter} with limit and before), cards (create, read, update,
// attachments, custom field items) and labels. Parameters come from the query or a JSON body
// ("Query parameters may also be replaced with a JSON request body"); key and token from the query.
// Errors are plain text as Trello's are; rate limits answer 429 with
// {"error":"API_TOKEN_LIMIT_EXCEEDED",...} and no Retry-After, and every answer carries the
// X-Rate-Limit-Api-Token-* headers seen in the recordings.

#include "trello_module.hpp"

#include "clock.hpp"
#include "services.hpp"
#include "trello_data.hpp"

#include "issuebridge/util/json_writer.hpp"
#include "issuebridge/util/strings.hpp"

#include <algorithm>

namespace issuebridge::sandbox {

namespace {

constexpr std::string_view k_base = "/1";
constexpr std::int64_t k_max_limit = 1000;

// Trello's errors are plain text, but for a few given as JSON ("Invalid objectId",
// trello-dotnet#29): a text that is a JSON object goes as one.
void reply_text(httplib::Response& res, int status, std::string text) {
    const bool json = text.starts_with('{');
    res.status = status;
    res.body = std::move(text);
    res.headers.erase("Content-Type");
    res.set_header("Content-Type",
                   json ? "application/json; charset=utf-8" : "text/plain; charset=utf-8");
}

class TrelloProfile final : public ApiProfile {
public:
    explicit TrelloProfile(Services& services) : m_services(services) {}

    std::string_view name() const override { return "trello"; }

    bool authenticate(const httplib::Request& req) const override {
        return m_services.store.with([&](State& s) {
            const TrelloData& d = s.get<TrelloData>();
            return req.get_param_value("key") == d.key && req.get_param_value("token") == d.token;
        });
    }

    void unauthorized(httplib::Response& res) const override {
        reply_text(res, 401, "invalid token");
    }

    void limited(httplib::Response& res, Admission, const LimitStatus& status,
                 std::int64_t) const override {
        // No Retry-After: Trello documents none (API-FACTS §5).
        reply_json(res, 429,
                   R"({"error":"API_TOKEN_LIMIT_EXCEEDED","message":"Rate limit exceeded"})");
        decorate(res, status);
    }

    void server_error(httplib::Response& res) const override {
        reply_text(res, 500, "Internal Server Error");
    }
    void not_found(httplib::Response& res) const override {
        reply_text(res, 404, "The requested resource was not found.");
    }

    void decorate(httplib::Response& res, const LimitStatus& status) const override {
        const std::int64_t max = status.limited ? status.limit : 100;
        const std::int64_t remaining = status.limited ? status.remaining : 99;
        res.set_header("X-Rate-Limit-Api-Key-Interval-Ms", "10000");
        res.set_header("X-Rate-Limit-Api-Key-Max", "300");
        res.set_header("X-Rate-Limit-Api-Key-Remaining",
                       std::to_string(std::max<std::int64_t>(0, remaining + 200)));
        res.set_header("X-Rate-Limit-Api-Token-Interval-Ms", "10000");
        res.set_header("X-Rate-Limit-Api-Token-Max", std::to_string(max));
        res.set_header("X-Rate-Limit-Api-Token-Remaining",
                       std::to_string(std::max<std::int64_t>(0, remaining)));
    }

private:
    Services& m_services;
};

// A parameter from the JSON body, else the query; nullopt when absent.
struct Params {
    explicit Params(const httplib::Request& req) : m_req(req), m_body(Json::parse(req.body)) {}

    bool has(const std::string& name) const {
        return body(name) != nullptr || m_req.has_param(name);
    }

    std::optional<std::string> text(const std::string& name) const {
        if (const Json* j = body(name)) {
            return j->is_string() ? std::optional(j->as_string()) : std::nullopt;
        }
        if (m_req.has_param(name)) {
            return m_req.get_param_value(name);
        }
        return std::nullopt;
    }

    // An array of strings or a comma-separated string.
    std::optional<std::vector<std::string>> ids(const std::string& name) const {
        if (const Json* j = body(name); j != nullptr && j->is_array()) {
            std::vector<std::string> out;
            for (const auto& e : j->as_array()) {
                if (!e.is_string()) {
                    return std::nullopt;
                }
                out.push_back(e.as_string());
            }
            return out;
        }
        const auto s = text(name);
        if (!s) {
            return std::nullopt;
        }
        std::vector<std::string> out;
        for (auto& part : util::split(*s, ',')) {
            if (!part.empty()) {
                out.push_back(part);
            }
        }
        return out;
    }

    // true/false; nullopt when absent or not a boolean (`bad` set then).
    std::optional<bool> flag(const std::string& name, bool& bad) const {
        if (const Json* j = body(name)) {
            if (j->is_bool()) {
                return j->as_bool();
            }
            bad = true;
            return std::nullopt;
        }
        if (!m_req.has_param(name)) {
            return std::nullopt;
        }
        const std::string v = m_req.get_param_value(name);
        if (v != "true" && v != "false") {
            bad = true;
            return std::nullopt;
        }
        return v == "true";
    }

    const Json* body(const std::string& name) const {
        return m_body && m_body->is_object() ? m_body->get(name) : nullptr;
    }

private:
    const httplib::Request& m_req;
    std::optional<Json> m_body;
};

bool is_id(const std::string& s) {
    return s.size() == 24 &&
           std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(c) != 0; });
}

bool has_list(const TrelloBoard& b, const std::string& id) {
    return std::any_of(b.lists.begin(), b.lists.end(),
                       [&](const TrelloList& l) { return l.id == id; });
}

bool has_label(const TrelloBoard& b, const std::string& id) {
    return std::any_of(b.labels.begin(), b.labels.end(),
                       [&](const TrelloLabel& l) { return l.id == id; });
}

// Checks and applies idList, idLabels, idMembers, name, desc, closed; "" or the error (reply_text).
std::string apply(TrelloData& d, TrelloBoard& board, TrelloCard& card, const Params& p) {
    bool bad = false;
    if (auto list = p.text("idList")) {
        if (!is_id(*list) || !has_list(board, *list)) {
            return "invalid value for idList";
        }
        card.list = *list;
    }
    if (p.has("idLabels")) {
        const auto labels = p.ids("idLabels");
        if (!labels || !std::all_of(labels->begin(), labels->end(),
                                    [&](const auto& l) { return has_label(board, l); })) {
            return "invalid value for idLabels";
        }
        card.labels.clear();
        for (const auto& l : *labels) {
            if (std::find(card.labels.begin(), card.labels.end(), l) == card.labels.end()) {
                card.labels.push_back(l);
            }
        }
    }
    if (p.has("idMembers")) {
        const auto members = p.ids("idMembers");
        if (!members) {
            return "invalid value for idMembers";
        }
        // A well-formed id of no member of the board (as trello-dotnet#29 saw it).
        if (!std::all_of(members->begin(), members->end(), [&](const auto& m) {
                return std::find(d.board_members.begin(), d.board_members.end(), m) !=
                       d.board_members.end();
            })) {
            return R"({"message":"Invalid objectId","error":"ERROR"})";
        }
        card.members = *members;
    }
    if (auto name = p.text("name")) {
        if (name->size() > 16384) {
            return "invalid value for name";
        }
        card.name = *name;
    } else if (p.has("name")) {
        return "invalid value for name";
    }
    if (auto desc = p.text("desc")) {
        if (desc->size() > 16384) {
            return "invalid value for desc";
        }
        card.desc = *desc;
    } else if (p.has("desc")) {
        return "invalid value for desc";
    }
    if (auto closed = p.flag("closed", bad)) {
        card.closed = *closed;
    }
    return bad ? "invalid value for closed" : "";
}

void reply_card(Services& services, Call& call, const TrelloCard& card, bool attachments = false) {
    util::JsonWriter w;
    services.store.with(
        [&](State& s) { write_card(w, s.get<TrelloData>(), card, attachments, false); });
    reply_json(call.res, 200, w.take());
}

void create_card(Services& services, Call& call) {
    const Params p(call.req);
    const auto list = p.text("idList");
    if (!list || !is_id(*list)) {
        return reply_text(call.res, 400, "invalid value for idList");
    }
    const std::int64_t now = services.clock.now_ms();
    std::string error;
    std::optional<TrelloCard> made;
    services.store.with([&](State& s) {
        TrelloData& d = s.get<TrelloData>();
        TrelloBoard* board = nullptr;
        for (auto& [id, b] : d.boards) {
            if (has_list(b, *list)) {
                board = &b;
            }
        }
        if (board == nullptr) {
            error = "invalid value for idList";
            return;
        }
        TrelloCard card;
        card.board = board->id;
        card.last_activity_ms = now;
        if (error = apply(d, *board, card, p); !error.empty()) {
            return;
        }
        card.id = d.make_id();
        card.pos = static_cast<double>(d.next_id) * 16384;
        if (auto url = p.text("urlSource"); url && !url->empty()) {
            card.attachments.push_back({d.make_id(), *url, *url});
        }
        d.cards.emplace(card.id, card);
        made = card;
    });
    if (!made) {
        return reply_text(call.res, 400, error);
    }
    reply_card(services, call, *made, true);
}

// Runs `f` on the card of the route's first parameter, or answers Trello's error.
template <typename F> void with_card(Services& services, Call& call, F&& f) {
    const std::string id = call.param(0);
    if (!is_id(id)) {
        return reply_text(call.res, 400, "invalid id");
    }
    bool found = false;
    services.store.with([&](State& s) {
        TrelloData& d = s.get<TrelloData>();
        if (TrelloCard* card = d.card(id)) {
            found = true;
            f(d, *card);
        }
    });
    if (!found) {
        reply_text(call.res, 404, "The requested resource was not found.");
    }
}

// Runs `f` on the board of the route's first parameter, or answers Trello's error.
template <typename F> void with_board(Services& services, Call& call, F&& f) {
    const std::string id = call.param(0);
    if (!is_id(id)) {
        return reply_text(call.res, 400, "invalid id");
    }
    bool found = false;
    services.store.with([&](State& s) {
        TrelloData& d = s.get<TrelloData>();
        if (TrelloBoard* board = d.board(id)) {
            found = true;
            f(d, *board);
        }
    });
    if (!found) {
        reply_text(call.res, 404, "The requested resource was not found.");
    }
}

void update_card(Services& services, Call& call) {
    const Params p(call.req);
    const std::int64_t now = services.clock.now_ms();
    with_card(services, call, [&](TrelloData& d, TrelloCard& card) {
        TrelloCard edited = card;
        const std::string error = apply(d, *d.board(card.board), edited, p);
        if (!error.empty()) {
            return reply_text(call.res, 400, error);
        }
        edited.last_activity_ms = now;
        // One PUT may edit fields and move the card: tests tell them apart by these counts (api
        // "trello.cards", outside the "trello" totals), which reset with the request log.
        const bool moved = edited.list != card.list || edited.closed != card.closed;
        const bool fields = edited.name != card.name || edited.desc != card.desc ||
                            edited.labels != card.labels || edited.members != card.members;
        if (moved) {
            services.requests.record("trello.cards", "moves", "200");
        }
        if (fields) {
            services.requests.record("trello.cards", "edits", "200");
        }
        card = edited;
        util::JsonWriter w;
        write_card(w, d, card, false, false);
        reply_json(call.res, 200, w.take());
    });
}

void get_card(Services& services, Call& call) {
    bool bad = false;
    const bool attachments = Params(call.req).flag("attachments", bad).value_or(false);
    const bool fields = Params(call.req).flag("customFieldItems", bad).value_or(false);
    with_card(services, call, [&](TrelloData& d, TrelloCard& card) {
        util::JsonWriter w;
        write_card(w, d, card, attachments, fields);
        reply_json(call.res, 200, w.take());
    });
}

void board_cards(Services& services, Call& call, const std::string& filter) {
    if (filter != "all" && filter != "open" && filter != "closed" && filter != "visible") {
        return reply_text(call.res, 400, "invalid value for filter");
    }
    const Params p(call.req);
    bool bad = false;
    const bool attachments = p.flag("attachments", bad).value_or(false);
    const bool fields = p.flag("customFieldItems", bad).value_or(false);
    std::int64_t limit = k_max_limit;
    if (auto l = p.text("limit")) {
        char* end = nullptr;
        limit = std::strtoll(l->c_str(), &end, 10);
        if (l->empty() || *end != '\0' || limit < 1 || limit > k_max_limit) {
            return reply_text(call.res, 400, "invalid value for limit");
        }
    }
    const std::string before = p.text("before").value_or("");
    if (bad || (!before.empty() && !is_id(before))) {
        return reply_text(call.res, 400, "invalid value for before");
    }
    with_board(services, call, [&](TrelloData& d, TrelloBoard& board) {
        util::JsonWriter w;
        w.begin_array();
        std::int64_t n = 0;
        // Newest first, as Trello pages with before=<id>.
        for (auto it = d.cards.rbegin(); it != d.cards.rend() && n < limit; ++it) {
            const TrelloCard& card = it->second;
            const bool shown = filter == "all" || (filter == "closed") == card.closed;
            if (card.board != board.id || !shown || (!before.empty() && card.id >= before)) {
                continue;
            }
            write_card(w, d, card, attachments, fields);
            ++n;
        }
        w.end_array();
        reply_json(call.res, 200, w.take());
    });
}

template <typename T, typename Write>
void reply_all(Call& call, const std::vector<T>& items, Write write) {
    util::JsonWriter w;
    w.begin_array();
    for (const auto& item : items) {
        write(w, item);
    }
    w.end_array();
    reply_json(call.res, 200, w.take());
}

void register_boards(Router& router, Services& services, const ApiProfile& p) {
    Services* s = &services;
    router.api(p, Method::get, k_base, "/boards/{id}", [s](Call& c) {
        with_board(*s, c, [&](TrelloData&, TrelloBoard& b) {
            util::JsonWriter w;
            w.begin_object().field("id", b.id).field("name", b.name).field("closed", false);
            w.field("url", "https://trello.com/b/" + b.id.substr(16)).end_object();
            reply_json(c.res, 200, w.take());
        });
    });
    router.api(p, Method::get, k_base, "/boards/{id}/lists", [s](Call& c) {
        with_board(*s, c, [&](TrelloData&, TrelloBoard& b) {
            reply_all(c, b.lists, [&](util::JsonWriter& w, const TrelloList& l) {
                w.begin_object().field("id", l.id).field("name", l.name).field("closed", l.closed);
                w.field("idBoard", b.id).end_object();
            });
        });
    });
    router.api(p, Method::get, k_base, "/boards/{id}/labels", [s](Call& c) {
        with_board(*s, c, [&](TrelloData&, TrelloBoard& b) {
            reply_all(c, b.labels, [&](util::JsonWriter& w, const TrelloLabel& l) {
                w.begin_object().field("id", l.id).field("idBoard", b.id).field("name", l.name);
                w.field("color", l.color).end_object();
            });
        });
    });
    router.api(p, Method::get, k_base, "/boards/{id}/customFields", [s](Call& c) {
        with_board(*s, c, [&](TrelloData&, TrelloBoard& b) {
            reply_all(c, b.fields, [&](util::JsonWriter& w, const TrelloField& f) {
                w.begin_object()
                    .field("id", f.id)
                    .field("idModel", b.id)
                    .field("modelType", "board");
                w.field("name", f.name).field("type", f.type).end_object();
            });
        });
    });
    router.api(p, Method::get, k_base, "/boards/{id}/cards", [s](Call& c) {
        board_cards(*s, c, c.req.has_param("filter") ? c.req.get_param_value("filter") : "visible");
    });
    router.api(p, Method::get, k_base, "/boards/{id}/cards/{filter}",
               [s](Call& c) { board_cards(*s, c, c.param(1)); });
}

void create_label(Services& services, Call& call) {
    const Params p(call.req);
    const auto name = p.text("name");
    const auto color = p.text("color");
    const auto board_id = p.text("idBoard");
    if (!name || !color || !board_id || !is_id(*board_id)) {
        return reply_text(call.res, 400, "invalid value for idBoard");
    }
    services.store.with([&](State& s) {
        TrelloData& d = s.get<TrelloData>();
        TrelloBoard* b = d.board(*board_id);
        if (b == nullptr) {
            return reply_text(call.res, 404, "The requested resource was not found.");
        }
        // Trello allows two labels of one name: nothing here stops a client from making duplicates.
        b->labels.push_back({d.make_id(), *name, *color});
        util::JsonWriter w;
        w.begin_object()
            .field("id", b->labels.back().id)
            .field("idBoard", b->id)
            .field("name", *name);
        w.field("color", *color).end_object();
        reply_json(call.res, 200, w.take());
    });
}

void register_cards(Router& router, Services& services, const ApiProfile& p) {
    Services* s = &services;
    router.api(p, Method::post, k_base, "/cards", [s](Call& c) { create_card(*s, c); });
    router.api(p, Method::get, k_base, "/cards/{id}", [s](Call& c) { get_card(*s, c); });
    router.api(p, Method::put, k_base, "/cards/{id}", [s](Call& c) { update_card(*s, c); });
    router.api(p, Method::get, k_base, "/cards/{id}/attachments", [s](Call& c) {
        with_card(*s, c, [&](TrelloData&, TrelloCard& card) {
            reply_all(c, card.attachments, [](util::JsonWriter& w, const TrelloAttachment& a) {
                w.begin_object()
                    .field("id", a.id)
                    .field("name", a.name)
                    .field("url", a.url)
                    .end_object();
            });
        });
    });
    router.api(p, Method::post, k_base, "/cards/{id}/attachments", [s](Call& c) {
        const Params params(c.req);
        const auto url = params.text("url");
        if (!url || url->empty()) {
            return reply_text(c.res, 400, "invalid value for url");
        }
        with_card(*s, c, [&](TrelloData& d, TrelloCard& card) {
            card.attachments.push_back({d.make_id(), params.text("name").value_or(*url), *url});
            const TrelloAttachment& a = card.attachments.back();
            util::JsonWriter w;
            w.begin_object()
                .field("id", a.id)
                .field("name", a.name)
                .field("url", a.url)
                .end_object();
            reply_json(c.res, 200, w.take());
        });
    });
    router.api(p, Method::get, k_base, "/cards/{id}/customFieldItems", [s](Call& c) {
        with_card(*s, c, [&](TrelloData& d, TrelloCard& card) {
            util::JsonWriter w;
            write_card(w, d, card, false, true);
            const auto full = Json::parse(w.str());
            reply_json(c.res, 200, full->get("customFieldItems")->dump());
        });
    });
    router.api(p, Method::put, k_base, "/cards/{id}/customField/{field}/item", [s](Call& c) {
        const Params params(c.req);
        const Json* value = params.body("value");
        const Json* text = value != nullptr ? value->get("text") : nullptr;
        if (text == nullptr || !text->is_string()) {
            return reply_text(c.res, 400, "Invalid custom field item value.");
        }
        with_card(*s, c, [&](TrelloData& d, TrelloCard& card) {
            const auto& fields = d.board(card.board)->fields;
            const std::string field = c.param(1);
            if (std::none_of(fields.begin(), fields.end(),
                             [&](const TrelloField& f) { return f.id == field; })) {
                return reply_text(c.res, 404, "The requested resource was not found.");
            }
            card.field_text[field] = text->as_string();
            reply_json(c.res, 200,
                       "{\"id\":\"" + card.id.substr(0, 12) + field.substr(12) +
                           "\",\"idCustomField\":\"" + field + "\",\"idModel\":\"" + card.id +
                           "\"}");
        });
    });
    router.api(p, Method::post, k_base, "/labels", [s](Call& c) { create_label(*s, c); });
    router.api(p, Method::get, k_base, "/members/me", [s](Call& c) {
        s->store.with([&](State& st) {
            const TrelloData& d = st.get<TrelloData>();
            util::JsonWriter w;
            w.begin_object()
                .field("id", d.member_id)
                .field("username", d.username)
                .field("fullName", "Sandbox User");
            w.end_object();
            reply_json(c.res, 200, w.take());
        });
    });
}

} // namespace

std::unique_ptr<ApiProfile> register_trello_api(Router& router, Services& services) {
    auto profile = std::make_unique<TrelloProfile>(services);
    register_boards(router, services, *profile);
    register_cards(router, services, *profile);
    router.api_fallback(*profile, k_base);
    return profile;
}

} // namespace issuebridge::sandbox
