#include "server/search/date_window.h"

#include <string>
#include <vector>

#include "core/index_schema.h"

namespace kr::search {

std::optional<Xapian::Query> date_window(const FacetTable& table, const DocSet& passing, std::size_t need,
                                         bool newest_first) {
  const auto& years = table.values(Facet::year);
  std::vector<std::size_t> per_year(years.size(), 0);
  bool undated = false;
  passing.for_each([&](Xapian::docid did) {
    int y = table.year(did);
    if (y < 0)
      undated = true;
    else
      ++per_year[static_cast<std::size_t>(y)];
  });
  if (undated || years.empty()) return std::nullopt;
  const std::size_t wanted = need * table.max_editions();
  std::size_t kept = 0;
  for (std::size_t k = 0; k < years.size(); ++k) {
    std::size_t y = newest_first ? years.size() - 1 - k : k;
    kept += per_year[y];
    if (kept < wanted) continue;
    bool drops_some = false;  // any match in a year beyond y?
    for (std::size_t j = k + 1; j < years.size() && !drops_some; ++j)
      drops_some = per_year[newest_first ? years.size() - 1 - j : j] != 0;
    if (!drops_some) return std::nullopt;
    // kSlotDate holds YYYYMMDD: every date of year Y sorts between "Y" and "Y" + "9999".
    if (newest_first) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDate, years[y]);
    return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kSlotDate, years[y] + "9999");
  }
  return std::nullopt;
}

}  // namespace kr::search
