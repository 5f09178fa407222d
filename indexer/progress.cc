#include "indexer/progress.h"

#include <cstdio>

namespace kr::index {

using Clock = std::chrono::steady_clock;

Progress::Progress(std::size_t total, bool terminal)
    : total_(total), terminal_(terminal), start_(Clock::now()), last_(start_) {}

void Progress::step(std::size_t done) {
  auto now = Clock::now();
  auto interval = terminal_ ? std::chrono::milliseconds(200) : std::chrono::milliseconds(5000);
  if (now - last_ < interval && done != total_) return;
  last_ = now;
  double secs = std::chrono::duration<double>(now - start_).count();
  double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
  double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : 0;
  if (terminal_) {
    int width = 30;
    int filled = total_ ? static_cast<int>(width * done / total_) : width;
    std::fprintf(stderr, "\r[%-*.*s] %zu/%zu %.0f rec/s ETA %.0fs ", width, filled,
                 "##############################", done, total_, rate, eta);
  } else {
    std::fprintf(stderr, "kr-index: %zu/%zu records, %.0f rec/s, ETA %.0fs\n", done, total_, rate, eta);
  }
  std::fflush(stderr);
}

void Progress::finish(std::size_t done) {
  double secs = std::chrono::duration<double>(Clock::now() - start_).count();
  if (terminal_) std::fprintf(stderr, "\n");
  std::fprintf(stderr, "kr-index: %zu records read in %.2fs\n", done, secs);
}

}  // namespace kr::index
