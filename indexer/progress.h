#pragma once
/// Progress reporting on stderr: a bar with rate and ETA on a terminal, plain lines otherwise.
#include <chrono>
#include <cstddef>

namespace kr::index {

class Progress {
 public:
  Progress(std::size_t total, bool terminal);
  /// Called after each record.
  void step(std::size_t done);
  void finish(std::size_t done);

 private:
  std::size_t total_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace kr::index
