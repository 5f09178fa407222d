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

}  // namespace kr::test
