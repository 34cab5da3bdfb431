#include "issuebridge/util/json_writer.hpp"

#include <doctest/doctest.h>

using issuebridge::util::JsonWriter;
using issuebridge::util::sanitize_utf8;

TEST_SUITE_BEGIN("util.json_writer");

TEST_CASE("nested containers get commas in the right places") {
    JsonWriter w;
    w.begin_object().field("a", 1).key("b").begin_array().value(true).null().value("x").end_array();
    w.key("c").begin_object().end_object().field("d", std::string("y")).end_object();
    CHECK(w.str() == R"({"a":1,"b":[true,null,"x"],"c":{},"d":"y"})");
}

TEST_CASE("strings are escaped per RFC 8259") {
    JsonWriter w;
    w.value("q\" b\\ n\n t\t c\x01 del\x7f");
    CHECK(w.str() == R"("q\" b\\ n\n t\t c\u0001 del\u007f")");
}

TEST_CASE("valid UTF-8 passes through, invalid becomes U+FFFD") {
    JsonWriter w;
    w.begin_array().value("h\xC3\xA9llo \xF0\x9F\x98\x80").value("bad\xC3").value("\xED\xA0\x80").end_array();
    CHECK(w.str() ==
          "[\"h\xC3\xA9llo \xF0\x9F\x98\x80\",\"bad\xEF\xBF\xBD\",\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"]");
    CHECK(sanitize_utf8("a\xFF"
                        "b") == "a\xEF\xBF\xBD"
                                "b");
    CHECK(sanitize_utf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD"); // overlong '/'
}

TEST_CASE("UTF-8 edge cases: boundaries pass, everything else is replaced byte by byte") {
    const std::string r = "\xEF\xBF\xBD"; // U+FFFD
    // U+10FFFF, the last code point, passes; U+110000 does not.
    CHECK(sanitize_utf8("\xF4\x8F\xBF\xBF") == "\xF4\x8F\xBF\xBF");
    CHECK(sanitize_utf8("\xF4\x90\x80\x80") == r + r + r + r);
    // Overlong three- and four-byte forms of '/'.
    CHECK(sanitize_utf8("\xE0\x80\xAF") == r + r + r);
    CHECK(sanitize_utf8("\xF0\x80\x80\xAF") == r + r + r + r);
    // A lone continuation byte, lead bytes that are never valid, a sequence cut short by the end.
    CHECK(sanitize_utf8("a\x80"
                        "b") == "a" + r + "b");
    CHECK(sanitize_utf8("\xF5\xF8\xFE") == r + r + r);
    CHECK(sanitize_utf8("\xE2\x82") == r + r);
    // U+FFFD itself, and U+D7FF and U+E000 on either side of the surrogates.
    const std::string edges = "\xEF\xBF\xBD\xED\x9F\xBF\xEE\x80\x80";
    CHECK(sanitize_utf8(edges) == edges);
}

TEST_CASE("keys are escaped like values, and U+2028 passes (it is valid in JSON)") {
    JsonWriter w;
    w.begin_object().field("a\"b\n", "\xE2\x80\xA8\x1f").end_object();
    CHECK(w.str() == "{\"a\\\"b\\n\":\"\xE2\x80\xA8\\u001f\"}");
}

TEST_CASE("numbers") {
    JsonWriter w;
    w.begin_array().value(std::int64_t{-5}).value(std::uint64_t{18446744073709551615ULL}).value(0.5).end_array();
    CHECK(w.str() == "[-5,18446744073709551615,0.5]");
}

TEST_SUITE_END();
