// The man pages and the completion scripts must match the binary's command line: every command and flag the CLI
// defines appears in each of them, so they cannot drift apart.

#include "issuebridge/cli/app.hpp"
#include "issuebridge/config/config.hpp"
#include "issuebridge/model/template.hpp"
#include "issuebridge/sources/registry.hpp"
#include "issuebridge/targets/registry.hpp"

#include "support/process.hpp"
#include "support/tempdir.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <sstream>

using namespace issuebridge;

namespace {

struct Surface {
    std::vector<std::string> commands; // "sync", "config check", ...
    std::vector<std::string> flags;    // "--dry-run", "-v", ...
    // The flags of each command ("" for the global ones).
    std::map<std::string, std::vector<std::string>> flags_of;
};

void walk(const CLI::App& app, const std::string& prefix, Surface& out) {
    for (const auto* opt : app.get_options()) {
        if (!prefix.empty() && opt == app.get_help_ptr()) {
            continue; // every command's -h is the global one
        }
        for (const auto& l : opt->get_lnames()) {
            out.flags.push_back("--" + l);
            out.flags_of[prefix].push_back("--" + l);
        }
        for (const auto& s : opt->get_snames()) {
            out.flags.push_back("-" + s);
            out.flags_of[prefix].push_back("-" + s);
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
    return std::regex_search(text, std::regex("(^|[^A-Za-z0-9-])" +
                                              std::regex_replace(word, std::regex(R"([-.])"), R"(\$&)") +
                                              "($|[^A-Za-z0-9-])"));
}

const char* const k_completions[] = {"completions/issuebridge.bash", "completions/_issuebridge",
                                     "completions/issuebridge.fish"};

// Where a completion script deals with the command whose last word is `word`: every line naming it, and (zsh's
// case arms) every block from "word)" to ";;".
std::vector<std::string> completion_units(const std::string& text, const std::string& word) {
    std::vector<std::string> units;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        if (has_word(line, word)) {
            units.push_back(line);
        }
    }
    for (auto at = text.find(word + ")"); at != std::string::npos; at = text.find(word + ")", at + 1)) {
        units.push_back(text.substr(at, text.find(";;", at) - at));
    }
    return units;
}

// The man page's entry for `command` in COMMANDS: from its heading to the next command's.
std::string man_entry(const std::string& man, const std::string& command, const std::vector<std::string>& commands) {
    const auto heading = [&](const std::string& c) {
        std::smatch m;
        return std::regex_search(man, m, std::regex("\\n\\.TP\\n(\\.B )?" + c + "( |\\n)")) ? m.position(0) : -1L;
    };
    const long start = heading(command);
    if (start < 0) {
        return "";
    }
    long end = static_cast<long>(man.find("\n.SH", static_cast<std::size_t>(start)));
    for (const auto& other : commands) {
        const long at = heading(other);
        if (at > start && at < end) {
            end = at;
        }
    }
    return man.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start));
}

} // namespace

TEST_SUITE_BEGIN("cli.docs");

TEST_CASE("the CLI has the surface the docs are checked against") {
    const auto s = surface();
    CHECK(s.commands.size() == 9);
    CHECK(std::find(s.flags.begin(), s.flags.end(), "--max-writes") != s.flags.end());
}

TEST_CASE("every command is in the man page, and each flag in its command's entry") {
    const std::string man = man_text("man/issuebridge.1");
    const auto s = surface();
    for (const auto& [command, flags] : s.flags_of) {
        CAPTURE(command);
        const std::string entry = command.empty() ? man : man_entry(man, command, s.commands);
        CHECK_FALSE(entry.empty());
        for (const auto& flag : flags) {
            CAPTURE(flag);
            CHECK(has_word(entry, flag));
        }
    }
    for (const auto& command : s.commands) {
        CAPTURE(command);
        CHECK(man.find(command) != std::string::npos);
    }
}

