#pragma once
/// Helpers of the hostile request tests: a raw loopback connection for requests no HTTP client
/// would send, and the parts of a raw answer.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "tests/support/process.h"
#include "tests/support/test_support.h"

namespace kr::test {

using Clock = std::chrono::steady_clock;

/// The sample corpus indexed into a temporary folder (dir / "index") for the servers under test;
/// SIGPIPE ignored, as the server may close while a hostile request is still being sent.
struct IndexedCorpus {
  TempDir dir;
  IndexedCorpus() {
    ::signal(SIGPIPE, SIG_IGN);
    auto indexed = run_process(
        {binary_path("indexer/kr-index"), "--corpus", source_path("corpus"), "--index", dir / "index"});
    if (indexed.exit_code != 0) throw std::runtime_error("kr-index failed:\n" + indexed.err);
  }
};

/// A blocking loopback connection.
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
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
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
  std::string receive_all(std::chrono::milliseconds wait) { return receive(wait, false); }
  /// One complete answer (headers and a Content-Length body), at most `wait`; the connection
  /// stays open when the server keeps it alive.
  std::string receive_answer(std::chrono::milliseconds wait) { return receive(wait, true); }

 private:
  std::string receive(std::chrono::milliseconds wait, bool one_answer) {
    std::string out;
    const auto deadline = Clock::now() + wait;
    char buf[4096];
    while (Clock::now() < deadline && !(one_answer && complete(out))) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
  }
  static bool complete(const std::string& answer) {
    const auto end = answer.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    const auto at = answer.find("Content-Length: ");
    if (at == std::string::npos || at > end) return true;
    return answer.size() >= end + 4 + std::stoul(answer.substr(at + 16));
  }

  int fd_;
  bool connected_ = false;
};

/// Sends `request` raw and returns everything the server answers within 10 s.
inline std::string raw_answer(int port, const std::string& request) {
  RawConnection c(port);
  if (!c.connected()) return {};
  c.send(request);
  return c.receive_all(std::chrono::seconds(10));
}

/// The status code of a raw answer, or 0 when the server closed the connection without one.
inline int status_of(const std::string& answer) {
  if (answer.rfind("HTTP/1.", 0) != 0 || answer.size() < 12) return 0;
  return std::stoi(answer.substr(9, 3));
}

/// The body of a raw answer ("" without one).
inline std::string body_of(const std::string& answer) {
  const auto end = answer.find("\r\n\r\n");
  return end == std::string::npos ? std::string() : answer.substr(end + 4);
}

inline int raw_status(int port, const std::string& request) { return status_of(raw_answer(port, request)); }

}  // namespace kr::test
