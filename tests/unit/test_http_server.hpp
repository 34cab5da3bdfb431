#pragma once
// Local servers for the HTTP layer's tests, on 127.0.0.1 at ports of their own: a scripted cpp-httplib server,
// and a raw TCP server for faults httplib cannot produce (resets, truncated bodies, stalls, refused connections).

#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

namespace issuebridge::testing {

inline std::string local_url(int port, std::string_view path) {
    return "http://127.0.0.1:" + std::to_string(port) + std::string(path);
}

// Register handlers on server(), then start(); stops and joins on destruction.
class HttpServer {
public:
    HttpServer() {
        m_server.new_task_queue = [] { return new httplib::ThreadPool(64); };
        m_server.set_keep_alive_max_count(100'000);
        m_server.set_tcp_nodelay(true);
        m_server.set_socket_options([this](socket_t sock) {
            httplib::default_socket_options(sock);
            if (m_listen_fd < 0) {
                m_listen_fd = sock;
            }
        });
    }
    ~HttpServer() {
        if (m_thread.joinable()) {
            while (!m_server.is_running()) { // stop() before the loop runs would leave it running
                std::this_thread::yield();
            }
            m_server.stop();
            m_thread.join();
        }
    }
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    httplib::Server& server() { return m_server; }
    void start() {
        m_port = m_server.bind_to_any_port("127.0.0.1");
        if (m_port <= 0) {
            throw std::runtime_error("cannot bind a test server");
        }
        // httplib 0.11 listens with a backlog of 5: a burst of connections would wait a second for SYN retries.
        ::listen(m_listen_fd, 256);
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
    }
    std::string url(std::string_view path) const { return local_url(m_port, path); }

private:
    httplib::Server m_server;
    std::thread m_thread;
    int m_port = 0;
    socket_t m_listen_fd = -1;
};

// Writes all of `data` to `fd`, ignoring errors (the peer may be gone, which some tests intend).
inline void write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n <= 0) {
            return;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

// Closing after this sends RST instead of FIN.
inline void arm_reset(int fd) {
    const linger l{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
}

// A TCP socket bound to 127.0.0.1 at once (so its port refuses connections until listen()), serving each
// accepted connection with `handler(fd, connection_number)` on its own thread, one connection at a time.
class RawServer {
public:
    using Handler = std::function<void(int fd, int connection)>;

    explicit RawServer(Handler handler, bool listening = true) : m_handler(std::move(handler)) {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (m_fd < 0 || ::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
            ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
            throw std::runtime_error("cannot bind a raw test server");
        }
        m_port = ntohs(addr.sin_port);
        if (listening) {
            listen();
        }
    }
    ~RawServer() {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_stop.notify_all();
        ::shutdown(m_fd, SHUT_RDWR); // wakes accept()
        if (m_thread.joinable()) {
            m_thread.join();
        }
        ::close(m_fd);
    }
    RawServer(const RawServer&) = delete;
    RawServer& operator=(const RawServer&) = delete;

    // Starts accepting; connections before this are refused.
    void listen() {
        ::listen(m_fd, 16);
        m_thread = std::thread([this] { accept_loop(); });
    }
    std::string url(std::string_view path) const { return local_url(m_port, path); }
    int connections() const { return m_connections.load(); }
    // For handlers that stall: returns when the server is being destroyed or after `limit`.
    void wait_for_stop(std::chrono::milliseconds limit) {
        std::unique_lock lock(m_mutex);
        m_stop.wait_for(lock, limit, [this] { return m_stopping; });
    }

    // Reads one request's head and its Content-Length body; returns the head.
    static std::string read_request(int fd) {
        std::string data;
        char buffer[4096];
        std::size_t head_end = std::string::npos;
        while (head_end == std::string::npos) {
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0) {
                return data;
            }
            data.append(buffer, static_cast<std::size_t>(n));
            head_end = data.find("\r\n\r\n");
        }
        std::size_t length = 0;
        if (const auto at = data.find("Content-Length: "); at != std::string::npos && at < head_end) {
            length = std::stoul(data.substr(at + 16));
        }
        while (data.size() < head_end + 4 + length) {
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0) {
                break;
            }
            data.append(buffer, static_cast<std::size_t>(n));
        }
        return data.substr(0, head_end);
    }

private:
    void accept_loop() {
        while (true) {
            const int fd = ::accept(m_fd, nullptr, nullptr);
            if (fd < 0) {
                return;
            }
            m_handler(fd, m_connections++);
            ::close(fd);
        }
    }

    Handler m_handler;
    int m_fd = -1;
    int m_port = 0;
    std::thread m_thread;
    std::atomic<int> m_connections{0};
    std::mutex m_mutex;
    std::condition_variable m_stop;
    bool m_stopping = false;
};

// A FILE* that collects what is written to it, for checking log lines.
class MemoryLog {
public:
    MemoryLog() : m_file(::open_memstream(&m_data, &m_size)) {}
    ~MemoryLog() {
        std::fclose(m_file);
        std::free(m_data);
    }
    MemoryLog(const MemoryLog&) = delete;
    MemoryLog& operator=(const MemoryLog&) = delete;

    std::FILE* file() const { return m_file; }
    std::string text() {
        std::fflush(m_file);
        return std::string(m_data, m_size);
    }

private:
    char* m_data = nullptr;
    std::size_t m_size = 0;
    std::FILE* m_file;
};

} // namespace issuebridge::testing
