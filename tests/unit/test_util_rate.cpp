#include "issuebridge/util/rate.hpp"

#include <doctest/doctest.h>

using namespace issuebridge::util;
using std::chrono::milliseconds;

TEST_SUITE_BEGIN("util.rate");

TEST_CASE("rates users write parse to requests per period") {
    CHECK(parse_rate("10/s") == Rate{10, milliseconds(1000)});
    CHECK(parse_rate("100/10s") == Rate{100, milliseconds(10000)});
    CHECK(parse_rate(" 150 / min ") == Rate{150, milliseconds(60000)});
    CHECK(parse_rate("5000/h") == Rate{5000, milliseconds(3600000)});
    CHECK(parse_rate("1/250ms") == Rate{1, milliseconds(250)});
}

TEST_CASE("junk is refused") {
    for (const char* bad : {"", "10", "/s", "10/", "0/s", "-1/s", "10/0s", "10/x", "ten/s", "10/s/s", "1e3/s"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_rate(bad).has_value());
    }
}

TEST_CASE("canonical spelling round-trips") {
    for (const char* s : {"10/s", "100/10s", "150/min", "5000/h", "1/250ms", "80/min"}) {
        CAPTURE(s);
        CHECK(to_string(*parse_rate(s)) == s);
    }
}

TEST_SUITE_END();
