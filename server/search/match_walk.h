#pragma once
/// One unweighted pass over every document matching a query, feeding a counter (DocSetSpy,
/// CoverageCounter, ...) that has `void add(Xapian::docid)` taking docids of the reader's
/// database (r.db) and is a Xapian::MatchSpy.
#include <xapian.h>

#include "server/search/reader_pool.h"

namespace kr::search {

namespace detail {

/// Xapian 1.4 shows a match spy each document with its docid in its own shard; the facet table
/// is indexed by docids of the combined database: the i-th of n members' docid d is (d-1)*n+i+1.
template <class Counter>
class ShardSpy : public Xapian::MatchSpy {
 public:
  ShardSpy(Counter& counter, Xapian::doccount members, Xapian::doccount index)
      : counter_(counter), members_(members), index_(index) {}
  void operator()(const Xapian::Document& doc, double) override {
    counter_.add((doc.get_docid() - 1) * members_ + index_ + 1);
  }

 private:
  Counter& counter_;
  Xapian::doccount members_, index_;
};

}  // namespace detail

/// With one local database the counter runs inside Xapian's matcher as a MatchSpy. With shards
/// each member is matched on its own (boolean matching needs no shared statistics) and its docids
/// mapped to the combined database's. A remote member cannot run our spies (xapian-tcpsrv only
/// runs match spies registered in its own binary): its matches are listed and counted here —
/// the same counts, more transfer.
template <class Counter>
void walk_matches(const Reader& r, const Xapian::Query& query, Counter& counter) {
  const auto& members = r.index.members;
  if (members.size() <= 1) {
    Xapian::Enquire enquire(r.db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.add_matchspy(&counter);
    enquire.get_mset(0, 0, r.db.get_doccount());
    return;
  }
  const auto n = static_cast<Xapian::doccount>(members.size());
  for (Xapian::doccount i = 0; i < n; ++i) {
    const Xapian::Database& member = members[i];
    Xapian::doccount all = member.get_doccount();
    if (all == 0) continue;  // the lexicon, or an empty shard
    Xapian::Enquire enquire(member);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    if (!is_remote_spec(r.index.member_names[i])) {
      detail::ShardSpy<Counter> spy(counter, n, i);
      enquire.add_matchspy(&spy);
      enquire.get_mset(0, 0, all);
      continue;
    }
    enquire.set_docid_order(Xapian::Enquire::DONT_CARE);
    Xapian::MSet matches = enquire.get_mset(0, all);
    for (auto it = matches.begin(); it != matches.end(); ++it) counter.add((*it - 1) * n + i + 1);
  }
}

}  // namespace kr::search
