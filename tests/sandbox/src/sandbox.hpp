#pragma once
// The sandbox server: services, routes of every emulated API, and the HTTP listener.

#include "router.hpp"
#include "services.hpp"

#include <httplib.h>

#include <functional>
#include <memory>
#include <vector>

namespace issuebridge::sandbox {

// Debian's cpp-httplib listens with a backlog of 5: a burst of concurrent clients overflows it, and
// requests then get lost on SYN-cookie connections. A listening socket takes a new backlog from a
// second listen().
template <typename Base> class ListenServer : public Base {
public:
    using Base::Base;
    void widen_backlog() { ::listen(this->svr_sock_, SOMAXCONN); }
};

class Sandbox {
public:
    // Loads the seed file; throws std::runtime_error when it cannot be read or is invalid.
    explicit Sandbox(const Options& options);
    // Binds the listening socket and returns its port; throws when it cannot.
    int bind();
    // Serves until stop(); call from a thread of its own.
    void serve();
    // Returns once serve() accepts connections, so that a stop() right after cannot be missed.
    void wait_until_serving() const;
    // Ends waits (latency, stalls) and the listener; serve() then returns.
    void stop();

private:
    Services m_services;
    std::function<void()>
        m_widen_backlog; // set by the server's construction, so declared before it
    std::unique_ptr<httplib::Server> m_server; // HTTPS with --tls-cert, else HTTP
    std::vector<std::unique_ptr<ApiProfile>> m_profiles;
};

} // namespace issuebridge::sandbox
