#include "server/search/coverage.h"

#include <set>

#include "server/search/coverage_counter.h"
#include "server/search/engine.h"
#include "server/search/engine_impl.h"
#include "server/search/match_walk.h"

namespace kr::search {

namespace {

/// The ordinals of a facet's values to show: all of them, except years that no record visible to
/// the caller has (a year only internal records have must not show up, even as a zero row).
std::vector<std::size_t> shown_ordinals(const FacetTable& table, Facet f, const Access& access) {
  std::vector<std::size_t> out;
  for (std::size_t k = 0; k < table.values(f).size(); ++k)
    if (f != Facet::year || table.present(f, static_cast<unsigned>(k), access.internal)) out.push_back(k);
  return out;
}

}  // namespace

bool is_coverage_facet(Facet f) noexcept { return f != Facet::audience; }

Result<Coverage> Engine::coverage(const CoverageRequest& request) {
  if (!is_coverage_facet(request.rows) || !is_coverage_facet(request.cols)) {
    return make_error(ErrorCode::invalid_argument, "coverage axes must be facets");
  }
  if (request.rows == request.cols) {
    return make_error(ErrorCode::invalid_argument, "coverage rows and cols must differ");
  }
  return impl_->pool.with_reader([&](Reader& r) -> Result<Coverage> {
    auto built = r.queries->build(request.search, *r.facets);
    if (!built) return built.error();
    // One unweighted pass over every record matching the text and all filters.
    CoverageCounter counter(*r.facets, request.rows, request.cols);
    walk_matches(r, built->filtered, counter);

    Coverage out;
    out.rows = request.rows;
    out.cols = request.cols;
    auto rows = shown_ordinals(*r.facets, request.rows, request.search.access);
    auto cols = shown_ordinals(*r.facets, request.cols, request.search.access);
    const auto& row_values = r.facets->values(request.rows);
    const auto& col_values = r.facets->values(request.cols);
    UiLang lang = request.search.ui_lang;
    // One label per value: a few ids (migration-development) are both a theme and a pillar,
    // with the same labels.
    std::set<std::string> labelled;
    auto label = [&](Facet f, const std::string& value) {
      if (labelled.insert(value).second)
        out.labels.emplace_back(value, impl_->taxonomy.label(f, value, lang));
    };
    for (std::size_t i : rows) {
      out.row_values.push_back(row_values[i]);
      label(request.rows, row_values[i]);
      std::vector<long> line;
      line.reserve(cols.size());
      for (std::size_t k : cols) line.push_back(counter.counts()[i][k]);
      out.counts.push_back(std::move(line));
    }
    for (std::size_t k : cols) {
      out.col_values.push_back(col_values[k]);
      label(request.cols, col_values[k]);
    }
    return out;
  });
}

}  // namespace kr::search
