#pragma once
/// Serialised search answers, kept for repeated requests (popular queries repeat): a hit skips
/// parsing the query, both matcher passes, the hits and the JSON. Least recently used entries go
/// first once the entries' bytes pass the bound; a bound of 0 turns the cache off. Entries belong
/// to one index content: when the engine reports another revision, everything is dropped, so an
/// answer never outlives a re-index. The key holds the access level (see search_cache_key), so a
/// public caller can never be given an answer computed for an internal one. Thread-safe.
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "server/search/search_request.h"

namespace kr::http {

class ResponseCache {
 public:
  explicit ResponseCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  bool enabled() const { return max_bytes_ > 0; }

  /// The body stored for `key` under index revision `revision`; null when there is none (a
  /// different revision first empties the cache).
  std::shared_ptr<const std::string> find(const std::string& key, const std::string& revision);
  /// Stores a body computed at `revision`; nothing when the cache is off or the body alone is
  /// larger than a quarter of the bound.
  void store(const std::string& key, const std::string& revision, std::shared_ptr<const std::string> body);

  std::size_t entries() const;
  std::size_t bytes() const;

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const std::string> body;
  };
  void reset_to(const std::string& revision);  // with mutex_ held
  static std::size_t cost(const Entry& e) { return e.key.size() + e.body->size() + 128; }

  const std::size_t max_bytes_;
  mutable std::mutex mutex_;
  std::string revision_;
  std::list<Entry> lru_;  ///< most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  std::size_t bytes_ = 0;
};

/// The cache key of a search: every field of the parsed request that can change the answer,
/// filter values sorted (their order changes nothing), the access level included.
std::string search_cache_key(const search::SearchRequest& request);

}  // namespace kr::http
