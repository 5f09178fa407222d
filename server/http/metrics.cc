#include "server/http/metrics.h"

#include "core/json_writer.h"

namespace kr::http {

namespace {

std::string number(double value) {
  std::string out;
  append_json_number(out, value, 6);
  return out == "null" ? "NaN" : out;
}

}  // namespace

void Metrics::record(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  Latency& l = latency_[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++l.buckets[i];
      break;
    }
  }
  ++l.count;
  l.sum += seconds;
}

void Metrics::record_fault(const std::string& route) {
  std::lock_guard lock(mutex_);
  ++faults_[route];
}

void Metrics::record_cache_lookup(bool hit, std::size_t entries, std::size_t bytes) {
  std::lock_guard lock(mutex_);
  ++(hit ? cache_hits_ : cache_misses_);
  cache_entries_ = entries;
  cache_bytes_ = bytes;
}

std::string Metrics::render(const search::IndexStatus& status, const SearchLoad& load) const {
  std::string out;
  std::lock_guard lock(mutex_);
  out += "# HELP kr_http_requests_total HTTP requests answered, by route and status.\n";
  out += "# TYPE kr_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    out += "kr_http_requests_total{route=\"" + key.first + "\",status=\"" + std::to_string(key.second) +
           "\"} " + std::to_string(count) + "\n";
  }
  out += "# HELP kr_http_request_duration_seconds Time to answer a request, by route.\n";
  out += "# TYPE kr_http_request_duration_seconds histogram\n";
  for (const auto& [route, l] : latency_) {
    std::string prefix = "kr_http_request_duration_seconds_bucket{route=\"" + route + "\",le=\"";
    long cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += l.buckets[i];
      out += prefix + number(kBuckets[i]) + "\"} " + std::to_string(cumulative) + "\n";
    }
    out += prefix + "+Inf\"} " + std::to_string(l.count) + "\n";
    out += "kr_http_request_duration_seconds_sum{route=\"" + route + "\"} " + number(l.sum) + "\n";
    out +=
        "kr_http_request_duration_seconds_count{route=\"" + route + "\"} " + std::to_string(l.count) + "\n";
  }
  out += "# HELP kr_http_faults_total Requests that failed with an unexpected exception.\n";
  out += "# TYPE kr_http_faults_total counter\n";
  for (const auto& [route, count] : faults_) {
    out += "kr_http_faults_total{route=\"" + route + "\"} " + std::to_string(count) + "\n";
  }
  // One-value metrics: help line, type line, value line.
  auto single = [&out](const char* name, const char* type, const char* help, const std::string& value) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" + name + " " +
           value + "\n";
  };
  single("kr_search_cache_hits_total", "counter", "Searches answered from the answer cache.",
         std::to_string(cache_hits_));
  single("kr_search_cache_misses_total", "counter",
         "Searches computed (not in the answer cache, or it is off).", std::to_string(cache_misses_));
  single("kr_search_cache_entries", "gauge", "Answers in the cache at the last lookup.",
         std::to_string(cache_entries_));
  single("kr_search_cache_bytes", "gauge", "Approximate memory held by the cache at the last lookup.",
         std::to_string(cache_bytes_));
  single("kr_search_slots", "gauge", "Searches computed at a time (max_searches); others wait.",
         std::to_string(load.slots));
  single("kr_searches_running", "gauge", "Searches being computed.", std::to_string(load.running));
  single("kr_searches_waiting", "gauge", "Searches waiting for a slot, in arrival order.",
         std::to_string(load.waiting));
  single("kr_index_documents", "gauge", "Documents in the index visible to the caller.",
         std::to_string(status.documents));
  single("kr_index_age_seconds", "gauge", "Seconds since the last index commit.", number(status.age_seconds));
  return out;
}

}  // namespace kr::http
