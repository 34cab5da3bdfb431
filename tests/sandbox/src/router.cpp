#include "router.hpp"

#include "services.hpp"

#include "issuebridge/util/json_writer.hpp"

#include <arpa/inet.h>
#include <filesystem>
#include <memory>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace issuebridge::sandbox {

namespace {

std::string pattern_to_regex(std::string_view pattern) {
    std::string out;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '{') {
            const std::size_t close = pattern.find('}', i);
            // {name+} spans several segments: an id that httplib decodes to one with slashes
            // (GitLab's "group%2Fproject", Asana's external:<uri>).
            out += pattern[close - 1] == '+' ? "(.+)" : "([^/]+)";
            i = close;
        } else if (std::string_view(".+*?()[]|^$\\").find(c) != std::string_view::npos) {
            out += '\\';
            out += c;
        } else {
            out += c;
        }
    }
    return out;
}

std::string_view method_name(Method m) {
    switch (m) {
    case Method::get:
        return "GET";
    case Method::post:
        return "POST";
    case Method::put:
        return "PUT";
    case Method::patch:
        return "PATCH";
    case Method::del:
        return "DELETE";
    }
    return "GET";
}

int port_of(const sockaddr_storage& addr) {
    if (addr.ss_family == AF_INET) {
        return ntohs(reinterpret_cast<const sockaddr_in&>(addr).sin_port);
    }
    if (addr.ss_family == AF_INET6) {
        return ntohs(reinterpret_cast<const sockaddr_in6&>(addr).sin6_port);
    }
    return -1;
}

// httplib does not hand handlers their socket, so find it: the one connected socket in this process
// whose local and peer ports are the request's. Then make close() send a RST and stop both
// directions; httplib's own write of the response fails and it closes the socket.
bool abort_connection(const httplib::Request& req) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
        int fd = -1;
        try {
            fd = std::stoi(entry.path().filename().string());
        } catch (const std::exception&) {
            continue;
        }
        sockaddr_storage local{};
        sockaddr_storage peer{};
        socklen_t local_len = sizeof local;
        socklen_t peer_len = sizeof peer;
        if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0 ||
            getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) {
            continue;
        }
        if (port_of(local) != req.local_port || port_of(peer) != req.remote_port) {
            continue;
        }
        const linger hard{1, 0};
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
        shutdown(fd, SHUT_RDWR);
        return true;
    }
    return false;
}

// Sends the first half of the body, announces all of it, then closes: a truncated response.
void truncate_response(httplib::Response& res) {
    auto body = std::make_shared<std::string>(std::move(res.body));
    res.body.clear();
    const std::string content_type = res.get_header_value("Content-Type");
    res.headers.erase("Content-Type");
    res.headers.erase("Content-Length");
    const std::size_t sent = body->size() / 2;
    res.set_content_provider(
        body->size(), content_type,
        [body, sent](std::size_t offset, std::size_t, httplib::DataSink& sink) {
            if (offset == 0 && sent > 0) {
                sink.write(body->data(), sent);
            }
            return false; // httplib gives up on the connection here
        });
}

void bad_gateway(httplib::Response& res) {
    // What a proxy in front of the API sends: HTML, not the API's JSON.
    res.status = 502;
    res.set_content(
        "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
        "</center></body></html>\n",
        "text/html");
}

// Credentials, budget, then the handler itself.
void respond(Services& services, const ApiProfile& profile, Call& call, const Handler& handler) {
    const std::string_view api = profile.name();
    const std::int64_t now = services.clock.now_ms();
    if (!profile.authenticate(call.req)) {
        profile.unauthorized(call.res);
        profile.decorate(call.res, services.limits.status(api, now));
        return;
    }
    if (services.echoes.take(std::string(api))) {
        // The credential alone, without the scheme word that name-based redaction would spot.
        const std::string authorization = call.req.get_header_value("Authorization");
        const std::string credential = authorization.substr(authorization.find(' ') + 1);
        util::JsonWriter body;
        body.begin_object().field("message", "credential " + credential + " is not valid here");
        body.key("errorMessages")
            .begin_array()
            .value("credential " + credential + " is not valid here");
        body.end_array().end_object();
        return reply_json(call.res, 400, body.take());
    }
    const Admission admission = services.limits.admit(api, now);
    if (admission != Admission::allowed) {
        profile.limited(call.res, admission, services.limits.status(api, now), now);
        return;
    }
    handler(call);
    if (call.res.status == 304 && profile.not_modified_is_free()) {
        services.limits.refund(api, now);
    }
    profile.decorate(call.res, services.limits.status(api, now));
}

