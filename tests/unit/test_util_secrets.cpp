#include "issuebridge/util/secrets.hpp"
#include "issuebridge/util/strings.hpp"

#include <doctest/doctest.h>

using namespace issuebridge::util;

TEST_SUITE_BEGIN("util.secrets");

TEST_CASE("scrub: every remembered value, wherever it is, and its percent-encoded form") {
    add_secret("unit-scrub-secret-1");
    add_secret("unit/scrub+secret=2");
    CHECK(scrub("401: token unit-scrub-secret-1 refused (unit-scrub-secret-1)") ==
          "401: token ******** refused (********)");
    CHECK(scrub("a=unit/scrub+secret=2&b=unit%2Fscrub%2Bsecret%3D2") == "a=********&b=********");
    CHECK(scrub("nothing secret here") == "nothing secret here");
}

TEST_CASE("scrub: values under the floor are not secrets worth mangling every message for") {
    add_secret("abc");
    add_secret(std::string(k_min_secret_length - 1, 'q'));
    CHECK(scrub("abc qqqqqqq") == "abc qqqqqqq");
}

TEST_CASE("printable: control characters cannot reach a terminal") {
    CHECK(printable("Hi \x1b]0;pwned\x07 there") == "Hi ?]0;pwned? there");
    CHECK(printable("ok\nissuebridge: error: forged") == "ok issuebridge: error: forged");
    CHECK(printable("a\rb\tc\x7f") == "a b c?");
    CHECK(printable("C1 \xc2\x9b"
                    "2J and NEL \xc2\x85") == "C1 ?2J and NEL ?");
    CHECK(printable("caf\xc3\xa9 \xc2\xa0 \xf0\x9f\x98\x80") == "caf\xc3\xa9 \xc2\xa0 \xf0\x9f\x98\x80"); // kept
    CHECK(printable("bad \x9b byte") == "bad \xef\xbf\xbd byte"); // a lone C1 byte is no UTF-8: U+FFFD
    CHECK(has_control("a\rb"));
    CHECK_FALSE(has_control("\"etag-v1\""));
}

TEST_SUITE_END();
