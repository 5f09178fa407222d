#pragma once
/// The ranked pass over documents the counting pass has already found (match_set.h): the query's
/// required phrases need not be checked by positions a second time. Without it, Xapian checks a
/// phrase's positions again while ranking, which for a rare phrase of frequent words means every
/// candidate again (BENCHMARKS.md §12).
#include <xapian.h>

#include "server/search/doc_set.h"

namespace kr::search {

/// `query` restricted to `matches`, when it requires a phrase (phrase_pairs.h,
/// for_each_required_phrase): Xapian checks a required phrase's positions above the AND it sits in,
/// so then only in documents of `matches`. `matches` must be exactly the documents `query` matches
/// in the one database the query is run on (its docids) and must outlive the query's use. Same
/// hits, weights and percentages. `query` itself when it requires no phrase.
Xapian::Query within_known_matches(const Xapian::Query& query, const DocSet& matches);

}  // namespace kr::search
