#pragma once
/// Expected search answers computed from the independent corpus model (corpus_model.h): which
/// records a set of facet filters keeps, facet counts and totals, for public callers or with a key.
#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "tests/support/corpus_model.h"

namespace kr::test {

/// Selected values by facet name; also renders itself as query parameters.
using Filters = std::map<std::string, std::set<std::string>>;

inline std::string to_params(const Filters& filters) {
  std::string out = "per_page=1";
  for (const auto& [facet, values] : filters)
    for (const auto& v : values) out += "&" + facet + "=" + v;
  return out;
}

inline bool passes(const CorpusRecord& r, const Filters& filters, const std::string& except = "") {
  for (const auto& [facet, wanted] : filters) {
    if (facet == except) continue;
    auto have = facet_values(r, facet);
    if (std::none_of(have.begin(), have.end(), [&](const auto& v) { return wanted.count(v); })) return false;
  }
  return true;
}

inline bool visible(const CorpusRecord& r, bool with_key) { return with_key || r.audience != "internal"; }

/// Facet F's expected counts: documents passing every filter but F's own (editions count each).
/// `removed`: ids of records taken out of the indexed copy of the corpus.
inline std::map<std::string, long> expected_counts(const std::string& facet, const Filters& filters,
                                                   bool with_key, const std::set<std::string>& removed = {}) {
  std::map<std::string, long> counts;
  for (const auto& r : corpus_model()) {
    if (removed.count(r.id) || !visible(r, with_key) || !passes(r, filters, facet)) continue;
    for (const auto& v : facet_values(r, facet)) ++counts[v];
  }
  return counts;
}

/// Expected total: works passing every filter (language editions of one work are one hit).
inline long expected_total(const Filters& filters, bool with_key, const std::set<std::string>& removed = {}) {
  std::set<std::string> works;
  long lone = 0;
  for (const auto& r : corpus_model()) {
    if (removed.count(r.id) || !visible(r, with_key) || !passes(r, filters)) continue;
    if (r.work.empty()) {
      ++lone;
    } else {
      works.insert(r.work);
    }
  }
  return lone + static_cast<long>(works.size());
}

}  // namespace kr::test
