#pragma once
/// Integration-test harness: runs the real kr-server on a free loopback port, and a small HTTP
/// client. Example:
///   kr::test::ServerProcess server({.index_dir = index});
///   auto r = server.get("/api/v1/search?q=diaspora");
///   CHECK(r.status == 200);
#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

#include "tests/support/test_support.h"

namespace kr::test {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  int status = 0;
  std::string reason;
  Headers headers;  ///< as received
  std::string body;
  /// Value of a header (name compared case-insensitively); "" when absent.
  std::string header(const std::string& name) const;
  bool has_header(const std::string& name) const;
};

/// One request on a fresh connection to 127.0.0.1:port. `target` is sent as is (not encoded).
HttpResponse http_request(int port, const std::string& method, const std::string& target,
                          const Headers& headers = {}, const std::string& body = {});
inline HttpResponse http_get(int port, const std::string& target, const Headers& headers = {}) {
  return http_request(port, "GET", target, headers);
}
/// Sends `bytes` as they are and returns everything the server answers until it closes the
/// connection (or 10 s pass): for requests no client library would send.
std::string raw_exchange(int port, const std::string& bytes);

/// A loopback port that was free a moment ago (for servers the tests start).
int free_port();

/// A running kr-server; SIGTERM and wait in the destructor.
class ServerProcess {
 public:
  struct Options {
    // Every member has an initializer so designated initializers may leave any out.
    std::string index_dir = {};
    std::string keys_file = {};                ///< --keys when not empty
    std::string web_dir = {};                  ///< --web when not empty
    std::string config_file = {};              ///< --config when not empty
    std::vector<std::string> extra_args = {};  ///< appended to the command line
    std::vector<std::string> env = {};         ///< "NAME=VALUE" added to the environment
  };

  /// Starts binary_path("server/kr-server") on a free port and waits until /healthz answers;
  /// throws std::runtime_error (with the server's output) when it does not start.
  explicit ServerProcess(const Options& options);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  HttpResponse get(const std::string& target, const Headers& headers = {}) const {
    return http_get(port_, target, headers);
  }
  HttpResponse request(const std::string& method, const std::string& target, const Headers& headers = {},
                       const std::string& body = {}) const {
    return http_request(port_, method, target, headers, body);
  }
  /// Everything the server wrote to stdout and stderr so far (the request log).
  std::string output() const;
  /// Waits up to 5 s until output() contains `text` (the log line of a request is written just
  /// after its answer is sent); returns whether it does.
  bool wait_for_output(const std::string& text) const;
  /// SIGTERM, then waits (SIGKILL after 10 s). Returns the exit status, or -signal.
  int stop();

 private:
  bool start(const Options& options);  // false when the port was taken meanwhile
  TempDir dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace kr::test
