// libFuzzer harness: a config file's text through the config loader, which must refuse what it cannot use with a
// ConfigError ("file:line:column: ...") and never crash or throw anything else.

#include "cli/schemas.hpp"
#include "issuebridge/config/config.hpp"
#include "issuebridge/util/error.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace issuebridge;
    try {
        static_cast<void>(config::parse(fuzz::text(data, size), "fuzz.toml", cli::schemas()));
    } catch (const util::ConfigError&) {
        // refused, as it should be
    }
    return 0;
}
