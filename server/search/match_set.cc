#include "server/search/match_set.h"

#include <algorithm>
#include <string>
#include <vector>

#include "server/search/phrase_pairs.h"

namespace kr::search {

void DocSet::unite(const DocSet& o) {
  for (std::size_t i = 0; i < std::min(words_.size(), o.words_.size()); ++i) words_[i] |= o.words_[i];
}

void DocSet::intersect(const DocSet& o) {
  for (std::size_t i = 0; i < words_.size(); ++i) words_[i] &= i < o.words_.size() ? o.words_[i] : 0;
}

void DocSet::subtract(const DocSet& o) {
  for (std::size_t i = 0; i < std::min(words_.size(), o.words_.size()); ++i) words_[i] &= ~o.words_[i];
}

void DocSet::flip(const DocSet& o) {
  for (std::size_t i = 0; i < std::min(words_.size(), o.words_.size()); ++i) words_[i] ^= o.words_[i];
}

namespace {

// Bit counting is most of the facet bitmaps' cost (FacetCounter): with the portable x86-64 target
// __builtin_popcountll is a libgcc call per word. Where the CPU has POPCNT (every x86-64 CPU since
// 2008) a copy of the loop compiled for it is used instead, 3-4x faster here.
std::size_t count_and_portable(const std::uint64_t* a, const std::uint64_t* b, std::size_t n) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < n; ++i) count += static_cast<std::size_t>(__builtin_popcountll(a[i] & b[i]));
  return count;
}

#if defined(__x86_64__)
__attribute__((target("popcnt"))) std::size_t count_and_popcnt(const std::uint64_t* a, const std::uint64_t* b,
                                                               std::size_t n) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < n; ++i) count += static_cast<std::size_t>(__builtin_popcountll(a[i] & b[i]));
  return count;
}
#endif

/// Bits set in both a[0..n) and b[0..n).
std::size_t count_and(const std::uint64_t* a, const std::uint64_t* b, std::size_t n) {
#if defined(__x86_64__)
  static const bool popcnt = __builtin_cpu_supports("popcnt");
  if (popcnt) return count_and_popcnt(a, b, n);
#endif
  return count_and_portable(a, b, n);
}

}  // namespace

std::size_t DocSet::count_common(const DocSet& o) const {
  return count_and(words_.data(), o.words_.data(), std::min(words_.size(), o.words_.size()));
}

std::size_t DocSet::size() const { return count_and(words_.data(), words_.data(), words_.size()); }

namespace {

class Evaluator {
 public:
  Evaluator(const Xapian::Database& db, bool phrase_pairs)
      : db_(db), last_(db.get_lastdocid()), phrase_pairs_(phrase_pairs) {}

  DocSet eval(const Xapian::Query& q) {
    DocSet out(last_);
    add(q, out);
    return out;
  }

 private:
  /// out ∪= the documents `q` matches.
  void add(const Xapian::Query& q, DocSet& out) {
    using Q = Xapian::Query;
    std::size_t n = q.get_num_subqueries();
    switch (q.get_type()) {
      case Q::LEAF_TERM:
        return add_postings(*q.get_terms_begin(), out);
      case Q::LEAF_MATCH_ALL:
        return add_postings(std::string(), out);
      case Q::LEAF_MATCH_NOTHING:
        return;
      case Q::OP_OR:
      case Q::OP_SYNONYM:
      case Q::OP_MAX:
        for (std::size_t i = 0; i < n; ++i) add(q.get_subquery(i), out);
        return;
      case Q::OP_AND_MAYBE:  // the optional side only changes weights
      case Q::OP_SCALE_WEIGHT:
        return add(q.get_subquery(0), out);
      case Q::OP_AND:
      case Q::OP_FILTER: {
        DocSet all = eval(q.get_subquery(0));
        for (std::size_t i = 1; i < n; ++i) all.intersect(eval(q.get_subquery(i)));
        return out.unite(all);
      }
      case Q::OP_AND_NOT: {
        DocSet kept = eval(q.get_subquery(0));
        for (std::size_t i = 1; i < n; ++i) kept.subtract(eval(q.get_subquery(i)));
        return out.unite(kept);
      }
      case Q::OP_XOR: {
        DocSet odd(last_);
        for (std::size_t i = 0; i < n; ++i) odd.flip(eval(q.get_subquery(i)));
        return out.unite(odd);
      }
      case Q::OP_PHRASE:
        if (phrase_pairs_ && add_phrase(q, out)) return;
        return add_matched(q, out);
      default:  // positional, wildcard, value ranges, posting sources...: Xapian's matcher
        return add_matched(q, out);
    }
  }

  /// A phrase through its pair terms (phrase_pairs.h); false when it has none.
  bool add_phrase(const Xapian::Query& q, DocSet& out) {
    std::vector<std::string> pairs = phrase_pair_terms(q);
    if (pairs.empty()) return false;
    if (pairs.size() == 1) {
      add_postings(pairs.front(), out);
      return true;
    }
    // Xapian checks positions last (after the AND), so only in documents holding every pair.
    add_matched(Xapian::Query(Xapian::Query::OP_FILTER, q,
                              Xapian::Query(Xapian::Query::OP_AND, pairs.begin(), pairs.end())),
                out);
    return true;
  }

  void add_postings(const std::string& term, DocSet& out) {
    for (auto p = db_.postlist_begin(term), end = db_.postlist_end(term); p != end; ++p) out.insert(*p);
  }

  void add_matched(const Xapian::Query& q, DocSet& out) {
    Xapian::Enquire e(db_);
    e.set_query(q);
    e.set_weighting_scheme(Xapian::BoolWeight());
    DocSetSpy collect(out);
    e.add_matchspy(&collect);
    e.get_mset(0, 0, db_.get_doccount());
  }

  const Xapian::Database& db_;
  Xapian::docid last_;
  bool phrase_pairs_;
};

}  // namespace

DocSet match_set(const Xapian::Database& db, const Xapian::Query& query, bool phrase_pairs) {
  if (query.empty()) return DocSet(db.get_lastdocid());
  return Evaluator(db, phrase_pairs).eval(query);
}

}  // namespace kr::search
