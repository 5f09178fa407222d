// Slow clients against the real kr-server (issue 6): a request head (request line + headers) must
// be complete within head_timeout_seconds of its first byte, however slowly it trickles in, or the
// connection is closed; meanwhile other clients are answered. Poco's own timeout applies to each
// read only, so without the deadline a client sending one byte every 500 ms held a thread for ever.

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/hostile_request_support.h"
#include "tests/support/process.h"
#include "tests/support/server_process.h"
#include "tests/support/test_support.h"

using kr::test::Clock;
using kr::test::RawConnection;
using kr::test::ServerProcess;
using kr::test::status_of;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

struct Fixture : kr::test::IndexedCorpus {
  /// Few threads and a 1 s head deadline, so that the threads run out and the test is quick.
  /// The per-read timeout stays at its default (30 s): the deadline alone must cut slow clients.
  ServerProcess::Options options() {
    return {.index_dir = dir / "index", .env = {"KR_MAX_THREADS=4", "KR_HEAD_TIMEOUT_SECONDS=1"}};
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

const std::string kHealth = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";

}  // namespace

TEST_CASE("slow clients (slowloris) are cut off and do not block others", "[slowloris][hostile]") {
  ServerProcess slow(fixture().options());
  // Twice as many slow clients as threads, and one that connects and sends nothing.
  std::vector<std::unique_ptr<RawConnection>> clients;
  for (int i = 0; i < 8; ++i) {
    clients.push_back(std::make_unique<RawConnection>(slow.port()));
    REQUIRE(clients.back()->connected());
  }
  RawConnection idle(slow.port());
  REQUIRE(idle.connected());
  // Each slow client sends its headers one byte every 500 ms: every read succeeds well within the
  // per-read timeout; sent whole, the request would take 65 s.
  const std::string request =
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(100, 's') + "\r\n\r\n";
  const auto start = Clock::now();
  std::atomic<int> cut_off{0};
  std::atomic<bool> done{false};
  std::thread trickle([&] {
    for (std::size_t sent = 0; sent < request.size() && !done && cut_off < 8; ++sent) {
      for (auto& c : clients) {
        if (c && (!c->send(request.substr(sent, 1)) || c->closed_or_answered(milliseconds(0)))) {
          c.reset();
          ++cut_off;
        }
      }
      std::this_thread::sleep_for(milliseconds(500));
    }
  });
  // Meanwhile ordinary clients are served. The worst wait: the first four slow clients hold every
  // thread until their deadline (1 s), the next four until theirs (2 s).
  int served = 0, asked = 0;
  while (Clock::now() - start < seconds(12) && (cut_off < 8 || asked == 0)) {
    RawConnection health(slow.port());
    health.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    ++asked;
    if (status_of(health.receive_all(seconds(5))) == 200) ++served;
    std::this_thread::sleep_for(milliseconds(200));
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  done = true;
  trickle.join();
  INFO("after " << elapsed << " s: " << cut_off << " of 8 slow clients cut off; " << served << " of " << asked
                << " ordinary requests answered within 5 s");
  CHECK(cut_off == 8);
  CHECK(elapsed < 10);
  CHECK(served == asked);
  // The silent client was cut off too, without an answer.
  CHECK(idle.closed_or_answered(seconds(5)));
  CHECK(idle.receive_all(seconds(1)).empty());
  CHECK(slow.wait_for_output("connection: request head (or body) not received within 1000 ms"));
  CHECK(status_of(kr::test::raw_answer(
            slow.port(), kHealth.substr(0, kHealth.size() - 2) + "Connection: close\r\n\r\n")) == 200);
}

TEST_CASE("the head deadline counts from each request's first byte, not the connection's start",
          "[slowloris][hostile]") {
  ServerProcess server(fixture().options());
  RawConnection c(server.port());
  REQUIRE(c.connected());
  // Keep-alive: idle longer than the head deadline between two requests (the keep-alive timeout,
  // 5 s, governs that wait), then a second request on the same connection.
  REQUIRE(c.send(kHealth));
  CHECK(status_of(c.receive_answer(seconds(5))) == 200);
  std::this_thread::sleep_for(milliseconds(1500));
  // A head in two parts, within the deadline.
  REQUIRE(c.send(kHealth.substr(0, 10)));
  std::this_thread::sleep_for(milliseconds(300));
  REQUIRE(c.send(kHealth.substr(10)));
  CHECK(status_of(c.receive_answer(seconds(5))) == 200);
  // A third head that stalls halfway is cut off after its deadline.
  REQUIRE(c.send(kHealth.substr(0, 10)));
  const auto sent = Clock::now();
  CHECK(c.closed_or_answered(seconds(5)));
  CHECK(Clock::now() - sent >= milliseconds(900));
  CHECK(c.receive_all(seconds(1)).empty());
}

TEST_CASE("a request body trickled in is cut off at the same deadline", "[slowloris][hostile]") {
  ServerProcess server(fixture().options());
  RawConnection c(server.port());
  REQUIRE(c.connected());
  // The API takes no bodies; a client announcing one and sending it a byte every 300 ms (30 s in
  // all) would otherwise hold a thread while kr-server reads or drains it.
  REQUIRE(c.send("POST /api/v1/search HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n"));
  const auto start = Clock::now();
  bool cut = false;
  while (!cut && Clock::now() - start < seconds(10)) {
    cut = !c.send("b") || c.closed_or_answered(milliseconds(300));
  }
  CHECK(cut);
  CHECK(Clock::now() - start < seconds(5));
  CHECK(status_of(kr::test::raw_answer(
            server.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) == 200);
}

namespace {

int answers_in(const std::string& received) {
  int n = 0;
  for (auto at = received.find("HTTP/1.1 200"); at != std::string::npos;
       at = received.find("HTTP/1.1 200", at + 1))
    ++n;
  return n;
}

}  // namespace

TEST_CASE("pipelined requests on a kept-alive connection are answered at once", "[keepalive]") {
  // The second request is read along with the first and waits in the server's buffer, not in
  // the socket: waiting for the socket instead would hold it for the keep-alive timeout (5 s).
  ServerProcess server(fixture().options());
  RawConnection c(server.port());
  REQUIRE(c.connected());
  const auto start = Clock::now();
  REQUIRE(c.send(kHealth + kHealth.substr(0, kHealth.size() - 2) + "Connection: close\r\n\r\n"));
  const std::string received = c.receive_all(seconds(10));
  CHECK(answers_in(received) == 2);
  CHECK(Clock::now() - start < seconds(3));
}

TEST_CASE("kept-alive connections end after max_keep_alive_requests and after the keep-alive timeout",
          "[keepalive]") {
  ServerProcess server({.index_dir = fixture().dir / "index",
                        .env = {"KR_MAX_KEEP_ALIVE_REQUESTS=2", "KR_KEEP_ALIVE_SECONDS=1"}});
  {
    RawConnection c(server.port());
    REQUIRE(c.connected());
    REQUIRE(c.send(kHealth));
    const std::string first = c.receive_answer(seconds(5));
    CHECK(status_of(first) == 200);
    CHECK(first.find("Connection: Keep-Alive") != std::string::npos);
    REQUIRE(c.send(kHealth));
    const auto sent = Clock::now();
    const std::string second = c.receive_all(seconds(5));  // returns when the server closes
    CHECK(status_of(second) == 200);
    CHECK(second.find("Connection: Close") != std::string::npos);
    CHECK(Clock::now() - sent < seconds(3));
  }
  {
    RawConnection c(server.port());
    REQUIRE(c.connected());
    REQUIRE(c.send(kHealth));
    CHECK(status_of(c.receive_answer(seconds(5))) == 200);
    const auto answered = Clock::now();
    // Idle: the server closes the connection once the keep-alive timeout (1 s) has passed.
    CHECK(c.closed_or_answered(seconds(4)));
    CHECK(Clock::now() - answered >= milliseconds(900));
    CHECK(c.receive_all(seconds(1)).empty());
  }
}
