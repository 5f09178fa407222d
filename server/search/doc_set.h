#pragma once
/// A set of documents as a bitmap over docids: what the counting pass produces (match_set.h),
/// the facet table keeps per facet value, and the hit builder and date window read.
#include <cstdint>
#include <vector>

#include <xapian.h>

namespace kr::search {

class DocSet {
 public:
  DocSet() = default;
  /// An empty set able to hold docids 1..last.
  explicit DocSet(Xapian::docid last) : words_(last / 64 + 1, 0) {}

  void insert(Xapian::docid did) {
    if (did / 64 < words_.size()) words_[did / 64] |= std::uint64_t{1} << (did % 64);
  }
  bool contains(Xapian::docid did) const {
    return did / 64 < words_.size() && (words_[did / 64] >> (did % 64) & 1) != 0;
  }
  void unite(const DocSet& other);      ///< this ∪= other
  void intersect(const DocSet& other);  ///< this ∩= other
  void subtract(const DocSet& other);   ///< this −= other
  void flip(const DocSet& other);       ///< this ⊕= other
  std::size_t size() const;
  /// |this ∩ other|, without building it.
  std::size_t count_common(const DocSet& other) const;

  /// The first docid ≥ `did` (and ≥ 1) that is not a member: past the last docid the set can
  /// hold, every docid is one.
  Xapian::docid next_absent_from(Xapian::docid did) const {
    if (did == 0) did = 1;
    std::size_t w = did / 64;
    if (w >= words_.size()) return did;
    std::uint64_t bits = ~words_[w] & (~std::uint64_t{0} << (did % 64));
    while (bits == 0) {
      if (++w == words_.size()) return static_cast<Xapian::docid>(w * 64);
      bits = ~words_[w];
    }
    return static_cast<Xapian::docid>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits)));
  }

  /// Calls fn(docid) for every member in ascending order.
  template <class Fn>
  void for_each(Fn&& fn) const {
    for (std::size_t w = 0; w < words_.size(); ++w)
      for (std::uint64_t bits = words_[w]; bits != 0; bits &= bits - 1)
        fn(static_cast<Xapian::docid>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits))));
  }

 private:
  std::vector<std::uint64_t> words_;
};

/// Collects the documents Xapian's matcher shows it (a MatchSpy), or walk_matches hands it (add).
class DocSetSpy : public Xapian::MatchSpy {
 public:
  explicit DocSetSpy(DocSet& out) : out_(out) {}
  void operator()(const Xapian::Document& doc, double) override { out_.insert(doc.get_docid()); }
  void add(Xapian::docid did) { out_.insert(did); }

 private:
  DocSet& out_;
};

}  // namespace kr::search
