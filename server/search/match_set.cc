#include "server/search/match_set.h"

#include <algorithm>
#include <string>
#include <vector>

#include "server/search/phrase_pairs.h"

namespace kr::search {

namespace {

class Evaluator {
 public:
  Evaluator(const Xapian::Database& db, const schema::PairWords* pairs)
      : db_(db), last_(db.get_lastdocid()), pairs_(pairs) {}

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
        if (pairs_ && add_phrase(q, out)) return;
        return add_matched(q, out);
      default:  // positional, wildcard, value ranges, posting sources...: Xapian's matcher
        return add_matched(q, out);
    }
  }

  /// A phrase through its pair terms (phrase_pairs.h); false when it has none.
  bool add_phrase(const Xapian::Query& q, DocSet& out) {
    PhrasePairs pairs = phrase_pair_terms(q, *pairs_);
    if (pairs.terms.empty()) return false;
    if (pairs.exact) {
      add_postings(pairs.terms.front(), out);
      return true;
    }
    // Xapian checks positions last (after the AND), so only in documents holding every pair.
    add_matched(Xapian::Query(Xapian::Query::OP_FILTER, q,
                              Xapian::Query(Xapian::Query::OP_AND, pairs.terms.begin(), pairs.terms.end())),
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
  const schema::PairWords* pairs_;
};

}  // namespace

DocSet match_set(const Xapian::Database& db, const Xapian::Query& query, const schema::PairWords* pairs) {
  if (query.empty()) return DocSet(db.get_lastdocid());
  return Evaluator(db, pairs).eval(query);
}

}  // namespace kr::search
