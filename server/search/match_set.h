#pragma once
/// The exact set of documents a query matches, as a bitmap over docids, for counting (facets,
/// totals) where no weights are needed. Boolean operators are evaluated straight over posting
/// lists, which costs about half of Xapian's matcher with a MatchSpy (BENCHMARKS.md §6); phrases,
/// NEAR, wildcards, value ranges and anything else not purely boolean go through Xapian's matcher,
/// so the set is always the one Xapian would match (phrases over an index with phrase pairs
/// excepted, whose pair terms say the same, see core/index_schema.h kPhrasePair).
#include <xapian.h>

#include "core/phrase_pair_words.h"
#include "server/search/doc_set.h"

namespace kr::search {

/// Every document `query` matches in `db` (weights ignored). `pairs`, when not null: every
/// document of `db` carries the phrase pair terms of these words (kMetaPhrasePairs == "1"); a
/// phrase of two such words is then the posting list of its pair, and a longer one is checked by
/// Xapian only on documents holding all its indexed pairs.
DocSet match_set(const Xapian::Database& db, const Xapian::Query& query, const schema::PairWords* pairs);

}  // namespace kr::search
