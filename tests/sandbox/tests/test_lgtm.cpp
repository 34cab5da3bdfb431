#include "sandbox_process.hpp"

#include <doctest/doctest.h>

using namespace issuebridge::sandbox;
using namespace issuebridge::sandbox::test;

namespace {

httplib::Result lgtm(const SandboxProcess& sb, const std::string& path,
                     const std::string& token = "sandbox-lgtm-token") {
    return sb.client()->Get("/api/v1.0" + path, {{"Authorization", "Bearer " + token}});
}

// The alert keys of a SARIF log, in order.
std::vector<std::string> keys(const Json& sarif) {
    std::vector<std::string> out;
    for (const auto& r : at(at(at(sarif, "runs"), std::size_t{0}), "results").as_array()) {
        out.push_back(at(at(r, "partialFingerprints"), "alertKey").as_string());
    }
    return out;
}

} // namespace

TEST_SUITE_BEGIN("sandbox.lgtm");

TEST_CASE(
    "projects by id and URL identifier, the latest analysis and its SARIF alerts; 401 and 404") {
    SandboxProcess sb;
    sb.admin_ok("POST", "/_sandbox/lgtm/projects",
                R"({"url_identifier":"g/acme/app","id":1000001})");
    const Json made = sb.admin_ok(
        "POST", "/_sandbox/lgtm/projects/1000001/analyses",
        R"({"commit":"c1","alerts":[{"key":"k1","rule":"py/x","rule_name":"X","help_uri":"https://h/x",
             "level":"error","path":"a.py","line":3},{"key":"k2","suppressed":true}]})");
    const std::string analysis = at(made, "id").as_string();
    CHECK(analysis.size() == 40);

    auto r = lgtm(sb, "/projects/g/acme/app");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    const Json project = body_json(r);
    CHECK(at(project, "id").as_int() == 1000001);
    CHECK(at(project, "url-identifier").as_string() == "g/acme/app");
    CHECK(dump(body_json(lgtm(sb, "/projects/1000001"))) == dump(project));

    r = lgtm(sb, "/analyses/1000001/commits/latest");
    REQUIRE(r->status == 200);
    const Json latest = body_json(r);
    CHECK(at(latest, "id").as_string() == analysis);
    CHECK(at(latest, "commit-id").as_string() == "c1");
    CHECK(at(at(latest, "project"), "id").as_int() == 1000001);
    CHECK(dump(body_json(lgtm(sb, "/analyses/" + analysis))) == dump(latest));

    r = lgtm(sb, "/analyses/" + analysis + "/alerts?sarif-version=2.1.0");
    REQUIRE(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "application/sarif+json");
    const Json sarif = body_json(r);
    CHECK(at(sarif, "version").as_string() == "2.1.0");
    const Json& run = at(at(sarif, "runs"), std::size_t{0});
    const Json& rule = at(at(at(at(run, "tool"), "driver"), "rules"), std::size_t{0});
    CHECK(at(rule, "id").as_string() == "py/x");
    CHECK(at(at(rule, "shortDescription"), "text").as_string() == "X");
    CHECK(at(rule, "helpUri").as_string() == "https://h/x");
    const Json& first = at(at(run, "results"), std::size_t{0});
    CHECK(at(first, "ruleId").as_string() == "py/x");
    CHECK(at(at(first, "message"), "text").as_string().size() > 0);
    const Json& location = at(at(at(first, "locations"), std::size_t{0}), "physicalLocation");
    CHECK(at(at(location, "artifactLocation"), "uri").as_string() == "a.py");
    CHECK(at(at(location, "region"), "startLine").as_int() == 3);
    CHECK(keys(sarif) == std::vector<std::string>{"k1", "k2"});
    CHECK(at(at(at(run, "results"), std::size_t{1}), "suppressions").as_array().size() == 1);

    CHECK(lgtm(sb, "/projects/g/acme/app", "WRONG")->status == 401);
    CHECK(at(body_json(lgtm(sb, "/projects/g/acme/app", "WRONG")), "code").as_int() == 401);
    CHECK(lgtm(sb, "/projects/g/acme/none")->status == 404);
    CHECK(lgtm(sb, "/analyses/42/commits/latest")->status == 404);
    CHECK(lgtm(sb, "/analyses/" + analysis + "/alerts?sarif-version=1.0.0")->status == 400);
    CHECK(lgtm(sb, "/issues/1000001/k1")->status == 200);
    CHECK(keys(body_json(lgtm(sb, "/issues/1000001/k2"))) == std::vector<std::string>{"k2"});
}

TEST_CASE("an alert changed is a new latest analysis: fixed leaves it out, open brings it back") {
    SandboxProcess sb;
    sb.admin_ok("POST", "/_sandbox/lgtm/projects", R"({"url_identifier":"g/acme/app","id":7})");
    sb.admin_ok("POST", "/_sandbox/lgtm/projects/7/analyses",
                R"({"alerts":[{"key":"k1"},{"key":"k2"}]})");
    const auto latest_keys = [&] {
        const std::string id =
            at(body_json(lgtm(sb, "/analyses/7/commits/latest")), "id").as_string();
        return keys(body_json(lgtm(sb, "/analyses/" + id + "/alerts")));
    };
    sb.admin_ok("PATCH", "/_sandbox/lgtm/projects/7/alerts/k1", R"({"state":"fixed"})");
    CHECK(latest_keys() == std::vector<std::string>{"k2"});
    const Json all = sb.admin_ok("GET", "/_sandbox/lgtm/projects/7/alerts");
    CHECK(at(at(all, std::size_t{0}), "state").as_string() == "fixed");
    sb.admin_ok("PATCH", "/_sandbox/lgtm/projects/7/alerts/k1", R"({"state":"open"})");
    CHECK(latest_keys() == std::vector<std::string>{"k2", "k1"});
    CHECK(sb.admin("PATCH", "/_sandbox/lgtm/projects/7/alerts/nope", "{}")->status == 404);
    CHECK(sb.admin("POST", "/_sandbox/lgtm/projects/7/analyses",
                   R"({"alerts":[{"key":"a"},{"key":"a"}]})")
              ->status == 400);
}

TEST_CASE("the lgtm seed section makes projects and analyses") {
    SandboxProcess sb(
        {},
        R"({"lgtm":{"projects":{"g/o/r":{"id":5,"analyses":[{"generate":{"count":30,"seed":2}}]}}}})");
    const std::string id = at(body_json(lgtm(sb, "/analyses/5/commits/latest")), "id").as_string();
    CHECK(keys(body_json(lgtm(sb, "/analyses/" + id + "/alerts"))).size() == 30);
}

TEST_SUITE_END();
