#include "server/search/known_matches.h"

#include <string>

namespace kr::search {

namespace {

/// The documents of a database not in a DocSet, as a posting list (for the right side of
/// OP_AND_NOT). Not the set itself on the filter side of OP_FILTER: Xapian 1.4 counts a posting
/// source there as a matching subquery but not in the query's total, and the hits' percentages
/// would change.
class OutsideSource : public Xapian::PostingSource {
 public:
  explicit OutsideSource(const DocSet& set) : set_(set) {}
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return outside_; }
  Xapian::doccount get_termfreq_max() const override { return last_; }  // gaps of deleted docids too
  void init(const Xapian::Database& db) override {
    last_ = db.get_lastdocid();
    Xapian::doccount inside = static_cast<Xapian::doccount>(set_.size());
    outside_ = db.get_doccount() > inside ? db.get_doccount() - inside : 0;
    current_ = 0;
  }
  void next(double) override { move(current_ + 1); }
  void skip_to(Xapian::docid did, double) override {
    if (did > current_) move(did);
  }
  // Xapian moves the source (next or skip_to) before asking.
  bool at_end() const override { return current_ > last_; }
  Xapian::docid get_docid() const override { return current_; }
  std::string get_description() const override { return "OutsideSource"; }

 private:
  void move(Xapian::docid from) { current_ = from > last_ ? from : set_.next_absent_from(from); }

  const DocSet& set_;
  Xapian::docid last_ = 0, current_ = 0;
  Xapian::doccount outside_ = 0;
};

/// Whether every match of `q` must satisfy some phrase (through AND, FILTER and the positive side
/// of AND_NOT, AND_MAYBE and SCALE_WEIGHT, as phrase_pairs.h).
bool requires_phrase(const Xapian::Query& q) {
  using Q = Xapian::Query;
  switch (q.get_type()) {
    case Q::OP_PHRASE:
      return true;
    case Q::OP_AND:
    case Q::OP_FILTER:
      for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        if (requires_phrase(q.get_subquery(i))) return true;
      return false;
    case Q::OP_AND_NOT:
    case Q::OP_AND_MAYBE:
    case Q::OP_SCALE_WEIGHT:
      return q.get_num_subqueries() > 0 && requires_phrase(q.get_subquery(0));
    default:
      return false;
  }
}

}  // namespace

Xapian::Query within_known_matches(const Xapian::Query& query, const DocSet& matches) {
  if (!requires_phrase(query)) return query;
  Xapian::Query outside((new OutsideSource(matches))->release());
  return Xapian::Query(Xapian::Query::OP_FILTER, query,
                       Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, outside));
}

}  // namespace kr::search
