#pragma once
/// Running the project's executables from tests: capture output and exit status, or start one
/// in the background and kill it.
#include <sys/types.h>

#include <string>
#include <vector>

namespace kr::test {

struct ProcessResult {
  int exit_code = -1;  ///< -1 when killed by a signal
  std::string out, err;
};

/// Runs `argv` to completion, capturing stdout and stderr.
ProcessResult run_process(const std::vector<std::string>& argv);

/// Starts `argv` in the background with stdout/stderr sent to `log_path`; returns its pid.
pid_t spawn_process(const std::vector<std::string>& argv, const std::string& log_path);

/// A program running in the background for the length of a test (a xapian-tcpsrv, nginx, a
/// replication server): started on construction, killed with its children on destruction.
class BackgroundProcess {
 public:
  BackgroundProcess(const std::vector<std::string>& argv, const std::string& log_path);
  ~BackgroundProcess() { kill(); }
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  /// SIGKILL to the process and the children it forked (servers fork one per connection), all
  /// in its own process group, then reaped: the machine going away. Idempotent.
  void kill();
  /// SIGSTOP to the process and its children: connections are accepted by the kernel, nothing
  /// answers (a hung machine). kill() ends a paused process too.
  void pause() const;

 private:
  pid_t pid_ = -1;
};

}  // namespace kr::test