TEST_CASE("every command is in each completion script, and each flag where its command is completed") {
    const auto s = surface();
    for (const char* file : k_completions) {
        CAPTURE(file);
        const std::string text = doc(file);
        const bool fish = std::string(file).ends_with(".fish");
        for (const auto& command : s.commands) {
            CAPTURE(command);
            CHECK(has_word(text, command.substr(command.rfind(' ') + 1)));
        }
        for (const auto& [command, flags] : s.flags_of) {
            CAPTURE(command);
            const auto units = command.empty() ? std::vector<std::string>{text}
                                               : completion_units(text, command.substr(command.rfind(' ') + 1));
            for (const auto& flag : flags) {
                CAPTURE(flag);
                // fish and zsh spell short and long flags in their own syntax ("-s v -l verbose", "{-v,--verbose}").
                const std::string bare = flag.substr(flag.find_first_not_of('-'));
                CHECK(std::any_of(units.begin(), units.end(), [&](const std::string& unit) {
                    return has_word(unit, flag) ||
                           (fish && (has_word(unit, "-l " + bare) || has_word(unit, "-s " + bare)));
                }));
            }
        }
    }
}

TEST_CASE("the help's description lists this build's adapter types from the rows") {
    cli::Invocation inv;
    const auto app = cli::make_app(inv);
    const std::string about = app->get_description();
    CHECK(about.starts_with("issuebridge keeps work trackers in step with code hosts."));
    std::vector<std::string> sources;
    std::vector<std::string> targets;
    for (const auto& row : sources::rows()) {
        sources.push_back(row.schema.type);
    }
    for (const auto& row : targets::rows()) {
        targets.push_back(row.schema.type);
    }
    const auto listed = [](const std::vector<std::string>& types) {
        std::string out;
        for (const auto& type : types) {
            out += (out.empty() ? "" : ", ") + type;
        }
        return out;
    };
    CHECK(about.find("sources: " + listed(sources) + "; targets: " + listed(targets) + ".") != std::string::npos);
}

TEST_CASE("every adapter type and config key is in the man pages") {
    const std::string man1 = man_text("man/issuebridge.1");
    const std::string man5 = man_text("man/issuebridge.toml.5");
    std::vector<std::string> types;
    std::vector<std::string> keys = {"path",       "kinds",       "concurrency", "type",         "base_url", "ca_file",
                                     "rate_limit", "search_lag",  "name",        "source",       "target",   "repos",
                                     "labels_any", "labels_none", "states",      "authors_none", "title",    "body",
                                     "labels",     "assignees",   "label_colors"};
    for (const auto& row : sources::rows()) {
        types.push_back(row.schema.type);
        for (const auto& setting : row.schema.settings) {
            keys.push_back(setting.key);
        }
        for (const auto& [word, meaning] : row.schema.states) {
            keys.push_back(word);
        }
        for (const auto& field : row.schema.template_fields) {
            keys.push_back(field);
        }
    }
    for (const auto& field : model::template_fields()) {
        keys.push_back(field);
    }
    for (const auto& row : targets::rows()) {
        types.push_back(row.schema.type);
        for (const auto& setting : row.schema.settings) {
            keys.push_back(setting.key);
        }
    }
    for (const auto& type : types) {
        CAPTURE(type);
        CHECK(has_word(man1, type));
        CHECK(has_word(man5, type));
    }
    // Every row's setting key (and every source's state word and template field, and the common fields) is
    // documented.
    for (const auto& key : keys) {
        CAPTURE(key);
        CHECK(has_word(man5, key));
    }
}

TEST_CASE("the completion scripts are valid for their shells") {
    using testing::run;
    CHECK(run({"bash", "-n", std::string(ISSUEBRIDGE_SOURCE_DIR) + "/completions/issuebridge.bash"}).exit_code == 0);
    CHECK(run({"zsh", "-n", std::string(ISSUEBRIDGE_SOURCE_DIR) + "/completions/_issuebridge"}).exit_code == 0);
    CHECK(run({"fish", "--no-execute", std::string(ISSUEBRIDGE_SOURCE_DIR) + "/completions/issuebridge.fish"})
              .exit_code == 0);
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
