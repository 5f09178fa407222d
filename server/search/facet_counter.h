#pragma once
/// Exact multi-select facet counts: for every document matching the query (without facet
/// filters), which facet filters it passes; its values of facet F are counted when it passes every
/// filter except possibly F's own. One document at a time (a small match set), or, for a large one, value by
/// value: |documents passing the other filters ∩ documents with the value|, from the facet table's bitmaps
/// (BENCHMARKS.md §10).
#include <array>
#include <vector>

#include <xapian.h>

#include "server/search/doc_set.h"
#include "server/search/facet_table.h"

namespace kr::search {

/// Selected ordinals per facet; an empty vector means "no filter on this facet".
using FacetSelection = std::array<std::vector<bool>, kFacetCount>;

class FacetCounter {
 public:
  FacetCounter(const FacetTable& table, const FacetSelection& selection);

  /// Counts one matching document.
  void add(Xapian::docid did);
  /// Counts every document of `matched`: by bitmaps when it is large, else one by one.
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
  /// Counts the passing document `did` in the total: one hit, or one edition of a work counted once.
  void count_passing(Xapian::docid did);
  /// add_all by the table's bitmaps: the same counts, in time proportional to the number of facet
  /// values times the index's size rather than to the matches.
  void add_all_by_bitmaps(const DocSet& matched);

  /// Bitmaps when matches × kBitmapRatio > facet values × 64-document words (measured: 16 to 40
  /// give the same times on the 100k mix, BENCHMARKS.md §10).
  static constexpr std::size_t kBitmapRatio = 128;

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
