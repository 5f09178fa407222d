#pragma once
/// The coverage matrix: how many records matching a search fall in each (row value, column
/// value) cell of two facets, e.g. region x pillar. Computed by Engine::coverage in one matcher
/// pass (see coverage_counter.h); plain data for the HTTP layer to encode.
#include <string>
#include <utility>
#include <vector>

#include "core/taxonomy.h"
#include "server/search/search_request.h"

namespace kr::search {

struct CoverageRequest {
  Facet rows = Facet::region;
  Facet cols = Facet::pillar;
  /// Text, filters, year range, ui_lang and access as for a search; sort and paging are ignored.
  SearchRequest search;
};

struct Coverage {
  Facet rows = Facet::region;
  Facet cols = Facet::pillar;
  /// Every value of each facet, zeros included: the vocabulary in taxonomy order (all taxonomy
  /// countries for country), or for year the years of records the caller may see, ascending.
  std::vector<std::string> row_values, col_values;
  /// counts[i][j]: records with row_values[i] and col_values[j]. A record with several values of
  /// a facet counts in each of its cells.
  std::vector<std::vector<long>> counts;
  /// Label in ui_lang of every row and column value (each value once), rows first, in order.
  std::vector<std::pair<std::string, std::string>> labels;
};

/// True when a facet can be a coverage axis (type region country theme pillar lang year).
bool is_coverage_facet(Facet f) noexcept;

}  // namespace kr::search
