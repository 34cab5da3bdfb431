#include "sandbox.hpp"

#include "apis.hpp"
#include "module.hpp"

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <thread>

namespace issuebridge::sandbox {

namespace {

constexpr std::size_t k_threads = 64;

std::optional<Json> load_seed(const std::string& path) {
    if (path.empty()) {
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read seed file '" + path + "'");
    }
    std::ostringstream text;
    text << in.rdbuf();
    auto seed = Json::parse(text.str());
    if (!seed) {
        throw std::runtime_error("seed file '" + path + "' is not valid JSON");
    }
    return seed;
}

template <typename Base, typename... Args>
std::unique_ptr<httplib::Server> listen_server(std::function<void()>& widen_backlog, Args... args) {
    auto server = std::make_unique<ListenServer<Base>>(args...);
    widen_backlog = [s = server.get()] { s->widen_backlog(); };
    return server;
}

std::unique_ptr<httplib::Server> make_server(const Options& o,
                                             std::function<void()>& widen_backlog) {
    if (o.tls_cert.empty()) {
        return listen_server<httplib::Server>(widen_backlog);
    }
    auto server =
        listen_server<httplib::SSLServer>(widen_backlog, o.tls_cert.c_str(), o.tls_key.c_str());
    if (!server->is_valid()) {
        throw std::runtime_error("cannot use the certificate '" + o.tls_cert + "' and key '" +
                                 o.tls_key + "'");
    }
    return server;
}

} // namespace

Sandbox::Sandbox(const Options& options)
    : m_services(options, load_seed(options.seed_path)),
      m_server(make_server(options, m_widen_backlog)) {
    if (std::string error = m_services.reset(true); !error.empty()) {
        throw std::runtime_error("seed file '" + options.seed_path + "': " + error);
    }
    m_server->new_task_queue = [] { return new httplib::ThreadPool(k_threads); };
    // Without it, a small answer on a kept-alive connection can wait 40 ms for the client's delayed
    // ACK (Nagle), which would swamp --latency-ms and every benchmark built on it.
    m_server->set_tcp_nodelay(true);
    m_server->set_keep_alive_max_count(1000);
    m_server->set_payload_max_length(64 * 1024 * 1024);
    const httplib::Server::HandlerWithResponse on_error = [](const httplib::Request& req,
                                                             httplib::Response& res) {
        // Only paths no API claims end up here without a body.
        if (!res.body.empty() || res.status != 404) {
            return httplib::Server::HandlerResponse::Unhandled;
        }
        reply_admin_error(res, 404, "no route for " + req.method + " " + req.path);
        return httplib::Server::HandlerResponse::Handled;
    };
    m_server->set_error_handler(on_error);
    Router router(*m_server, m_services);
    for (const Module* m : modules()) {
        m_profiles.push_back(m->register_api(router, m_services));
    }
    for (const Module* m : modules()) {
        m->register_admin(router, m_services);
    }
    register_admin(router, m_services);
}

int Sandbox::bind() {
    const Options& o = m_services.options;
    int port = o.port;
    if (port == 0) {
        port = m_server->bind_to_any_port(o.host);
    } else if (!m_server->bind_to_port(o.host, port)) {
        port = -1;
    }
    if (port <= 0) {
        throw std::runtime_error("cannot listen on " + o.host + ":" + std::to_string(o.port));
    }
    m_widen_backlog();
    return port;
}

void Sandbox::serve() { m_server->listen_after_bind(); }

void Sandbox::wait_until_serving() const {
    // httplib's stop() does nothing before its accept loop runs, and it offers no readiness signal
    // but this flag.
    for (int i = 0; i < 10000 && !m_server->is_running(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

void Sandbox::stop() {
    m_services.lifetime.stop();
    m_server->stop();
}

} // namespace issuebridge::sandbox
