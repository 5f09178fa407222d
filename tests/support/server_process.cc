#include "tests/support/server_process.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <fcntl.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace kr::test {

namespace {

using Clock = std::chrono::steady_clock;

/// fork + execve with stdout and stderr appended to `log_path`; returns the child's pid.
pid_t spawn(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
            const std::string& log_path) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<char*> env;
  for (char** e = environ; *e; ++e) env.push_back(*e);
  for (const auto& e : extra_env) env.push_back(const_cast<char*>(e.c_str()));
  env.push_back(nullptr);
  int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) throw std::runtime_error("cannot open " + log_path);
  pid_t pid = ::fork();
  if (pid == 0) {  // child: only async-signal-safe calls until exec
    ::dup2(log, 1);
    ::dup2(log, 2);
    ::execve(args[0], args.data(), env.data());
    ::_exit(127);
  }
  ::close(log);
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  return pid;
}

/// Waits up to `timeout` for `pid`; its exit status (or -signal), or nullopt when still running.
std::optional<int> wait_for(pid_t pid, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (true) {
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    if (r < 0 && errno != EINTR) return -1;
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

std::string HttpResponse::header(const std::string& name) const {
  for (const auto& [n, v] : headers) {
    if (::strcasecmp(n.c_str(), name.c_str()) == 0) return v;
  }
  return {};
}

bool HttpResponse::has_header(const std::string& name) const {
  for (const auto& h : headers) {
    if (::strcasecmp(h.first.c_str(), name.c_str()) == 0) return true;
  }
  return false;
}

HttpResponse http_request(int port, const std::string& method, const std::string& target,
                          const Headers& headers, const std::string& body) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  session.setTimeout(Poco::Timespan(30, 0));
  Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [name, value] : headers) request.add(name, value);
  if (!body.empty()) request.setContentLength(static_cast<std::streamsize>(body.size()));
  std::ostream& out = session.sendRequest(request);
  out << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  HttpResponse result;
  result.status = static_cast<int>(response.getStatus());
  result.reason = response.getReason();
  for (const auto& [name, value] : response) result.headers.emplace_back(name, value);
  Poco::StreamCopier::copyToString(in, result.body);
  return result;
}

std::string raw_exchange(int port, const std::string& bytes) {
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
  socket.setReceiveTimeout(Poco::Timespan(10, 0));
  socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
  socket.shutdownSend();
  std::string out;
  char buf[4096];
  try {
    while (int n = socket.receiveBytes(buf, sizeof buf)) {
      if (n < 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
  } catch (const Poco::Exception&) {
    // timeout or reset: return what arrived
  }
  return out;
}

int free_port() {
  Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
  int port = probe.address().port();
  probe.close();
  return port;
}

ServerProcess::ServerProcess(const Options& options) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    if (start(options)) return;
  }
  throw std::runtime_error("kr-server did not start after 5 attempts:\n" + output());
}

bool ServerProcess::start(const Options& options) {
  port_ = free_port();
  std::vector<std::string> argv = {binary_path("server/kr-server"), "--index=" + options.index_dir,
                                   "--listen=127.0.0.1:" + std::to_string(port_)};
  if (!options.keys_file.empty()) argv.push_back("--keys=" + options.keys_file);
  if (!options.web_dir.empty()) argv.push_back("--web=" + options.web_dir);
  if (!options.config_file.empty()) argv.push_back("--config=" + options.config_file);
  argv.insert(argv.end(), options.extra_args.begin(), options.extra_args.end());
  pid_ = spawn(argv, options.env, dir_ / "server.log");

  auto deadline = Clock::now() + std::chrono::seconds(30);
  while (Clock::now() < deadline) {
    if (auto exited = wait_for(pid_, std::chrono::milliseconds(0))) {
      pid_ = -1;
      if (output().find("cannot listen") != std::string::npos) return false;  // port taken
      throw std::runtime_error("kr-server exited with status " + std::to_string(*exited) + ":\n" + output());
    }
    try {
      // Any answer will do: a key-protected setup may refuse /healthz, but it is up.
      if (http_get(port_, "/healthz").status > 0) return true;
    } catch (const Poco::Exception&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  stop();
  throw std::runtime_error("kr-server did not answer /healthz within 30 s:\n" + output());
}

ServerProcess::~ServerProcess() { stop(); }

std::string ServerProcess::output() const {
  try {
    return read_file(dir_ / "server.log");
  } catch (const std::exception&) {
    return {};
  }
}

bool ServerProcess::wait_for_output(const std::string& text) const {
  auto deadline = Clock::now() + std::chrono::seconds(5);
  while (output().find(text) == std::string::npos) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

int ServerProcess::stop() {
  if (pid_ <= 0) return 0;
  ::kill(pid_, SIGTERM);
  auto status = wait_for(pid_, std::chrono::seconds(10));
  if (!status) {
    ::kill(pid_, SIGKILL);
    status = wait_for(pid_, std::chrono::seconds(5));
  }
  pid_ = -1;
  return status.value_or(-SIGKILL);
}

}  // namespace kr::test
