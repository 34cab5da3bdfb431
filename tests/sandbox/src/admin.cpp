// /_sandbox/ routes that are not about one API: reset, clock, faults, budgets, bursts and request
// counts.

#include "apis.hpp"
#include "clock.hpp"
#include "module.hpp"
#include "services.hpp"

#include "issuebridge/util/json_writer.hpp"

namespace issuebridge::sandbox {

namespace {

std::optional<Json> body_object(Call& call) {
    auto body = Json::parse(call.req.body.empty() ? "{}" : call.req.body);
    if (!body || !body->is_object()) {
        reply_admin_error(call.res, 400, "the body is a JSON object");
        return std::nullopt;
    }
    return body;
}

void reply_clock(Services& services, Call& call) {
    const std::int64_t now = services.clock.now_ms();
    util::JsonWriter w;
    w.begin_object()
        .field("now", format_github_time(floor_div(now, 1000)))
        .field("now_ms", now)
        .field("frozen", services.clock.frozen())
        .end_object();
    reply_json(call.res, 200, w.take());
}

void post_clock(Services& services, Call& call) {
    const auto body = body_object(call);
    if (!body) {
        return;
    }
    bool bad = false;
    const auto freeze = get_bool(*body, "freeze", bad);
    const auto set = get_string(*body, "set", bad);
    const auto advance_ms = get_int(*body, "advance_ms", bad);
    const auto advance_s = get_int(*body, "advance_s", bad);
    const auto set_ms = set ? parse_iso8601_ms(*set) : std::nullopt;
    if (bad || (set && !set_ms)) {
        return reply_admin_error(
            call.res, 400,
            "expected {\"freeze\": bool, \"set\": \"2024-01-01T00:00:00Z\", \"advance_ms\": N, "
            "\"advance_s\": N}, each optional");
    }
    if (freeze) {
        services.clock.freeze(*freeze);
    }
    if (set_ms) {
        services.clock.set(*set_ms);
    }
    services.clock.advance(advance_ms.value_or(0) + advance_s.value_or(0) * 1000);
    reply_clock(services, call);
}

void reply_faults(Services& services, Call& call) {
    const FaultConfig config = services.faults.config();
    util::JsonWriter w;
    w.begin_object()
        .field("rate", config.rate)
        .field("seed", static_cast<std::int64_t>(config.seed))
        .field("latency_ms", config.latency_ms)
        .field("stall_ms", config.stall_ms)
        .key("kinds")
        .begin_array();
    for (const FaultKind kind : config.kinds) {
        w.value(fault_name(kind));
    }
    w.end_array().key("log").begin_array();
    for (const FaultRecord& r : services.faults.log()) {
        w.begin_object()
            .field("sequence", static_cast<std::int64_t>(r.sequence))
            .field("api", r.api)
            .field("method", r.method)
            .field("target", r.target)
            .field("ordinal", static_cast<std::int64_t>(r.ordinal))
            .field("fault", fault_name(r.kind))
            .field("applied", fault_before_handler(r.kind) ? "before" : "after")
            .end_object();
    }
    w.end_array().end_object();
    reply_json(call.res, 200, w.take());
}

void post_faults(Services& services, Call& call) {
    const auto body = body_object(call);
    if (!body) {
        return;
    }
    FaultConfig config = services.faults.config();
    bool bad = false;
    config.rate = get_number(*body, "rate", bad).value_or(config.rate);
    config.seed = static_cast<std::uint64_t>(
        get_int(*body, "seed", bad).value_or(static_cast<std::int64_t>(config.seed)));
    config.latency_ms = get_int(*body, "latency_ms", bad).value_or(config.latency_ms);
    config.stall_ms = get_int(*body, "stall_ms", bad).value_or(config.stall_ms);
    if (auto kinds = get_strings(*body, "kinds", bad)) {
        config.kinds.clear();
        for (const auto& name : *kinds) {
            const auto kind = parse_fault_kind(name);
            bad = bad || !kind;
            config.kinds.push_back(kind.value_or(FaultKind::none));
        }
    }
    if (bad || config.rate < 0 || config.rate > 1 || config.latency_ms < 0 || config.stall_ms < 0) {
        return reply_admin_error(
            call.res, 400,
            "expected {\"rate\": 0..1, \"seed\": N, \"latency_ms\": N, \"stall_ms\": N, "
            "\"kinds\": [\"500\", \"502\", \"reset\", \"stall\", \"truncated\"]}, each optional");
    }
    services.faults.configure(config);
    reply_faults(services, call);
}

void reply_limits(Services& services, Call& call) {
    const std::int64_t now = services.clock.now_ms();
    util::JsonWriter w;
    w.begin_object();
    for (const Module* m : modules()) {
        const char* api = m->name;
        const LimitStatus s = services.limits.status(api, now);
        w.key(api).begin_object();
        if (s.limited) {
            w.field("limit", s.limit)
                .field("used", s.used)
                .field("remaining", s.remaining)
                .field("reset", format_github_time(floor_div(s.reset_ms + 999, 1000)));
        } else {
            w.key("limit").null();
        }
        w.end_object();
    }
    w.end_object();
    reply_json(call.res, 200, w.take());
}

void post_rate_limit(Services& services, Call& call) {
    const auto body = body_object(call);
    if (!body) {
        return;
    }
    bool bad = false;
    const auto api = get_string(*body, "api", bad).value_or("");
    const auto limit = get_int(*body, "limit", bad).value_or(0);
    const auto window_s = get_int(*body, "window_s", bad).value_or(3600);
    if (bad || !is_known_api(api) || window_s < 1) {
        return reply_admin_error(
            call.res, 400,
            "expected {\"api\": " + quoted_module_names() +
                ", \"limit\": N, \"window_s\": S}; a limit of 0 or null restores the default");
    }
    services.limits.configure(api, limit > 0 ? LimitConfig{limit, window_s} : default_limit(api));
    reply_limits(services, call);
}

// The {"api": "github"|"jira"|..., "count": N} body that arms a burst or an echo; nullopt once a
// 400 is sent.
std::optional<std::pair<std::string, std::int64_t>> api_and_count(Call& call) {
    const auto body = body_object(call);
    if (!body) {
        return std::nullopt;
    }
    bool bad = false;
    const auto api = get_string(*body, "api", bad).value_or("");
    const auto count = get_int(*body, "count", bad);
    if (bad || !is_known_api(api) || !count || *count < 0) {
        reply_admin_error(call.res, 400,
                          "expected {\"api\": " + quoted_module_names() + ", \"count\": N}");
        return std::nullopt;
    }
    reply_json(call.res, 200, body->dump());
    return std::pair{api, *count};
}

void post_burst(Services& services, Call& call) {
    if (const auto armed = api_and_count(call)) {
        services.limits.burst(armed->first, armed->second);
    }
}

void post_echo_credentials(Services& services, Call& call) {
    if (const auto armed = api_and_count(call)) {
        services.echoes.arm(armed->first, armed->second);
    }
}

void post_reset(Services& services, Call& call) {
    const auto body = body_object(call);
    if (!body) {
        return;
    }
    bool bad = false;
    const bool seed = get_bool(*body, "seed", bad).value_or(true);
    if (std::string error = services.reset(seed); !error.empty() || bad) {
        return reply_admin_error(call.res, bad ? 400 : 500,
                                 bad ? "expected {\"seed\": bool}" : error);
    }
    reply_json(call.res, 200, "{}");
}

} // namespace

void register_admin(Router& router, Services& services) {
    Services* s = &services;
    router.admin(Method::get, "/_sandbox/health",
                 [](Call& c) { reply_json(c.res, 200, "{\"ok\":true}"); });
    router.admin(Method::post, "/_sandbox/reset", [s](Call& c) { post_reset(*s, c); });
    router.admin(Method::get, "/_sandbox/clock", [s](Call& c) { reply_clock(*s, c); });
    router.admin(Method::post, "/_sandbox/clock", [s](Call& c) { post_clock(*s, c); });
    router.admin(Method::get, "/_sandbox/requests",
                 [s](Call& c) { reply_json(c.res, 200, s->requests.to_json()); });
    router.admin(Method::post, "/_sandbox/requests/reset", [s](Call& c) {
        s->requests.reset();
        reply_json(c.res, 200, "{}");
    });
    router.admin(Method::get, "/_sandbox/faults", [s](Call& c) { reply_faults(*s, c); });
    router.admin(Method::post, "/_sandbox/faults", [s](Call& c) { post_faults(*s, c); });
    router.admin(Method::get, "/_sandbox/rate-limit", [s](Call& c) { reply_limits(*s, c); });
    router.admin(Method::post, "/_sandbox/rate-limit", [s](Call& c) { post_rate_limit(*s, c); });
    router.admin(Method::post, "/_sandbox/burst", [s](Call& c) { post_burst(*s, c); });
    router.admin(Method::post, "/_sandbox/echo-credentials",
                 [s](Call& c) { post_echo_credentials(*s, c); });
}

} // namespace issuebridge::sandbox
