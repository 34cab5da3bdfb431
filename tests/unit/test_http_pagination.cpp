#include "issuebridge/http/pagination.hpp"

#include "support/fake_client.hpp"

#include <doctest/doctest.h>

using namespace issuebridge::http;
using issuebridge::util::Failure;

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

TEST_CASE("GitLab x-next-page: empty on the last page") {
    CHECK(gitlab_next_page(FakeClient::response(200, "[]", {{"X-Next-Page", "3"}})) == "3");
    CHECK(!gitlab_next_page(FakeClient::response(200, "[]", {{"x-next-page", ""}})));
    CHECK(!gitlab_next_page(FakeClient::response(200, "[]")));
}

TEST_CASE("Jira nextPageToken and isLast") {
    CHECK(jira_next_page_token(R"({"issues":[{"id":"1","fields":{"x":[1,2]}}],"nextPageToken":"CAEaAggD","isLast":false})")
              .value() == "CAEaAggD");
    CHECK(!jira_next_page_token(R"({"issues":[],"isLast":true})").value());
    CHECK(!jira_next_page_token(R"({"isLast":true,"nextPageToken":"ignored"})").value());
    CHECK(!jira_next_page_token(R"({"issues":[]})").value());
    CHECK(!jira_next_page_token(R"({"nextPageToken":null})").value());
    const auto bad_type = jira_next_page_token(R"({"nextPageToken":5})");
    REQUIRE(!bad_type.ok());
    CHECK(bad_type.failure().kind == Failure::Kind::parse);
    CHECK(bad_type.failure().message == "pagination: a field has the wrong type while reading 'nextPageToken'");
    CHECK(jira_next_page_token("[1,2]").failure().message ==
          "pagination: the body is not a JSON object while reading 'nextPageToken'");
    CHECK(!jira_next_page_token(R"({"issues":[)").ok());
}

TEST_CASE("Asana next_page.offset, null at the end") {
    CHECK(asana_next_offset(R"({"data":[{"gid":"1"}],"next_page":{"offset":"eyJ0eXAiOJ","path":"/tasks?offset=eyJ0eXAiOJ","uri":"https://app.asana.com/api/1.0/tasks?offset=eyJ0eXAiOJ"}})")
              .value() == "eyJ0eXAiOJ");
    CHECK(!asana_next_offset(R"({"data":[],"next_page":null})").value());
    CHECK(!asana_next_offset(R"({"data":[]})").value());
    CHECK(asana_next_offset(R"({"next_page":{"path":"x"}})").failure().kind == Failure::Kind::parse);
    CHECK(asana_next_offset(R"({"next_page":"x"})").failure().message ==
          "pagination: a field has the wrong type while reading 'next_page.offset'");
}

TEST_CASE("LGTM nextPageUrl") {
    CHECK(lgtm_next_page_url(R"({"data":[],"nextPageUrl":"https://lgtm.example.com/api/v1.0/projects?start=abc"})")
              .value() == "https://lgtm.example.com/api/v1.0/projects?start=abc");
    CHECK(!lgtm_next_page_url(R"({"data":[]})").value());
    CHECK(!lgtm_next_page_url("not json").ok());
}

TEST_CASE("a page-token body that is not valid JSON fails naming the field, and never crashes") {
    for (const char* body : {R"({"nextPageToken":"a""})", R"({"isLast":false,"nextPageToken":"a",})",
                             R"({"nextPageToken":"a"}})", R"({"issues":[{"x":}],"nextPageToken":"a"})"}) {
        CAPTURE(body);
        CHECK(jira_next_page_token(body).failure().message ==
              "pagination: the body is not valid JSON while reading 'nextPageToken'");
    }
    CHECK(asana_next_offset(R"({"next_page":{"offset":"a""}})").failure().message ==
          "pagination: the body is not valid JSON while reading 'next_page.offset'");
    CHECK(lgtm_next_page_url(R"({"nextPageUrl":"u","data":[}})").failure().message ==
          "pagination: the body is not valid JSON while reading 'nextPageUrl'");
}

TEST_SUITE_END();
