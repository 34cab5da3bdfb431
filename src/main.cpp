// issuebridge: parse the command line, run one command, map what went wrong to an exit code.

#include "issuebridge/cli/app.hpp"
#include "issuebridge/util/error.hpp"

#include <exception>

int main(int argc, char** argv) {
    using namespace issuebridge;
    try {
        return cli::run(argc, argv);
    } catch (const util::Error& e) {
        cli::print_error(e.what(), e.hint());
        return static_cast<int>(e.exit_code());
    } catch (const std::exception& e) {
        cli::print_error(std::string("internal error: ") + e.what(), "please report this with the command you ran");
        return static_cast<int>(util::ExitCode::items_failed);
    }
}
