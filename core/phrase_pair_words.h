#pragma once
/// Which adjacent word pairs an index holds as phrase pair terms (core/index_schema.h kPhrasePair):
/// those of every word (kr-index --phrase-pairs=all) or only those of two frequent words (the
/// default, --phrase-pairs=frequent): the words in at least kFrequentShare of the documents,
/// chosen when an index is first built or rebuilt and kept in its metadata (kMetaPhrasePairWords)
/// so that every later run pairs the same words and kr-server knows which pairs exist.
///
/// Why frequent words only (docs/BENCHMARKS.md §13): a phrase costs Xapian a position check in
/// every document holding all its words, so only phrases made of frequent words are slow, and
/// pairs of rare words are most of what full pairs add to the index.
#include <string>
#include <string_view>
#include <vector>

namespace kr::schema {

class PairWords {
 public:
  /// A word is frequent when it is in at least this share of the documents sampled.
  static constexpr double kFrequentShare = 0.20;
  /// At most this many words (the most frequent): a tiny corpus would otherwise pair everything.
  static constexpr std::size_t kMaxWords = 1024;

  /// Pairs of every two words.
  static PairWords every_word() { return PairWords(); }
  /// Pairs of two words both in `words` (any order, duplicates ignored).
  static PairWords of(std::vector<std::string> words);
  /// From the metadata value encode() wrote; "" (an index paired before the words were stored,
  /// by --phrase-pairs) is every word.
  static PairWords decode(std::string_view stored);

  /// "all" for every_word(), else "frequent" followed by each word on a line of its own, sorted.
  std::string encode() const;
  bool every() const { return every_; }
  const std::vector<std::string>& words() const { return words_; }
  /// Whether `word` takes part in pairs.
  bool holds(std::string_view word) const;
  /// Whether the pair term of `word` followed by `next` is indexed (when it is not too long).
  bool holds(std::string_view word, std::string_view next) const { return holds(word) && holds(next); }

  bool operator==(const PairWords& other) const = default;

 private:
  PairWords() = default;
  bool every_ = true;
  std::vector<std::string> words_;  ///< sorted, unique; used when !every_
};

}  // namespace kr::schema
