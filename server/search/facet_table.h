#pragma once
/// Facet values of every document as small ordinals in one flat array, built once per index
/// revision from the kSlotFacets value stream. Counting then costs a memory read per document
/// instead of a value lookup (PITFALLS.md, "Facet counting").
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "core/taxonomy.h"
#include "server/search/doc_set.h"

namespace kr::search {

/// One facet value of one document: facet in the top 3 bits, ordinal in the low 13.
using FacetCode = std::uint16_t;
inline constexpr FacetCode make_code(Facet f, unsigned ordinal) {
  return static_cast<FacetCode>((static_cast<unsigned>(f) << 13) | ordinal);
}
inline constexpr Facet code_facet(FacetCode c) { return static_cast<Facet>(c >> 13); }
inline constexpr unsigned code_ordinal(FacetCode c) { return c & 0x1FFFu; }

class FacetTable {
 public:
  /// Reads every document's facets. Vocabulary facets take the taxonomy's order as ordinals;
  /// years are sorted; values unknown to the taxonomy are ignored.
  static std::shared_ptr<const FacetTable> build(const Xapian::Database& db, const Taxonomy& taxonomy);

  /// The facet codes of a document (empty for unknown docids).
  std::pair<const FacetCode*, const FacetCode*> codes(Xapian::docid did) const {
    if (did >= offsets_.size() - 1) return {nullptr, nullptr};
    return {codes_.data() + offsets_[did], codes_.data() + offsets_[did + 1]};
  }
  Xapian::docid last_docid() const { return static_cast<Xapian::docid>(offsets_.size() - 2); }
  /// True for an internal record.
  bool is_internal(Xapian::docid did) const {
    auto [b, e] = codes(did);
    for (const FacetCode* c = b; c != e; ++c)
      if (*c == internal_code_) return true;
    return false;
  }
  /// Work ordinal of a document, 0 when it has none.
  std::uint32_t work(Xapian::docid did) const { return did < works_.size() ? works_[did] : 0; }
  /// The most documents (language editions) any one work has; 1 when no document has a work.
  std::uint32_t max_editions() const { return max_editions_; }
  /// Ordinal of a document's year in values(Facet::year) (ascending years), -1 when it has none.
  int year(Xapian::docid did) const {
    auto [b, e] = codes(did);
    for (const FacetCode* c = b; c != e; ++c)
      if (code_facet(*c) == Facet::year) return static_cast<int>(code_ordinal(*c));
    return -1;
  }

  /// The documents having value `ordinal` of facet `f` (counting by bitmaps, FacetCounter).
  const DocSet& documents_with(Facet f, unsigned ordinal) const {
    return value_docs_[static_cast<int>(f)][ordinal];
  }
  /// Every document with facets (i.e. every document), and the internal ones.
  const DocSet& all_documents() const { return all_docs_; }
  const DocSet& internal_documents() const { return internal_docs_; }
  /// Number of values of all facets together.
  std::size_t value_count() const { return value_count_; }

  /// Values of a facet in ordinal order.
  const std::vector<std::string>& values(Facet f) const { return values_[static_cast<int>(f)]; }
  /// Ordinal of a value, or -1 when no document has it and the taxonomy does not know it.
  int ordinal(Facet f, const std::string& value) const;
  /// True when some document the caller may see has this value (so a zero count for the current
  /// query can be shown without revealing values that only internal records carry).
  bool present(Facet f, unsigned ordinal, bool internal) const {
    const auto& p = present_[static_cast<int>(f)];
    return ordinal < p.size() && (p[ordinal] & (internal ? kAny : kPublic)) != 0;
  }

 private:
  std::vector<std::uint32_t> offsets_;  ///< docid -> start in codes_ (size lastdocid + 2)
  std::vector<FacetCode> codes_;
  std::vector<std::uint32_t> works_;
  std::uint32_t max_editions_ = 1;
  std::array<std::vector<std::string>, kFacetCount> values_;
  std::array<std::unordered_map<std::string, unsigned>, kFacetCount> ordinals_;
  static constexpr std::uint8_t kAny = 1, kPublic = 2;
  FacetCode internal_code_ = 0xFFFF;                            ///< the code of audience "internal"
  std::array<std::vector<std::uint8_t>, kFacetCount> present_;  ///< kAny | kPublic per ordinal
  std::array<std::vector<DocSet>, kFacetCount> value_docs_;     ///< per ordinal
  DocSet all_docs_, internal_docs_;
  std::size_t value_count_ = 0;
};

}  // namespace kr::search
