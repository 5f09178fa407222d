#include "server/search/known_matches.h"

#include <string>

#include "server/search/phrase_pairs.h"

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

}  // namespace

Xapian::Query within_known_matches(const Xapian::Query& query, const DocSet& matches) {
  bool requires_phrase = false;
  for_each_required_phrase(query, [&](const Xapian::Query&) { requires_phrase = true; });
  if (!requires_phrase) return query;
  Xapian::Query outside((new OutsideSource(matches))->release());
  return Xapian::Query(Xapian::Query::OP_FILTER, query,
                       Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, outside));
}

}  // namespace kr::search
