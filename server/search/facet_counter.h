#pragma once
/// Exact multi-select facet counts in one matcher pass: a MatchSpy that, for every document
/// matching the query (without facet filters), checks which facet filters it passes and counts
/// its values for facet F when it passes every filter except possibly F's own.
#include <array>
#include <vector>

#include <xapian.h>

#include "server/search/facet_table.h"
#include "server/search/match_set.h"

namespace kr::search {

/// Selected ordinals per facet; an empty vector means "no filter on this facet".
using FacetSelection = std::array<std::vector<bool>, kFacetCount>;

class FacetCounter : public Xapian::MatchSpy {
 public:
  FacetCounter(const FacetTable& table, const FacetSelection& selection);

  void operator()(const Xapian::Document& doc, double weight) override;
  /// Counts one matching document.
  void add(Xapian::docid did);
  /// Counts every document of `matched`.
  void add_all(const DocSet& matched);
  /// Counts every document the caller may see, straight from the facet table: what a query that
  /// matches everything would give, without running the matcher.
  void add_all_visible(bool internal);

  /// Count of documents having value `ordinal` of facet `f`, all other facets' filters applied.
  const std::vector<long>& counts(Facet f) const { return counts_[static_cast<int>(f)]; }
  /// Hits passing every filter, with language editions of one work counted once.
  long total() const { return passing_ + works_seen_; }
  /// The counted documents that pass every filter: the hits' matches, without running their query.
  const DocSet& passing() const { return passing_docs_; }

 private:
  const FacetTable& table_;
  const FacetSelection& selection_;
  std::vector<int> filtered_;  ///< facets with a selection
  std::array<std::vector<long>, kFacetCount> counts_;
  long passing_ = 0;  ///< passing documents without a work
  long works_seen_ = 0;
  std::vector<std::uint64_t> works_;  ///< bitmap of the works counted (ordinals are dense)
  DocSet passing_docs_;
};

}  // namespace kr::search
