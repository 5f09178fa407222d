#pragma once
/// The ranked pass over documents the counting pass has already found (match_set.h): the query's
/// required phrases need not be checked by positions a second time. Without it, Xapian checks a
/// phrase's positions again while ranking, which for a rare phrase of frequent words means every
/// candidate again (BENCHMARKS.md §12).
#include <xapian.h>

#include "server/search/doc_set.h"

namespace kr::search {

/// `query` with every phrase it requires (reached through AND, FILTER and the positive side of
/// AND_NOT, AND_MAYBE and SCALE_WEIGHT, as phrase_pairs.h) turned into the AND of its words,
/// filtered by `matches`, which must be exactly the documents `query` matches in the database it
/// is run on (one database: docids are its own) and must outlive the query's use. Matches and
/// weights are unchanged: Xapian weighs a phrase as the AND of its words, and every document of
/// `matches` holds each required phrase. `query` itself when it requires no phrase.
Xapian::Query within_known_matches(const Xapian::Query& query, const DocSet& matches);

}  // namespace kr::search
