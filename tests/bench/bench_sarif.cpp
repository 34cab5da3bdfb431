// LGTM's SARIF alert logs through the source's streaming parser (issue 17). Prints figures; asserts nothing.
//
//   bench_sarif [--items 50000]
//
// Builds a SARIF 2.1.0 log of N results in memory (as LGTM's getAlerts gives it), then parses it with
// sources::lgtm::parse_sarif, counting the alerts without keeping them: the log's size, the parse's wall time, and
// the process's peak RSS before and after (the log itself included).

#include "sources/lgtm/lgtm.hpp"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

double peak_mib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0; // KiB on Linux
}

std::string log_of(long items) {
    std::string out;
    out.reserve(static_cast<std::size_t>(items) * 400 + 4096); // one allocation, room for simdjson's padding
    out += R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":"LGTM","rules":[)";
    for (int r = 0; r < 6; ++r) {
        out += (r ? "," : "") + std::string(R"({"id":"py/rule-)") + std::to_string(r) +
               R"(","shortDescription":{"text":"Rule )" + std::to_string(r) +
               R"("},"helpUri":"https://lgtm.example.com/rules/)" + std::to_string(r) +
               R"(","defaultConfiguration":{"level":"warning"}})";
    }
    out += R"(]}},"results":[)";
    for (long i = 0; i < items; ++i) {
        const std::string n = std::to_string(i);
        out += (i ? "," : "") + std::string(R"({"ruleId":"py/rule-)") + std::to_string(i % 6) + R"(","ruleIndex":)" +
               std::to_string(i % 6) + R"(,"level":"error","message":{"text":"Finding )" + n +
               R"( depends on a user-provided value."},"locations":[{"physicalLocation":{"artifactLocation":)" +
               R"({"uri":"src/module)" + std::to_string(i % 400) + R"(/file.py","uriBaseId":"%SRCROOT%"},)" +
               R"("region":{"startLine":)" + std::to_string(i % 900 + 1) +
               R"(}}}],"partialFingerprints":{"alertKey":"k)" + n +
               R"(=","primaryLocationLineHash":"0123456789abcdef"}})";
    }
    out += "]}]}";
    return out;
}

} // namespace

int main(int argc, char** argv) {
    long items = 50000;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--items") == 0) {
            items = std::stol(argv[i + 1]);
        }
    }
    std::string log = log_of(items);
    const double log_mib = static_cast<double>(log.size()) / (1024.0 * 1024.0);
    const double before = peak_mib();
    std::size_t alerts = 0;
    std::size_t failed = 0;
    const auto start = std::chrono::steady_clock::now();
    const auto count = issuebridge::sources::lgtm::parse_sarif(
        std::move(log), {"lgtm.example.com", "g/o/r", "1", "c0ffee", "https://lgtm.example.com/projects/g/o/r", ""},
        [&](issuebridge::sources::lgtm::ParsedItem item) { item.ok() ? ++alerts : ++failed; });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("sarif: %ld results, log %.1f MiB: parsed %zu alerts (%zu failed, %s) in %.2f s\n", items, log_mib,
                alerts, failed, count.ok() ? "ok" : count.failure().message.c_str(), seconds);
    std::printf("peak RSS: %.1f MiB with the log built, %.1f MiB after parsing\n", before, peak_mib());
    return 0;
}
