#include "issuebridge/render/body.hpp"
#include "issuebridge/render/title.hpp"
#include "issuebridge/util/json_writer.hpp"

#include <doctest/doctest.h>

#include <string>

using issuebridge::render::text_length;
using issuebridge::render::trim_title;

namespace {

std::string repeat(std::string_view s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
        out += s;
    }
    return out;
}

const std::string k_ellipsis = "\xE2\x80\xA6";

} // namespace

TEST_SUITE_BEGIN("render.title");

TEST_CASE("a title that fits is kept, on one line, trimmed") {
    CHECK(trim_title("Crash on start", 255) == "Crash on start");
    CHECK(trim_title("  two\r\nlines\n\nand\ttab  ", 255) == "two lines and tab");
    CHECK(trim_title("a \n b", 255) == "a b");
    CHECK(trim_title("x\xC2\x85y\xE2\x80\xA8z", 255) == "x y z"); // NEL and LINE SEPARATOR
    CHECK(trim_title(repeat("a", 255), 255) == repeat("a", 255));
    CHECK(trim_title("", 255).empty());
}

TEST_CASE("a long title is cut to the limit with an ellipsis, never inside a UTF-8 sequence") {
    CHECK(trim_title(repeat("a", 256), 255) == repeat("a", 254) + k_ellipsis);
    // 2-, 3- and 4-byte sequences; a 4-byte character counts two, as Jira and Trello count.
    CHECK(trim_title(repeat("\xC3\xA9", 300), 255) == repeat("\xC3\xA9", 254) + k_ellipsis);
    CHECK(trim_title(repeat("\xE2\x82\xAC", 300), 255) == repeat("\xE2\x82\xAC", 254) + k_ellipsis);
    CHECK(trim_title(repeat("\xF0\x9F\x98\x80", 200), 255) == repeat("\xF0\x9F\x98\x80", 127) + k_ellipsis);
    CHECK(trim_title("a" + repeat("\xF0\x9F\x98\x80", 10), 5) == "a\xF0\x9F\x98\x80" + k_ellipsis);
    CHECK(trim_title("ab" + repeat("\xF0\x9F\x98\x80", 10), 5) == "ab\xF0\x9F\x98\x80" + k_ellipsis);
    CHECK(trim_title("abc" + repeat("\xF0\x9F\x98\x80", 10), 5) == "abc" + k_ellipsis); // no half pair
    for (std::size_t max = 1; max < 40; ++max) {
        CAPTURE(max);
        const std::string t = trim_title("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9"
                                         " caf\xC3\xA9 \xE2\x82\xAC\xE2\x82\xAC and more words",
                                         max);
        CHECK(text_length(t) <= max);
        CHECK(issuebridge::util::sanitize_utf8(t) == t);
    }
}

TEST_CASE("spaces before the cut go, limits 0 and 1 hold") {
    CHECK(trim_title("abc def", 5) == "abc" + k_ellipsis);
    CHECK(trim_title("abc", 0).empty());
    CHECK(trim_title("abc", 1) == k_ellipsis);
}

TEST_CASE("invalid UTF-8 becomes U+FFFD before counting and cutting") {
    CHECK(trim_title("a\xFF"
                     "b\xC3",
                     255) == "a\xEF\xBF\xBD"
                             "b\xEF\xBF\xBD");
    CHECK(trim_title("\xFF\xFF\xFF\xFF", 3) == "\xEF\xBF\xBD\xEF\xBF\xBD" + k_ellipsis);
    CHECK(trim_title(std::string("a\0b", 3), 255) == "a b");
}

TEST_SUITE_END();
