#include "server/search/coverage_counter.h"

namespace kr::search {

CoverageCounter::CoverageCounter(const FacetTable& table, Facet rows, Facet cols)
    : table_(table),
      rows_(rows),
      cols_(cols),
      counts_(table.values(rows).size(), std::vector<long>(table.values(cols).size(), 0)) {}

void CoverageCounter::operator()(const Xapian::Document& doc, double) { add(doc.get_docid()); }

void CoverageCounter::add(Xapian::docid did) {
  auto [begin, end] = table_.codes(did);
  row_ords_.clear();
  col_ords_.clear();
  for (const FacetCode* c = begin; c != end; ++c) {
    Facet f = code_facet(*c);
    if (f == rows_) row_ords_.push_back(code_ordinal(*c));
    if (f == cols_) col_ords_.push_back(code_ordinal(*c));
  }
  for (unsigned r : row_ords_)
    for (unsigned k : col_ords_) ++counts_[r][k];
}

}  // namespace kr::search
