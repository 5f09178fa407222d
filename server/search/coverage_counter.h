#pragma once
/// A MatchSpy that fills a row x column matrix in one matcher pass: for every document it sees
/// (run it over the fully filtered query), each pair of its row-facet and column-facet values
/// gets one more record. Facet values come from the FacetTable (a memory read per document).
#include <vector>

#include <xapian.h>

#include "server/search/facet_table.h"

namespace kr::search {

class CoverageCounter : public Xapian::MatchSpy {
 public:
  /// Counts into a matrix of table.values(rows).size() x table.values(cols).size().
  CoverageCounter(const FacetTable& table, Facet rows, Facet cols);

  void operator()(const Xapian::Document& doc, double weight) override;
  /// Counts one matching document.
  void add(Xapian::docid did);

  /// counts()[row ordinal][column ordinal].
  const std::vector<std::vector<long>>& counts() const { return counts_; }

 private:
  const FacetTable& table_;
  Facet rows_, cols_;
  std::vector<std::vector<long>> counts_;
  std::vector<unsigned> row_ords_, col_ords_;  // scratch, reused per document
};

}  // namespace kr::search
