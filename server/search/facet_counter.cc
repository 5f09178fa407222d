#include "server/search/facet_counter.h"

namespace kr::search {

FacetCounter::FacetCounter(const FacetTable& table, const FacetSelection& selection)
    : table_(table), selection_(selection), passing_docs_(table.last_docid()) {
  for (int i = 0; i < kFacetCount; ++i) {
    counts_[i].assign(table.values(static_cast<Facet>(i)).size(), 0);
    if (!selection[i].empty()) filtered_.push_back(i);
  }
}

void FacetCounter::add_all(const DocSet& matched) {
  // One by one costs ~a dozen counter increments per match; by bitmaps, one AND and popcount per
  // facet value and 64 documents, whatever the matches (100k: ~320 values x 1563 words). Bitmaps
  // win from a few percent of the documents matching on (BENCHMARKS.md §10).
  const std::size_t words = static_cast<std::size_t>(table_.last_docid()) / 64 + 1;
  if (matched.size() * kBitmapRatio > table_.value_count() * words) return add_all_by_bitmaps(matched);
  matched.for_each([this](Xapian::docid did) { add(did); });
}

void FacetCounter::add_all_visible(bool internal) {
  DocSet visible = table_.all_documents();
  if (!internal) visible.subtract(table_.internal_documents());
  add_all(visible);
}

void FacetCounter::add_all_by_bitmaps(const DocSet& matched) {
  // Documents having a selected value, per filtered facet (OR within a facet).
  std::array<DocSet, kFacetCount> selected;
  for (int f : filtered_) {
    selected[f] = DocSet(table_.last_docid());
    for (unsigned ord = 0; ord < selection_[f].size(); ++ord)
      if (selection_[f][ord] && ord < table_.values(static_cast<Facet>(f)).size())
        selected[f].unite(table_.documents_with(static_cast<Facet>(f), ord));
  }
  DocSet passing = matched;
  for (int f : filtered_) passing.intersect(selected[f]);
  for (int f = 0; f < kFacetCount; ++f) {
    // A filtered facet counts the documents passing every other filter; the others, the passing.
    DocSet others;
    const DocSet* base = &passing;
    if (!selection_[f].empty()) {
      others = matched;
      for (int g : filtered_)
        if (g != f) others.intersect(selected[g]);
      base = &others;
    }
    for (unsigned ord = 0; ord < counts_[f].size(); ++ord)
      counts_[f][ord] +=
          static_cast<long>(base->count_common(table_.documents_with(static_cast<Facet>(f), ord)));
  }
  passing_docs_.unite(passing);
  passing.for_each([this](Xapian::docid did) { count_passing(did); });
}

void FacetCounter::add(Xapian::docid did) {
  auto [begin, end] = table_.codes(did);
  // Which selected facets does this document fail? (OR within a facet.)
  int failed = -1, failures = 0;
  for (int f : filtered_) {
    bool pass = false;
    for (const FacetCode* c = begin; c != end && !pass; ++c) {
      if (static_cast<int>(code_facet(*c)) != f) continue;
      unsigned ord = code_ordinal(*c);
      pass = ord < selection_[f].size() && selection_[f][ord];
    }
    if (!pass) {
      failed = f;
      if (++failures > 1) return;
    }
  }
  for (const FacetCode* c = begin; c != end; ++c) {
    int f = static_cast<int>(code_facet(*c));
    if (failures == 0 || f == failed) ++counts_[f][code_ordinal(*c)];
  }
  if (failures == 0) {
    passing_docs_.insert(did);
    count_passing(did);
  }
}

void FacetCounter::count_passing(Xapian::docid did) {
  if (std::uint32_t w = table_.work(did)) {
    if (w / 64 >= works_.size()) works_.resize(w / 64 + 1 + works_.size() / 2, 0);
    std::uint64_t bit = std::uint64_t{1} << (w % 64);
    if ((works_[w / 64] & bit) == 0) ++works_seen_;
    works_[w / 64] |= bit;
  } else {
    ++passing_;
  }
}

}  // namespace kr::search
