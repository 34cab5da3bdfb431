// Golden tests: a corpus of real-world bodies (tests/unit/golden/render/<name>.md) rendered to every
// target's formats, compared with reviewed files in tests/unit/golden/targets/<target>/ (.adf.json,
// .jira.txt, .asana.html, .trello.md).

#include "test_render_support.hpp"

#include "targets/asana/html_notes.hpp"
#include "targets/jira/formats.hpp"
#include "targets/trello/card_markdown.hpp"

#include "issuebridge/render/body.hpp"
#include "issuebridge/render/templates.hpp"

using issuebridge::render::BackLink;

namespace {

struct Case {
    std::string name;
    std::string markdown;
    BackLink link;
};

std::vector<Case> corpus() {
    const BackLink github{"https://github.com/octo-org/octo-repo/issues/1347", "View on GitHub"};
    std::vector<Case> cases;
    for (const char* name : {"issue_form", "nested_lists", "code", "tables", "raw_html", "rtl_emoji", "headings_links",
                             "quotes", "wiki_injection", "gitlab_issue"}) {
        cases.push_back(
            {name, render_test::read_file(render_test::golden_dir() / (std::string(name) + ".md")), github});
        REQUIRE_MESSAGE(!cases.back().markdown.empty(), "missing corpus file " << name << ".md");
    }
    // Bytes a text file would not keep: CRLF line ends, invalid and truncated UTF-8, a NUL, control
    // characters.
    cases.push_back({"crlf_invalid_utf8",
                     std::string("Line one\r\nline two\r\n\r\n- bad bytes \xFF\xFE here\r\n- truncated caf\xC3\r\n"
                                 "- overlong \xC0\xAF and surrogate \xED\xA0\x80\r\n\r\n```\r\ncode\r\nnul:") +
                         std::string(1, '\0') + " bell:\x07 tab:\t.\r\n```\r\n\rlone CR above\r\n",
                     github});
    cases.push_back({"empty", "", BackLink{"https://gitlab.example.com/group/sub/proj/-/issues/45", "View on GitLab"}});
    cases.push_back({"lgtm_alert",
                     issuebridge::render::alert_body_markdown(
                         "Use of a broken or weak cryptographic algorithm", "https://lgtm.com/rules/1506093386171/",
                         "src/crypto/legacy_hash.py",
                         "Sensitive data is used in a hashing algorithm (MD5) that is insecure.\n"
                         "See [CWE-327] and *don't* use `md5`."),
                     BackLink{"https://lgtm.com/projects/g/org/repo/snapshot/abc/files/src/crypto/"
                              "legacy_hash.py#L12",
                              "View alert"}});
    return cases;
}

} // namespace

TEST_SUITE_BEGIN("targets.golden");

TEST_CASE("Jira Cloud ADF matches the goldens and obeys ADF's structure") {
    for (const auto& c : corpus()) {
        CAPTURE(c.name);
        const std::string adf = issuebridge::targets::jira::to_adf(c.markdown, c.link);
        const auto violations = render_test::adf_violations(adf);
        CHECK_MESSAGE(violations.empty(), render_test::joined(violations));
        render_test::check_golden("jira", c.name + ".adf.json", render_test::pretty_json(adf));
    }
}

TEST_CASE("Jira wiki markup matches the goldens") {
    for (const auto& c : corpus()) {
        CAPTURE(c.name);
        render_test::check_golden("jira", c.name + ".jira.txt",
                                  issuebridge::targets::jira::to_jira_wiki(c.markdown, c.link) + "\n");
    }
}

TEST_CASE("Asana html_notes match the goldens and are well-formed") {
    for (const auto& c : corpus()) {
        CAPTURE(c.name);
        const std::string html = issuebridge::targets::asana::to_asana_html(c.markdown, c.link);
        const auto violations = render_test::asana_violations(html);
        CHECK_MESSAGE(violations.empty(), render_test::joined(violations));
        render_test::check_golden("asana", c.name + ".asana.html", html + "\n");
    }
}

TEST_CASE("Trello markdown matches the goldens") {
    for (const auto& c : corpus()) {
        CAPTURE(c.name);
        render_test::check_golden("trello", c.name + ".trello.md",
                                  issuebridge::targets::trello::to_trello_markdown(c.markdown, c.link) + "\n");
    }
}

TEST_SUITE_END();
