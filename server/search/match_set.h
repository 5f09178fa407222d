#pragma once
/// The exact set of documents a query matches, as a bitmap over docids, for counting (facets,
/// totals) where no weights are needed. Boolean operators are evaluated straight over posting
/// lists, which costs about half of Xapian's matcher with a MatchSpy (BENCHMARKS.md §6); phrases,
/// NEAR, wildcards, value ranges and anything else not purely boolean go through Xapian's matcher,
/// so the set is always the one Xapian would match (phrases over an index with phrase pairs
/// excepted, whose pair terms say the same, see core/index_schema.h kPhrasePair).
#include <xapian.h>

#include "server/search/doc_set.h"

namespace kr::search {

/// Every document `query` matches in `db` (weights ignored). `phrase_pairs`: every document of
/// `db` carries its phrase pair terms (kMetaPhrasePairs == "1"); a phrase of two words is then the
/// posting list of its pair, and a longer one is checked by Xapian only on documents holding all
/// its pairs.
DocSet match_set(const Xapian::Database& db, const Xapian::Query& query, bool phrase_pairs);

}  // namespace kr::search
