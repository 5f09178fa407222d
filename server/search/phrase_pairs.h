#pragma once
/// Phrase queries over an index with phrase pairs (core/index_schema.h kPhrasePair, of the words
/// core/phrase_pair_words.h names): the pair terms a phrase implies. Used only when every document
/// of the database has its pairs (Reader::phrase_pairs).
#include <functional>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/phrase_pair_words.h"

namespace kr::search {

/// The indexed pair terms of a phrase.
struct PhrasePairs {
  std::vector<std::string> terms;  ///< a document matches the phrase only if it holds all of them
  bool exact = false;              ///< and matches it exactly when it does (a two-word phrase)
};

/// The pair terms `words` index of a phrase of plain words as the QueryParser builds it (OP_PHRASE,
/// window = number of words): those of its adjacent words that both take part in pairs. None for
/// anything else (prefixed words, nested operators, a pair too long to be indexed).
PhrasePairs phrase_pair_terms(const Xapian::Query& phrase, const schema::PairWords& words);

/// Calls fn(phrase) for every phrase `query` requires: every match must satisfy it (the query
/// itself, or reached through AND, FILTER and the positive side of AND_NOT, AND_MAYBE and
/// SCALE_WEIGHT).
void for_each_required_phrase(const Xapian::Query& query,
                              const std::function<void(const Xapian::Query&)>& fn);

/// `query` filtered by the pairs of every phrase it requires (phrases every match must satisfy:
/// the query itself, or reached through AND, FILTER and the positive side of AND_NOT, AND_MAYBE
/// and SCALE_WEIGHT). Same matches, same weights (a filter adds none); Xapian then checks positions
/// only in documents holding every pair. `query` itself when it requires no phrase.
/// `needs_positions`, when given, is set to whether some required phrase is not exact (Xapian will
/// check positions to match it).
Xapian::Query filter_by_phrase_pairs(const Xapian::Query& query, const schema::PairWords& words,
                                     bool* needs_positions = nullptr);

}  // namespace kr::search
