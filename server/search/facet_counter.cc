#include "server/search/facet_counter.h"

namespace kr::search {

FacetCounter::FacetCounter(const FacetTable& table, const FacetSelection& selection)
    : table_(table), selection_(selection), passing_docs_(table.last_docid()) {
  for (int i = 0; i < kFacetCount; ++i) {
    counts_[i].assign(table.values(static_cast<Facet>(i)).size(), 0);
    if (!selection[i].empty()) filtered_.push_back(i);
  }
}

void FacetCounter::operator()(const Xapian::Document& doc, double) { add(doc.get_docid()); }

void FacetCounter::add_all(const DocSet& matched) {
  matched.for_each([this](Xapian::docid did) { add(did); });
}

void FacetCounter::add_all_visible(bool internal) {
  for (Xapian::docid did = 1; did <= table_.last_docid(); ++did) {
    auto [begin, end] = table_.codes(did);
    if (begin == end) continue;  // no such document (deleted)
    if (!internal && table_.is_internal(did)) continue;
    add(did);
  }
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
    if (std::uint32_t w = table_.work(did)) {
      if (w / 64 >= works_.size()) works_.resize(w / 64 + 1 + works_.size() / 2, 0);
      std::uint64_t bit = std::uint64_t{1} << (w % 64);
      if ((works_[w / 64] & bit) == 0) ++works_seen_;
      works_[w / 64] |= bit;
    } else {
      ++passing_;
    }
  }
}

}  // namespace kr::search
