#include "issuebridge/http/pagination.hpp"

#include "support/fake_client.hpp"

#include <doctest/doctest.h>

using namespace issuebridge::http;

namespace {
Response with_links(std::vector<std::string> values) {
    Response r;
    r.status = 200;
    for (auto& v : values) {
        r.headers.add("Link", std::move(v));
    }
    return r;
}
} // namespace

TEST_SUITE_BEGIN("http.pagination");

TEST_CASE("Link: GitHub's form") {
    const Response r = with_links(
        {R"(<https://api.github.com/repositories/1/issues?page=2>; rel="next", <https://api.github.com/repositories/1/issues?page=5>; rel="last")"});
    CHECK(link_rel(r, "next") == "https://api.github.com/repositories/1/issues?page=2");
    CHECK(link_rel(r, "last") == "https://api.github.com/repositories/1/issues?page=5");
    CHECK(!link_rel(r, "prev"));
}

TEST_CASE("Link: unquoted rel, several relations, commas inside <>, other parameters, case") {
    const Response r = with_links({R"(<https://h/x?ids=1,2,3&page=2>;rel=next,)"
                                   R"( <https://h/x?page=1>; title="a, b; c"; rel="prev first"  ,)"
                                   R"(<https://h/x?page=9>; REL="Last")"});
    CHECK(link_rel(r, "next") == "https://h/x?ids=1,2,3&page=2");
    CHECK(link_rel(r, "first") == "https://h/x?page=1");
    CHECK(link_rel(r, "prev") == "https://h/x?page=1");
    CHECK(link_rel(r, "last") == "https://h/x?page=9");
    CHECK(link_rel(r, "NEXT") == "https://h/x?ids=1,2,3&page=2");
}

TEST_CASE("Link: several Link headers, and none") {
    const Response r = with_links({R"(<https://h/a>; rel="prev")", R"(<https://h/b>; rel="next")"});
    CHECK(link_rel(r, "next") == "https://h/b");
    CHECK(!link_rel(with_links({}), "next"));
    CHECK(!link_rel(with_links({"garbage without brackets"}), "next"));
    CHECK(!link_rel(with_links({"<https://h/unterminated; rel=next"}), "next"));
    CHECK(!link_rel(with_links({R"(<https://h/a>; rel="nextish")"}), "next"));
}

TEST_SUITE_END();
