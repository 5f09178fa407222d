#include "server/search/doc_set.h"

#include <algorithm>

namespace kr::search {

void DocSet::unite(const DocSet& o) {
  for (std::size_t i = 0; i < std::min(words_.size(), o.words_.size()); ++i) words_[i] |= o.words_[i];
}

void DocSet::intersect(const DocSet& o) {
  for (std::size_t i = 0; i < words_.size(); ++i) words_[i] &= i < o.words_.size() ? o.words_[i] : 0;
}

void DocSet::subtract(const DocSet& o) {
  for (std::size_t i = 0; i < std::min(words_.size(), o.words_.size()); ++i) words_[i] &= ~o.words_[i];
}

void DocSet::flip(const DocSet& o) {
  for (std::size_t i = 0; i < std::min(words_.size(), o.words_.size()); ++i) words_[i] ^= o.words_[i];
}

namespace {

// Bit counting is most of the facet bitmaps' cost (FacetCounter): with the portable x86-64 target
// __builtin_popcountll is a libgcc call per word. Where the CPU has POPCNT (every x86-64 CPU since
// 2008) a copy of the loop compiled for it is used instead, 3-4x faster here.
// The loop, inlined into each copy so that each is compiled for its own target.
__attribute__((always_inline)) inline std::size_t count_and_loop(const std::uint64_t* a,
                                                                 const std::uint64_t* b, std::size_t n) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < n; ++i) count += static_cast<std::size_t>(__builtin_popcountll(a[i] & b[i]));
  return count;
}

std::size_t count_and_portable(const std::uint64_t* a, const std::uint64_t* b, std::size_t n) {
  return count_and_loop(a, b, n);
}

#if defined(__x86_64__)
__attribute__((target("popcnt"))) std::size_t count_and_popcnt(const std::uint64_t* a, const std::uint64_t* b,
                                                               std::size_t n) {
  return count_and_loop(a, b, n);
}
#endif

/// Bits set in both a[0..n) and b[0..n).
std::size_t count_and(const std::uint64_t* a, const std::uint64_t* b, std::size_t n) {
#if defined(__x86_64__)
  static const bool popcnt = __builtin_cpu_supports("popcnt");
  if (popcnt) return count_and_popcnt(a, b, n);
#endif
  return count_and_portable(a, b, n);
}

}  // namespace

std::size_t DocSet::count_common(const DocSet& o) const {
  return count_and(words_.data(), o.words_.data(), std::min(words_.size(), o.words_.size()));
}

std::size_t DocSet::size() const { return count_and(words_.data(), words_.data(), words_.size()); }

}  // namespace kr::search
