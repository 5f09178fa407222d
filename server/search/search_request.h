#pragma once
/// What a caller asks of the search engine, already parsed and validated by the HTTP layer.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/taxonomy.h"

namespace kr::search {

enum class Sort { relevance, date_desc, date_asc };  ///< relevance | -date (newest) | date

/// Who is asking: public callers never see internal records.
struct Access {
  bool internal = false;
};

struct SearchRequest {
  std::string q;  ///< free text in Xapian query syntax; empty lists everything matching filters
  /// Selected values per facet (indexed by Facet); OR within a facet, AND across facets.
  /// Only type, region, country, theme, pillar and lang are filters (year uses the range below).
  std::array<std::vector<std::string>, kFacetCount> filters;
  std::optional<int> year_from, year_to;
  Sort sort = Sort::relevance;
  int page = 1;       ///< 1-based
  int per_page = 10;  ///< 1..100
  UiLang ui_lang = UiLang::en;
  bool with_facets = true;
  Access access;
};

}  // namespace kr::search
