#pragma once
// Counts API requests by API, "METHOD route-template" and outcome, for GET /_sandbox/requests.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace issuebridge::sandbox {

class RequestLog {
public:
    // `outcome` is the status code ("200") or the injected fault that replaced the answer
    // ("reset").
    void record(const std::string& api, const std::string& route, const std::string& outcome);
    // {"github": {"GET /repos/{owner}/{repo}/issues": {"count": 3, "by_status": {"200": 2, "304":
    // 1}}}, ...}
    std::string to_json() const;
    void reset();

private:
    struct Counts {
        std::int64_t count = 0;
        std::map<std::string, std::int64_t> by_status;
    };
    mutable std::mutex m_mutex;
    std::map<std::string, std::map<std::string, Counts>> m_counts;
};

} // namespace issuebridge::sandbox
