// issuebridge-sandbox: prints its port, serves until SIGTERM or SIGINT, exits 0.

#include "options.hpp"
#include "sandbox.hpp"

#include <csignal>
#include <cstdio>
#include <exception>
#include <pthread.h>
#include <thread>

int main(int argc, char** argv) {
    using namespace issuebridge::sandbox;
    int exit_code = 0;
    const auto options = parse_options(argc, argv, exit_code);
    if (!options) {
        return exit_code;
    }
    // A shell starts background jobs with SIGINT ignored, and an ignored signal never reaches
    // sigwait: restore the default first. Every thread inherits the mask, so the signals reach only
    // the sigwait below.
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    try {
        Sandbox sandbox(*options);
        const int port = sandbox.bind();
        std::thread server([&sandbox] { sandbox.serve(); });
        sandbox.wait_until_serving();
        std::printf("%d\n", port);
        std::fflush(stdout);
        int signal = 0;
        sigwait(&stop_signals, &signal);
        sandbox.stop();
        server.join();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "issuebridge-sandbox: error: %s\n", e.what());
        return 1;
    }
    return 0;
}
