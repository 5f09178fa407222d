#pragma once
/// Request metrics in Prometheus text format: counts by route and status, a latency histogram
/// by route, handler faults, the search gate's load, and the index size and age. Thread-safe.
#include <array>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "server/search/engine.h"

namespace kr::http {

/// The search gate (search_gate.h) at the time of a /metrics request.
struct SearchLoad {
  int slots = 0;    ///< searches computed at a time (max_searches)
  int running = 0;  ///< being computed now
  int waiting = 0;  ///< waiting for a slot
};

class Metrics {
 public:
  /// Records one answered request. `route` is the route's name ("search"), not the path, so the
  /// number of series stays bounded.
  void record(const std::string& route, int status, double seconds);
  /// Records a fault caught by the handler wrapper (an exception turned into a 500).
  void record_fault(const std::string& route);
  /// Records one lookup in the search answer cache, and its size after it.
  void record_cache_lookup(bool hit, std::size_t entries, std::size_t bytes);

  /// The exposition text, index gauges from `status`, the search gate's from `load`.
  std::string render(const search::IndexStatus& status, const SearchLoad& load) const;

  /// Upper bounds of the latency buckets, in seconds (+Inf implied).
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

 private:
  struct Latency {
    std::array<long, kBuckets.size()> buckets{};  // cumulative at render time, per-bucket here
    long count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, long> requests_;
  std::map<std::string, Latency> latency_;
  std::map<std::string, long> faults_;
  long cache_hits_ = 0, cache_misses_ = 0;
  std::size_t cache_entries_ = 0, cache_bytes_ = 0;
};

}  // namespace kr::http
