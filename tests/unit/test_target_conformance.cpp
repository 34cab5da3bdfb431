// The target conformance suite (tests/conformance/conformance.hpp) against the FakeTarget, so that the fake the
// sync's tests rely on behaves as the real adapters must.

#include "support/fake_client.hpp"
#include "support/fake_target.hpp"

#include "conformance/conformance.hpp"

#include <doctest/doctest.h>

using namespace issuebridge;

TEST_SUITE_BEGIN("targets.conformance");

TEST_CASE("the fake target conforms") {
    for (const bool carries_closed : {false, true}) {
        CAPTURE(carries_closed);
        testing::FakeTarget target(targets::Capabilities{0, carries_closed, 1});
        http::FakeClient client;
        testing::FakeTarget::answer_ok(client);
        testing::ConformanceSubject subject{
            target, client,
            [&](const targets::TargetRef& ref, const std::string& label) { target.add_label_by_hand(ref.id, label); },
            [&](const targets::TargetRef& ref) { return target.item(ref.id)->labels; },
            [](int n) { return "github:github.com/conformance/r#" + std::to_string(n); }};
        testing::check_target(subject);
    }
}

TEST_SUITE_END();
