#pragma once
// Result<T>: the outcome of an operation whose failures are expected (a remote call's 404, 429, timeout, bad body).
// Either a value or a Failure; no exceptions, no monad library.

#include <string>
#include <utility>
#include <variant>

namespace issuebridge::util {

struct Failure {
    enum class Kind {
        transport,   // connection refused, reset, DNS, TLS
        timeout,     // connect or total timeout, stalled transfer
        http,        // the server answered with an error status
        parse,       // the body is not what the API description says; `message` names the field
        rate_limit,  // the server asked us to wait longer than we may
        auth,        // 401, or 403 that is not a rate limit
        interrupted, // the run is stopping: this request was not sent, or its last attempt provably did nothing
        config,      // the server says a setting is wrong (an unknown repository, project or issue type): retrying
                     // cannot help, fixing the config does; `message` says what to check
        other,
    };
    Kind kind = Kind::other;
    std::string message;      // lowercase, no secrets (URLs are redacted before they get here)
    int status = 0;           // HTTP status when kind is http/auth/rate_limit, else 0
    std::string subject = {}; // the one item of many that failed, when known: a source item's external id
};

const char* to_string(Failure::Kind kind) noexcept;

template <typename T> class [[nodiscard]] Result {
public:
    Result(T value) : m_v(std::move(value)) {}           // NOLINT: implicit by design
    Result(Failure failure) : m_v(std::move(failure)) {} // NOLINT: implicit by design

    bool ok() const noexcept { return m_v.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    T& value() & { return std::get<0>(m_v); }
    const T& value() const& { return std::get<0>(m_v); }
    T&& value() && { return std::get<0>(std::move(m_v)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Failure& failure() const& { return std::get<1>(m_v); }
    Failure&& failure() && { return std::get<1>(std::move(m_v)); }

private:
    std::variant<T, Failure> m_v;
};

// For operations that return nothing on success.
struct Unit {};

} // namespace issuebridge::util