// The shared pipeline: fault decision, latency, faults that strike before the handler, credentials,
// budget, the handler, faults that strike after it. Each request is counted before its client can
// see an outcome (even a dropped connection), so a test that reads the counts next sees it.
void run_api(Services& services, const ApiProfile& profile, const std::string& route, Call& call,
             const Handler& handler) {
    const std::string api(profile.name());
    const FaultKind fault =
        services.faults.decide(api, call.req.method, call.req.target, call.req.body);
    const FaultConfig config = services.faults.config();
    if (config.latency_ms > 0) {
        services.lifetime.wait_for(config.latency_ms);
    }
    const auto record = [&](const std::string& outcome) {
        services.requests.record(api, route, outcome);
    };
    switch (fault) {
    case FaultKind::server_error:
        profile.server_error(call.res);
        break;
    case FaultKind::bad_gateway:
        bad_gateway(call.res);
        break;
    case FaultKind::reset:
        record("reset");
        abort_connection(call.req);
        return;
    default:
        respond(services, profile, call, handler);
        break;
    }
    if (fault == FaultKind::stall) {
        services.lifetime.wait_for(config.stall_ms);
        record("stall");
        abort_connection(call.req);
    } else if (fault == FaultKind::truncated) {
        record("truncated");
        if (call.res.body.empty()) {
            abort_connection(
                call.req); // nothing to cut short (204, 304): the connection drops instead
        } else {
            truncate_response(call.res);
        }
    } else {
        record(std::to_string(call.res.status));
    }
}

} // namespace

std::string Call::origin() const {
    std::string host = req.get_header_value("Host");
    if (host.empty()) {
        host = req.local_addr + ":" + std::to_string(req.local_port);
    }
    return (req.ssl != nullptr ? "https://" : "http://") + host;
}

void ApiProfile::decorate(httplib::Response&, const LimitStatus&) const {}

void reply_json(httplib::Response& res, int status, std::string body,
                std::string_view content_type) {
    res.status = status;
    res.body = std::move(body);
    res.headers.erase("Content-Type");
    res.set_header("Content-Type", std::string(content_type));
}

void reply_admin_error(httplib::Response& res, int status, std::string_view message) {
    util::JsonWriter w;
    w.begin_object().field("error", message).end_object();
    reply_json(res, status, w.take());
}

void Router::add(Method method, const std::string& regex, httplib::Server::Handler handler) {
    switch (method) {
    case Method::get:
        m_server.Get(regex, std::move(handler));
        break;
    case Method::post:
        m_server.Post(regex, std::move(handler));
        break;
    case Method::put:
        m_server.Put(regex, std::move(handler));
        break;
    case Method::patch:
        m_server.Patch(regex, std::move(handler));
        break;
    case Method::del:
        m_server.Delete(regex, std::move(handler));
        break;
    }
}

void Router::api(const ApiProfile& profile, Method method, std::string_view prefix,
                 std::string_view pattern, Handler handler) {
    const std::string route =
        std::string(method_name(method)) + " " + std::string(prefix) + std::string(pattern);
    const std::string prefix_copy(prefix);
    add(method, pattern_to_regex(std::string(prefix) + std::string(pattern)),
        [services = &m_services, &profile, route, prefix_copy,
         handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
            Call call{req, res, prefix_copy};
            run_api(*services, profile, route, call, handler);
        });
}

void Router::api_fallback(const ApiProfile& profile, std::string_view prefix) {
    for (const Method m : {Method::get, Method::post, Method::put, Method::patch, Method::del}) {
        const std::string route = std::string(method_name(m)) + " " + std::string(prefix) + "/*";
        add(m, pattern_to_regex(prefix) + "(/.*)?",
            [services = &m_services, &profile, route](const httplib::Request& req,
                                                      httplib::Response& res) {
                Call call{req, res, ""};
                run_api(*services, profile, route, call,
                        [&profile](Call& c) { profile.not_found(c.res); });
            });
    }
}

void Router::admin(Method method, std::string_view pattern, Handler handler) {
    add(method, pattern_to_regex(pattern),
        [handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
            Call call{req, res, ""};
            handler(call);
        });
}

} // namespace issuebridge::sandbox
