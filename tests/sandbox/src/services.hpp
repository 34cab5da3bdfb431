#pragma once
// Everything the routes share: the state behind one mutex, the clock, faults, budgets and request
// counts. The core names no tracker: each module (module.hpp) keeps its data in a slot of State.

#include "clock.hpp"
#include "faults.hpp"
#include "json.hpp"
#include "limits.hpp"
#include "options.hpp"
#include "request_log.hpp"

#include <any>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <typeindex>

namespace issuebridge::sandbox {

// The emulated services' data: one slot per module, keyed by the module's data type (GitHubData,
// JiraData), filled by each module's fresh() hook.
class State {
public:
    // The module's data; the slot must have been filled by put().
    template <typename T> T& get() {
        return *std::any_cast<T>(&m_slots.at(std::type_index(typeid(T))));
    }
    template <typename T> void put(T value) {
        m_slots[std::type_index(typeid(T))] = std::move(value);
    }

private:
    std::map<std::type_index, std::any> m_slots;
};

// The emulated services' data. Every handler reads and writes it inside with(), so concurrent
// requests see each change whole.
class Store {
public:
    template <typename F> decltype(auto) with(F&& f) {
        std::lock_guard lock(m_mutex);
        return f(m_state);
    }

private:
    std::mutex m_mutex;
    State m_state;
};

// Answers that echo the request's credentials in an error body, as a careless server or proxy does
// (POST /_sandbox/echo-credentials): the client must show them nowhere.
class CredentialEchoes {
public:
    void arm(const std::string& api, std::int64_t count) {
        std::lock_guard lock(m_mutex);
        m_left[api] = count;
    }
    // True, once per armed count, for the next authenticated requests to `api`.
    bool take(const std::string& api) {
        std::lock_guard lock(m_mutex);
        auto it = m_left.find(api);
        return it != m_left.end() && it->second > 0 && it->second-- > 0;
    }
    void reset() {
        std::lock_guard lock(m_mutex);
        m_left.clear();
    }

private:
    std::mutex m_mutex;
    std::map<std::string, std::int64_t> m_left;
};

struct Services {
    Services(Options opts, std::optional<Json> seed_json);

    // Back to the startup state: the seed (unless `load_seed` is false), no request counts, no
    // fault log, the command line's faults and budgets, real time. Returns an error message or "".
    std::string reset(bool load_seed);

    const Options options;
    const std::optional<Json> seed;
    Clock clock;
    Store store;
    Faults faults;
    RateLimits limits;
    RequestLog requests;
    CredentialEchoes echoes;
    Lifetime lifetime;
};

// Loads a seed file's content (README.md, "Seed file") into `state`. Returns an error message or
// "".
std::string apply_seed(const Json& seed, State& state, std::int64_t now_s);

} // namespace issuebridge::sandbox
