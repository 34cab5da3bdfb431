// issuebridge: parse the command line, run one command, map what went wrong to an exit code.

#include "issuebridge/cli/app.hpp"
#include "issuebridge/util/error.hpp"

#include <exception>

int main(int argc, char** argv) {
    using namespace issuebridge;
    const bool json = cli::given(argc, argv, "--json");
    cli::choose_colour(cli::given(argc, argv, "--no-color"));
    try {
        return cli::run(argc, argv);
    } catch (const util::Error& e) {
        return cli::report_fatal(e, json);
    } catch (const std::exception& e) {
        return cli::report_fatal(
            util::Error(std::string("internal error: ") + e.what(), "please report this with the command you ran"),
            json);
    }
}
