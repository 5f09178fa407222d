#pragma once
/// Phrase pair terms (core/index_schema.h kPhrasePair) of a built document.
#include <xapian.h>

namespace kr::index {

/// Adds, with wdf 0, the pair term of every two unprefixed word terms of `doc` at adjacent
/// positions (p, p + 1): exactly the pairs a two-word phrase query matches in it, and the
/// kHasPhrasePairs marker. Call once every positioned term has been added.
void add_phrase_pairs(Xapian::Document& doc);

}  // namespace kr::index
