#pragma once
/// Phrase queries over an index with phrase pairs (kr-index --phrase-pairs, core/index_schema.h
/// kPhrasePair): the pair terms a phrase implies. Used only when every document of the database
/// has its pairs (Reader::phrase_pairs).
#include <functional>
#include <string>
#include <vector>

#include <xapian.h>

namespace kr::search {

/// The pair terms of a phrase of plain words as the QueryParser builds it (OP_PHRASE, window =
/// number of words): a document matches the phrase only if it holds all of them, and a two-word
/// phrase matches exactly the documents holding its one pair. Empty for anything else (prefixed
/// words, nested operators, a pair too long to be indexed).
std::vector<std::string> phrase_pair_terms(const Xapian::Query& phrase);

/// Calls fn(phrase) for every phrase `query` requires: every match must satisfy it (the query
/// itself, or reached through AND, FILTER and the positive side of AND_NOT, AND_MAYBE and
/// SCALE_WEIGHT).
void for_each_required_phrase(const Xapian::Query& query,
                              const std::function<void(const Xapian::Query&)>& fn);

/// `query` filtered by the pairs of every phrase it requires (phrases every match must satisfy:
/// the query itself, or reached through AND, FILTER and the positive side of AND_NOT, AND_MAYBE
/// and SCALE_WEIGHT). Same matches, same weights (a filter adds none); Xapian then checks positions
/// only in documents holding every pair. `query` itself when it requires no phrase.
Xapian::Query filter_by_phrase_pairs(const Xapian::Query& query);

}  // namespace kr::search
