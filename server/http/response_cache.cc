#include "server/http/response_cache.h"

#include <algorithm>
#include <vector>

namespace kr::http {

std::shared_ptr<const std::string> ResponseCache::find(const std::string& key, const std::string& revision) {
  if (!enabled()) return nullptr;
  std::lock_guard lock(mutex_);
  if (revision != revision_) reset_to(revision);
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->body;
}

void ResponseCache::store(const std::string& key, const std::string& revision,
                          std::shared_ptr<const std::string> body) {
  if (!enabled() || !body) return;
  Entry entry{key, std::move(body)};
  std::size_t size = cost(entry);
  if (size > max_bytes_ / 4) return;
  std::lock_guard lock(mutex_);
  if (revision != revision_) reset_to(revision);
  if (auto it = index_.find(key); it != index_.end()) {  // computed twice meanwhile: keep one
    bytes_ -= cost(*it->second);
    lru_.erase(it->second);
    index_.erase(it);
  }
  lru_.push_front(std::move(entry));
  index_.emplace(key, lru_.begin());
  bytes_ += size;
  while (bytes_ > max_bytes_ && !lru_.empty()) {
    bytes_ -= cost(lru_.back());
    index_.erase(lru_.back().key);
    lru_.pop_back();
  }
}

void ResponseCache::reset_to(const std::string& revision) {
  revision_ = revision;
  index_.clear();
  lru_.clear();
  bytes_ = 0;
}

std::size_t ResponseCache::entries() const {
  std::lock_guard lock(mutex_);
  return lru_.size();
}

std::size_t ResponseCache::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

// A field added to SearchRequest must be added to the key too, or two different requests would
// share one answer: this fails to compile until the key below is checked (then update the size).
static_assert(sizeof(void*) != 8 || sizeof(search::SearchRequest) == 264,
              "SearchRequest changed: add the new field to search_cache_key, then update this size");

std::string search_cache_key(const search::SearchRequest& r) {
  // Length-prefixed fields: no value can be mistaken for a separator.
  std::string key;
  auto field = [&key](const std::string& value) {
    key += std::to_string(value.size());
    key += ':';
    key += value;
  };
  key += r.access.internal ? "internal|" : "public|";
  field(r.q);
  for (const auto& values : r.filters) {
    std::vector<std::string> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    key += '[';
    for (const auto& v : sorted) field(v);
    key += ']';
  }
  key += '|' + (r.year_from ? std::to_string(*r.year_from) : "-");
  key += '|' + (r.year_to ? std::to_string(*r.year_to) : "-");
  key += '|' + std::to_string(static_cast<int>(r.sort));
  key += '|' + std::to_string(r.page);
  key += '|' + std::to_string(r.per_page);
  key += '|' + std::to_string(static_cast<int>(r.ui_lang));
  key += r.with_facets ? "|f" : "|-";
  return key;
}

}  // namespace kr::http
