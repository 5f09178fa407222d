#pragma once
/// What the search engine answers: plain data, encoded to JSON/Atom by the HTTP layer.
#include <optional>
#include <string>
#include <vector>

#include "core/taxonomy.h"

namespace kr::search {

/// Another language edition of the same work.
struct Edition {
  std::string id;
  std::string lang;
  std::string title;
};

struct Hit {
  std::string id, type, title, date, lang, work;
  std::vector<std::string> countries, regions, themes, pillars;
  std::string action_code, action_name;  ///< empty when none
  double score = 0;                      ///< 0..1 (percent / 100); 0 for date sorts
  std::string snippet;                   ///< HTML: escaped text with <mark>…</mark>
  std::vector<Edition> editions;         ///< other editions of the same work visible to the caller
};

struct FacetValue {
  std::string value, label;
  long count = 0;
  bool selected = false;
};

struct FacetCounts {
  Facet facet;
  std::vector<FacetValue> values;
};

struct SearchResult {
  std::string query;
  std::optional<std::string> suggestion;
  long total = 0;
  int page = 1, per_page = 10;
  double took_ms = 0;
  std::vector<Hit> hits;
  /// type, region, country, theme, pillar, lang, year — in that order.
  std::vector<FacetCounts> facets;
  /// Shards left out of this answer because they are down (shard_failure = degrade).
  std::vector<std::string> missing_shards;
};

}  // namespace kr::search
