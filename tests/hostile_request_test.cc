// Hostile requests to the real kr-server: each gets a 4xx JSON error or is cut off by a limit,
// never a 5xx or a crash, and the server still answers /healthz afterwards (issue 6).
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "tests/hostile_request_support.h"
#include "tests/support/process.h"
#include "tests/support/server_process.h"
#include "tests/support/test_support.h"

using kr::test::body_of;
using kr::test::Clock;
using kr::test::HttpResponse;
using kr::test::raw_answer;
using kr::test::raw_status;
using kr::test::RawConnection;
using kr::test::ServerProcess;
using kr::test::status_of;

namespace {

/// The sample corpus indexed once, and a web folder with a file outside it.
struct Fixture : kr::test::IndexedCorpus {
  Fixture() {
    kr::test::write_file(dir / "web/index.html", "<!doctype html><title>KR</title>");
    kr::test::write_file(dir / "outside.txt", "not for the web");
  }
  ServerProcess::Options options(std::vector<std::string> env = {}) {
    return {.index_dir = dir / "index", .web_dir = dir / "web", .env = std::move(env)};
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

ServerProcess& server() {
  static ServerProcess s(fixture().options());
  return s;
}

std::string error_code(const HttpResponse& r) {
  Poco::JSON::Parser parser;
  return parser.parse(r.body).extract<Poco::JSON::Object::Ptr>()->getObject("error")->getValue<std::string>(
      "code");
}

/// A raw answer with `status`, the JSON error `code`, and the connection closed after it.
void check_raw_error(const std::string& answer, int status, const std::string& code) {
  INFO(answer.substr(0, 400));
  REQUIRE(status_of(answer) == status);
  CHECK(answer.find("\r\nContent-Type: application/json; charset=utf-8\r\n") != std::string::npos);
  CHECK(answer.find("\r\nConnection: Close\r\n") != std::string::npos);
  Poco::JSON::Parser parser;
  auto error = parser.parse(body_of(answer)).extract<Poco::JSON::Object::Ptr>()->getObject("error");
  REQUIRE(error);
  CHECK(error->getValue<std::string>("code") == code);
  CHECK_FALSE(error->getValue<std::string>("message").empty());
}

/// A 4xx with a JSON error body.
void check_json_4xx(const HttpResponse& r) {
  CHECK(r.status >= 400);
  CHECK(r.status < 500);
  CHECK(r.header("Content-Type") == "application/json; charset=utf-8");
  CHECK_FALSE(error_code(r).empty());
}

void check_healthy(const ServerProcess& s) {
  auto health = s.get("/healthz");
  CHECK(health.status == 200);
  CHECK(health.body.find("\"status\":\"ok\"") != std::string::npos);
}

}  // namespace

TEST_CASE("hostile q: invalid UTF-8, control characters, a megabyte", "[hostile][requests]") {
  for (const char* q : {"%FF", "%C3%28", "%ED%A0%80", "%F4%90%80%80", "%C0%AE", "caf%C3"}) {
    INFO(q);
    auto r = server().get(std::string("/api/v1/search?q=") + q);
    check_json_4xx(r);
    CHECK(error_code(r) == "invalid_argument");
  }
  for (const char* q : {"%00", "a%01b%07c%1B%5B31m", "%0D%0AX-Injected:%201", "%7F"}) {
    INFO(q);
    auto r = server().get(std::string("/api/v1/search?q=") + q);
    check_json_4xx(r);  // control characters are no text: refused, never searched or echoed
    CHECK(error_code(r) == "invalid_argument");
    CHECK_FALSE(r.has_header("X-Injected"));
  }
  // Raw control bytes in the request line itself: Poco lets them through; kr-server refuses them
  // (400) and writes them escaped in its log.
  const std::string raw =
      raw_answer(server().port(), "GET /api/v1/search?q=a\x01\x7F HTTP/1.1\r\nHost: x\r\n\r\n");
  const int raw_code = status_of(raw);
  CHECK((raw_code == 0 || raw_code == 400));
  CHECK(server().wait_for_output("q=a\\x01\\x7f"));

  // Poco stops reading the request target at 16 kB; kr-server answers the contract's 414.
  const std::string megabyte(1u << 20, 'a');
  check_raw_error(
      raw_answer(server().port(), "GET /api/v1/search?q=" + megabyte + " HTTP/1.1\r\nHost: x\r\n\r\n"), 414,
      "uri_too_long");
  check_healthy(server());
}

TEST_CASE("hostile parameters: thousands of filters, huge pages, unknown names", "[hostile][requests]") {
  std::string filters;
  while (filters.size() < 7000) filters += "&lang=en";
  auto many = server().get("/api/v1/search?q=migration" + filters);
  CHECK((many.status == 200 || many.status == 400));
  CHECK(many.header("Content-Type") == "application/json; charset=utf-8");
  std::string regions;
  for (int i = 0; i < 3000; ++i) regions += "&region=europe";
  // Past Poco's own limit on the request target (16 kB): refused before any handler, as JSON.
  check_raw_error(
      raw_answer(server().port(), "GET /api/v1/search?q=x" + regions + " HTTP/1.1\r\nHost: x\r\n\r\n"), 414,
      "uri_too_long");

  const std::string long_id = "/api/v1/records/" + std::string(300, 'a');
  for (const std::string target : {"/api/v1/search?per_page=1000000",
                                   "/api/v1/search?per_page=-1",
                                   "/api/v1/search?page=-3",
                                   "/api/v1/search?page=0",
                                   "/api/v1/search?page=99999999999999999999",
                                   "/api/v1/search?page=1e3",
                                   "/api/v1/search?page=10001",
                                   "/api/v1/search?page=%2B5",
                                   "/api/v1/search?year_from=-2000",
                                   "/api/v1/search?year_from=99999",
                                   "/api/v1/search?colour=red",
                                   "/api/v1/search?=x",
                                   "/api/v1/search?q[]=x",
                                   "/api/v1/search?q=a&q=b",
                                   "/api/v1/search?region=europe%00",
                                   "/api/v1/search?type=",
                                   "/api/v1/search?sort=",
                                   "/api/v1/search?ui_lang=xx",
                                   "/api/v1/search?q=%zz",
                                   "/api/v1/search?q=%",
                                   "/api/v1/records/x/similar?limit=100000",
                                   "/api/v1/records/x/similar?scope=",
                                   "/api/v1/suggest?limit=-1",
                                   "/api/v1/taxonomy?ui_lang=../../x",
                                   "/api/v1/records/..%2f..%2fetc%2fpasswd",
                                   long_id.c_str()}) {
    INFO(target);
    check_json_4xx(server().get(target));
  }
  // The highest page allowed is answered (with no hits), quickly.
  const auto start = Clock::now();
  auto last = server().get("/api/v1/search?page=10000&per_page=100");
  CHECK(last.status == 200);
  CHECK(Clock::now() - start < std::chrono::seconds(5));
  check_healthy(server());
}

TEST_CASE("hostile paths: traversal on static files", "[hostile][requests]") {
  const std::string targets[] = {"/../outside.txt",
                                 "/%2e%2e/outside.txt",
                                 "/%2E%2E%2Foutside.txt",
                                 "/..%2foutside.txt",
                                 "/..%5coutside.txt",
                                 "/.%2e/outside.txt",
                                 "/%252e%252e/outside.txt",
                                 "/%c0%ae%c0%ae/outside.txt",
                                 "//outside.txt",
                                 "/index.html/../../outside.txt",
                                 "/index.html%00.txt",
                                 "/%00",
                                 "/" + std::string(200, '/') + "etc/passwd",
                                 "/web/../../../../etc/passwd"};
  for (const std::string& target : targets) {
    INFO(target);
    auto r = server().get(target);
    CHECK((r.status == 400 || r.status == 404));
    CHECK(r.body.find("not for the web") == std::string::npos);
    CHECK(r.body.find("root:") == std::string::npos);
    CHECK(r.header("Content-Type") == "application/json; charset=utf-8");
  }
  // Sent raw: a client library would normalise these.
  for (const char* target : {"/../../../../etc/passwd", "/static/../../outside.txt", "\\..\\outside.txt"}) {
    INFO(target);
    RawConnection c(server().port());
    REQUIRE(c.connected());
    c.send(std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const std::string answer = c.receive_all(std::chrono::seconds(10));
    CHECK(answer.find("not for the web") == std::string::npos);
    CHECK(answer.find("root:") == std::string::npos);
    CHECK(answer.find("HTTP/1.1 200") == std::string::npos);
  }
  check_healthy(server());
}

TEST_CASE("hostile headers: huge and many", "[hostile][requests]") {
  check_json_4xx(server().get("/healthz", {{"X-Big", std::string(7000, 'b')},
                                           {"X-Big2", std::string(7000, 'b')},
                                           {"X-Big3", std::string(7000, 'b')}}));
  kr::test::Headers many;
  for (int i = 0; i < 90; ++i) many.emplace_back("X-H" + std::to_string(i), "v");
  check_json_4xx(server().get("/healthz", many));  // over max_header_fields (64): 413

  // Past what Poco itself reads: one 100 kB header, then 10,000 headers. Refused as JSON.
  check_raw_error(raw_answer(server().port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " +
                                                  std::string(100000, 'b') + "\r\n\r\n"),
                  413, "payload_too_large");
  std::string flood = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 10000; ++i) flood += "X-F" + std::to_string(i) + ": v\r\n";
  check_raw_error(raw_answer(server().port(), flood + "\r\n"), 413, "payload_too_large");
  const int garbage =
      raw_status(server().port(), std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11));
  CHECK((garbage == 0 || (garbage >= 400 && garbage < 500)));  // a TLS hello on the plain port
  check_healthy(server());
}

TEST_CASE("hostile methods: anything but GET and HEAD is 405", "[hostile][requests]") {
  for (const char* method :
       {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "FOO"}) {
    INFO(method);
    auto r = server().request(method, "/api/v1/search");
    CHECK(r.status == 405);
    CHECK(error_code(r) == "method_not_allowed");
  }
  // A large upload is refused without being read: the answer (405 or 413) may come before the
  // body is sent, and the connection is then closed, so the client may only see a reset.
  {
    RawConnection upload(server().port());
    REQUIRE(upload.connected());
    upload.send("POST /api/v1/search HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n");
    upload.send(std::string(1u << 20, 'x'));
    const int status = status_of(upload.receive_all(std::chrono::seconds(10)));
    CHECK((status == 0 || status == 405 || status == 413));
  }
  const int lower = raw_status(server().port(), "get /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK((lower == 0 || (lower >= 400 && lower < 500)));
  check_healthy(server());
}

TEST_CASE("requests Poco's parser refuses get the contract's JSON errors", "[hostile][requests]") {
  struct Case {
    const char* what;
    std::string request;
    int status;
    const char* code;
    const char* logged;  ///< Poco's reason, in kr-server's log line
  };
  std::string fields = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 100; ++i) fields += "X-F" + std::to_string(i) + ": v\r\n";
  const Case cases[] = {
      {"target of 20 kB", "GET /api/v1/search?q=" + std::string(20000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n",
       414, "uri_too_long", "HTTP request URI invalid or too long"},
      {"101 header fields", fields + "\r\n", 413, "payload_too_large", "Too many header fields"},
      {"header name of 300 bytes", "GET /healthz HTTP/1.1\r\n" + std::string(300, 'n') + ": v\r\n\r\n", 413,
       "payload_too_large", "Field name too long"},
      {"header value of 9000 bytes", "GET /healthz HTTP/1.1\r\nX-V: " + std::string(9000, 'v') + "\r\n\r\n",
       413, "payload_too_large", "Field value too long"},
      {"method of 40 letters", std::string(40, 'G') + " /healthz HTTP/1.1\r\n\r\n", 400, "invalid_argument",
       "HTTP request method invalid or too long"},
      {"version too long", "GET /healthz HTTP/1.1.1.1\r\n\r\n", 400, "invalid_argument",
       "Invalid HTTP version string"},
      {"no version (HTTP/0.9)", "GET /healthz\r\n\r\n", 400, "invalid_argument",
       "Invalid HTTP version string"},
      {"version HTTP/9.9", "GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n", 400, "invalid_argument",
       "GET /healthz 400"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    check_raw_error(raw_answer(server().port(), c.request), c.status, c.code);
    CHECK(server().wait_for_output(c.logged));
  }
  // The refusals are counted like other answers.
  CHECK(server().get("/metrics").body.find("route=\"refused\",status=\"414\"") != std::string::npos);
  check_healthy(server());
}
