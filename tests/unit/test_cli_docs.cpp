// The man pages and the completion scripts must match the binary's command line: every command and flag the CLI
// defines appears in each of them, so they cannot drift apart.

#include "issuebridge/cli/app.hpp"
#include "issuebridge/config/config.hpp"

#include "support/process.hpp"
#include "support/tempdir.hpp"

#include <doctest/doctest.h>

#include <regex>

using namespace issuebridge;

namespace {

struct Surface {
    std::vector<std::string> commands; // "sync", "config check", ...
    std::vector<std::string> flags;    // "--dry-run", "-v", ...
};

void walk(const CLI::App& app, const std::string& prefix, Surface& out) {
    for (const auto* opt : app.get_options()) {
        for (const auto& l : opt->get_lnames()) {
            out.flags.push_back("--" + l);
        }
        for (const auto& s : opt->get_snames()) {
            out.flags.push_back("-" + s);
        }
    }
    for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        const std::string name = prefix.empty() ? sub->get_name() : prefix + " " + sub->get_name();
        out.commands.push_back(name);
        walk(*sub, name, out);
    }
}

Surface surface() {
    cli::Invocation inv;
    const auto app = cli::make_app(inv);
    Surface s;
    walk(*app, "", s);
    return s;
}

std::string doc(const std::string& relative) {
    return testing::read_file(std::filesystem::path(ISSUEBRIDGE_SOURCE_DIR) / relative);
}

// roff writes a literal hyphen as "\-"; undo that and font escapes so flags can be searched as typed.
std::string man_text(const std::string& relative) {
    std::string text = doc(relative);
    text = std::regex_replace(text, std::regex(R"(\\-)"), "-");
    text = std::regex_replace(text, std::regex(R"(\\f[BIRP])"), "");
    return text;
}

bool has_word(const std::string& text, const std::string& word) {
    return std::regex_search(text, std::regex("(^|[^A-Za-z0-9-])" + std::regex_replace(word, std::regex(R"([-.])"), R"(\$&)") +
                                                  "($|[^A-Za-z0-9-])"));
}

const char* const k_completions[] = {"completions/issuebridge.bash", "completions/_issuebridge",
                                     "completions/issuebridge.fish"};

} // namespace

TEST_SUITE_BEGIN("cli.docs");

TEST_CASE("the CLI has the surface the docs are checked against") {
    const auto s = surface();
    CHECK(s.commands.size() == 9);
    CHECK(std::find(s.flags.begin(), s.flags.end(), "--max-writes") != s.flags.end());
}

TEST_CASE("every command and flag is in the man page") {
    const std::string man = man_text("man/issuebridge.1");
    const auto s = surface();
    for (const auto& command : s.commands) {
        CAPTURE(command);
        CHECK(man.find(command) != std::string::npos);
    }
    for (const auto& flag : s.flags) {
        CAPTURE(flag);
        CHECK(has_word(man, flag));
    }
}

TEST_CASE("every command and flag is in each completion script") {
    const auto s = surface();
    for (const char* file : k_completions) {
        CAPTURE(file);
        const std::string text = doc(file);
        for (const auto& command : s.commands) {
            const std::string last = command.substr(command.rfind(' ') + 1);
            CAPTURE(command);
            CHECK(has_word(text, last));
        }
        for (const auto& flag : s.flags) {
            CAPTURE(flag);
            // fish and zsh spell short and long flags in their own syntax ("-s v -l verbose", "{-v,--verbose}").
            const std::string bare = flag.substr(flag.find_first_not_of('-'));
            const bool fish = std::string(file).ends_with(".fish");
            CHECK((has_word(text, flag) ||
                   (fish && (has_word(text, "-l " + bare) || has_word(text, "-s " + bare)))));
        }
    }
}

TEST_CASE("every adapter type and config key is in the man pages") {
    const std::string man1 = man_text("man/issuebridge.1");
    const std::string man5 = man_text("man/issuebridge.toml.5");
    for (const auto& types : {config::source_types(), config::target_types()}) {
        for (const auto& type : types) {
            CAPTURE(type);
            CHECK(has_word(man1, type));
            CHECK(has_word(man5, type));
        }
    }
    for (const char* key :
         {"path", "kinds", "concurrency", "type", "base_url", "token_env", "ca_file", "rate_limit", "api_version", "user",
          "user_env", "project", "issue_type", "close_transition", "reopen_transition", "workspace", "key_env", "board",
          "list", "done_list", "search_lag", "name", "source", "target", "repos", "labels_any", "labels_none", "states",
          "authors_none", "title", "body", "labels", "assignees"}) {
        CAPTURE(key);
        CHECK(has_word(man5, key));
    }
}

TEST_CASE("the completion scripts are valid for their shells") {
    using testing::run;
    CHECK(run({"bash", "-n", std::string(ISSUEBRIDGE_SOURCE_DIR) + "/completions/issuebridge.bash"}).exit_code == 0);
    CHECK(run({"zsh", "-n", std::string(ISSUEBRIDGE_SOURCE_DIR) + "/completions/_issuebridge"}).exit_code == 0);
    CHECK(run({"fish", "--no-execute", std::string(ISSUEBRIDGE_SOURCE_DIR) + "/completions/issuebridge.fish"}).exit_code ==
          0);
}

TEST_CASE("the man pages render without warnings") {
    for (const char* page : {"man/issuebridge.1", "man/issuebridge.toml.5"}) {
        CAPTURE(page);
        const auto r = testing::run({"groff", "-man", "-ww", "-z", std::string(ISSUEBRIDGE_SOURCE_DIR) + "/" + page});
        CHECK(r.exit_code == 0);
        CHECK(r.err == "");
    }
}

TEST_SUITE_END();
