// ETags that would inject a header: a value with a bare CR is neither kept from a response nor sent back.

#include "issuebridge/http/curl_client.hpp"
#include "test_http_server.hpp"

#include <doctest/doctest.h>

#include <mutex>
#include <vector>

using namespace issuebridge::http;
using issuebridge::testing::MemoryLog;
using issuebridge::testing::RawServer;
using issuebridge::testing::write_all;
using issuebridge::util::Logger;
using issuebridge::util::LogLevel;

TEST_SUITE_BEGIN("http.curl_etag");

TEST_CASE("an ETag holding a control character is dropped from the response and never sent back") {
    std::mutex mutex;
    std::vector<std::string> heads;
    RawServer server([&](int fd, int) {
        const std::string head = RawServer::read_request(fd);
        const bool bad = head.find("GET /bad") == 0;
        {
            std::lock_guard lock(mutex);
            heads.push_back(head);
        }
        write_all(fd, std::string("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\nETag: ") +
                          (bad ? "\"v1\rX-Injected: yes\"" : "\"v2\"") + "\r\n\r\n[]");
    });
    MemoryLog log;
    Logger logger(LogLevel::warn, log.file());
    CurlClient client(logger);

    Request first;
    first.url = server.url("/bad");
    const Outcome answer = client.send(first);
    REQUIRE(answer.ok());
    CHECK(answer->status == 200);
    CHECK_FALSE(answer->headers.first("ETag"));
    CHECK(log.text().find("ignored an ETag holding a control character") != std::string::npos);

    Request good;
    good.url = server.url("/good");
    const Outcome kept = client.send(good);
    REQUIRE(kept.ok());
    CHECK(kept->headers.first("ETag") == "\"v2\""); // an ordinary ETag is kept

    Request again;
    again.url = server.url("/again");
    again.if_none_match = "\"v1\rX-Injected: yes\""; // e.g. stored by an older version
    REQUIRE(client.send(again).ok());
    CHECK(log.text().find("not sending an ETag holding a control character") != std::string::npos);
    std::lock_guard lock(mutex);
    REQUIRE(heads.size() == 3);
    CHECK(heads[2].find("X-Injected") == std::string::npos);
    CHECK(heads[2].find("If-None-Match") == std::string::npos);
}

TEST_SUITE_END();
