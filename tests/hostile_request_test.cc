// Hostile requests to the real kr-server: each gets a 4xx JSON error or is cut off by a limit,
// never a 5xx or a crash, and the server still answers /healthz afterwards (issue 6).
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/process.h"
#include "tests/support/server_process.h"
#include "tests/support/test_support.h"

using kr::test::HttpResponse;
using kr::test::ServerProcess;
using Clock = std::chrono::steady_clock;

namespace {

/// The sample corpus indexed once, and a web folder with a file outside it.
struct Fixture {
  kr::test::TempDir dir;
  Fixture() {
    ::signal(SIGPIPE, SIG_IGN);  // the server may close while a hostile request is still being sent
    auto indexed = kr::test::run_process({kr::test::binary_path("indexer/kr-index"), "--corpus",
                                          kr::test::source_path("corpus"), "--index", dir / "index"});
    if (indexed.exit_code != 0) throw std::runtime_error("kr-index failed:\n" + indexed.err);
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

/// A blocking loopback connection for requests no HTTP client would send.
class RawConnection {
 public:
  explicit RawConnection(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawConnection() { ::close(fd_); }
  bool connected() const { return connected_; }
  /// False once the server has closed (or reset) the connection.
  bool send(const std::string& bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
  }
  /// True when the server closed the connection, or answered, within `wait`.
  bool closed_or_answered(std::chrono::milliseconds wait) {
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(wait.count())) > 0;
  }
  /// Everything until the server closes, at most `wait`.
  std::string receive_all(std::chrono::milliseconds wait) {
    std::string out;
    const auto deadline = Clock::now() + wait;
    char buf[4096];
    while (Clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
  }

 private:
  int fd_;
  bool connected_ = false;
};

/// Sends `request` raw and returns everything the server answers within 10 s.
std::string raw_answer(int port, const std::string& request) {
  RawConnection c(port);
  REQUIRE(c.connected());
  c.send(request);
  return c.receive_all(std::chrono::seconds(10));
}

/// The status code of a raw answer, or 0 when the server closed the connection without one.
int status_of(const std::string& answer) {
  if (answer.rfind("HTTP/1.", 0) != 0 || answer.size() < 12) return 0;
  return std::stoi(answer.substr(9, 3));
}

int raw_status(int port, const std::string& request) { return status_of(raw_answer(port, request)); }

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

  const std::string megabyte(1u << 20, 'a');
  const int huge =
      raw_status(server().port(), "GET /api/v1/search?q=" + megabyte + " HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK((huge == 0 || huge == 400 || huge == 414));
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
  // Past Poco's own limit on the request line (16 kB) Poco answers a bare 400 before kr-server
  // sees the request: cut off, not served.
  // Poco may close the connection while the request is still being sent (status 0 here).
  const int too_long =
      raw_status(server().port(), "GET /api/v1/search?q=x" + regions + " HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK((too_long == 0 || too_long == 400 || too_long == 414));

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

  // Past what Poco itself reads: one 100 kB header, then 10,000 headers. Refused or cut off.
  const int big = raw_status(
      server().port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(100000, 'b') + "\r\n\r\n");
  CHECK((big == 0 || (big >= 400 && big < 500)));
  std::string flood = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 10000; ++i) flood += "X-F" + std::to_string(i) + ": v\r\n";
  const int flooded = raw_status(server().port(), flood + "\r\n");
  CHECK((flooded == 0 || (flooded >= 400 && flooded < 500)));
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

// KNOWN TO FAIL with kr-server as it is (hidden, run it with: hostile_request_test "[slowloris]").
// Poco's timeout applies to each read, so a client sending one header byte every 500 ms is never
// cut off, and max_threads such clients leave no thread for anyone else (measured: 8 slow clients
// against 4 threads, /healthz unanswered for 45 s). See docs/RELIABILITY.md.
TEST_CASE("slow clients (slowloris) are cut off and do not block others", "[.][slowloris][hostile]") {
  // Few threads and a short timeout, so that the test is quick and the threads run out.
  ServerProcess slow(fixture().options({"KR_MAX_THREADS=4", "KR_REQUEST_TIMEOUT_SECONDS=2"}));
  std::vector<std::unique_ptr<RawConnection>> clients;
  for (int i = 0; i < 8; ++i) {
    clients.push_back(std::make_unique<RawConnection>(slow.port()));
    REQUIRE(clients.back()->connected());
  }
  // Each client sends its headers one byte every 500 ms: every read succeeds within the timeout.
  const std::string request =
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(100, 's') + "\r\n\r\n";
  const auto start = Clock::now();
  std::atomic<int> cut_off{0};
  std::atomic<bool> done{false};
  std::thread trickle([&] {
    for (std::size_t sent = 0; sent < request.size() && !done && cut_off < 8; ++sent) {
      for (auto& c : clients) {
        if (c && (!c->send(request.substr(sent, 1)) || c->closed_or_answered(std::chrono::milliseconds(0)))) {
          c.reset();
          ++cut_off;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  });
  // Meanwhile ordinary clients must be served promptly.
  int served = 0, asked = 0;
  while (Clock::now() - start < std::chrono::seconds(12) && cut_off < 8) {
    RawConnection health(slow.port());
    health.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    ++asked;
    if (status_of(health.receive_all(std::chrono::seconds(3))) == 200) ++served;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  done = true;
  trickle.join();
  INFO("after " << std::chrono::duration<double>(Clock::now() - start).count() << " s: " << cut_off
                << " of 8 slow clients cut off; " << served << " of " << asked
                << " ordinary requests answered within 3 s");
  CHECK(cut_off == 8);
  CHECK(served == asked);
  check_healthy(slow);
}
