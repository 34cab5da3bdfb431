#include "http/redact.hpp"

#include <doctest/doctest.h>

using namespace issuebridge::http;

TEST_SUITE_BEGIN("http.redact");

TEST_CASE("secret query parameters are masked, others kept") {
    CHECK(redact_url("https://api.trello.com/1/cards?key=abc123&token=def456&idList=42") ==
          "https://api.trello.com/1/cards?key=********&token=********&idList=42");
    CHECK(redact_url("https://gitlab.example.com/api/v4/projects?private_token=glpat-xyz&page=2") ==
          "https://gitlab.example.com/api/v4/projects?private_token=********&page=2");
    CHECK(redact_url("https://h/x?access_token=a&client_secret=b&password=c&sig=d&signature=e&X-Amz-Signature=f") ==
          "https://h/x?access_token=********&client_secret=********&password=********&sig=********&"
          "signature=********&X-Amz-Signature=********");
    CHECK(redact_url("https://h/x?Token=a#frag") == "https://h/x?Token=********#frag");
    CHECK(redact_url("https://h/search?monkey=1&keys=2&q=token") == "https://h/search?monkey=1&keys=2&q=token");
    CHECK(redact_url("https://h/x?token=") == "https://h/x?token=");
}

TEST_CASE("userinfo in a URL is masked") {
    CHECK(redact_url("https://fred:s3cret@jira.example.com/rest/api/3/issue") ==
          "https://********@jira.example.com/rest/api/3/issue");
    CHECK(redact_url("http://token@127.0.0.1:8080/") == "http://********@127.0.0.1:8080/");
    CHECK(redact_url("https://api.github.com/repos/o/r?q=a@b") == "https://api.github.com/repos/o/r?q=a@b");
}

TEST_CASE("credential headers are masked whatever their case") {
    CHECK(redact_header("Authorization", "Bearer ghp_abcdef") == "Bearer ********");
    CHECK(redact_header("authorization", "Basic ZnJlZDpzM2NyZXQ=") == "Basic ********");
    CHECK(redact_header("Authorization", "token ghp_abcdef") == "token ********");
    CHECK(redact_header("Authorization", "OAuth oauth_consumer_key=\"k\", oauth_token=\"t\"") == "OAuth ********");
    CHECK(redact_header("Authorization", "rawsecret") == "********");
    CHECK(redact_header("PRIVATE-TOKEN", "glpat-xyz") == "********");
    CHECK(redact_header("Job-Token", "abc") == "********");
    CHECK(redact_header("Cookie", "session=abc") == "********");
    CHECK(redact_header("Set-Cookie", "id=abc; HttpOnly") == "********");
    CHECK(redact_header("X-API-Key", "abc") == "********");
    CHECK(redact_header("Proxy-Authorization", "Basic abc") == "Basic ********");
}

TEST_CASE("other headers pass, with URLs inside them redacted") {
    CHECK(redact_header("Accept", "application/json") == "application/json");
    CHECK(redact_header("Link", "<https://gitlab.example.com/api/v4/x?private_token=abc&page=2>; rel=\"next\"") ==
          "<https://gitlab.example.com/api/v4/x?private_token=********&page=2>; rel=\"next\"");
    CHECK(redact_header("Location", "https://u:p@h/x") == "https://********@h/x");
}

TEST_CASE("free text: bearer credentials, parameters and userinfo") {
    CHECK(redact_text("bad header 'Authorization: Bearer abc.def' sent") ==
          "bad header 'Authorization: Bearer ********' sent");
    CHECK(redact_text("{\"error\":\"invalid key=abc123 for https://u:p@h/?token=zz\"}") ==
          "{\"error\":\"invalid key=******** for https://********@h/?token=********\"}");
    CHECK(redact_text("oauth_token=\"quoted secret\" ok") == "oauth_token=\"********\" ok");
    CHECK(redact_text(R"({"access_token": "gho_abc", "key":"PROJ-1", "password":"p\"w", "token":5})") ==
          R"({"access_token": "********", "key":"PROJ-1", "password":"********", "token":5})");
    CHECK(redact_text(R"({"errorMessages":["Field 'summary' is required"]})") ==
          R"({"errorMessages":["Field 'summary' is required"]})");
    CHECK(redact_text("nothing to hide here") == "nothing to hide here");
    CHECK(redact_text("") == "");
}

TEST_SUITE_END();
