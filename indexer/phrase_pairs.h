#pragma once
/// Phrase pair terms (core/index_schema.h kPhrasePair) of a built document, and the choice of
/// the words that take part in them (core/phrase_pair_words.h).
#include <cstddef>
#include <string>
#include <unordered_map>

#include <xapian.h>

#include "core/phrase_pair_words.h"

namespace kr::index {

/// kr-index --phrase-pairs=…: which words' pairs a run indexes.
enum class PairMode {
  off,       ///< none (--no-phrase-pairs)
  frequent,  ///< the index's frequent words (the default)
  every,     ///< every word (--phrase-pairs, --phrase-pairs=all)
};

/// Adds the pairs of one PairWords to documents.
class PhrasePairer {
 public:
  explicit PhrasePairer(schema::PairWords words);

  const schema::PairWords& words() const { return words_; }
  /// The boolean term every document paired by this pairer carries: kHasPhrasePairs for every
  /// word, kHasPhrasePairs + ' ' + a digest of the words otherwise (a document paired with other
  /// words does not count as paired).
  const std::string& marker() const { return marker_; }
  /// Salts record fingerprints: a run pairing other words re-indexes every record.
  std::string fingerprint_salt() const;

  /// Adds, with wdf 0, the pair term of every two unprefixed word terms of `doc` at adjacent
  /// positions (p, p + 1) that words() holds: exactly the pairs a two-word phrase query of such
  /// words matches in it, and marker(). Call once every positioned term has been added.
  void add_to(Xapian::Document& doc) const;

 private:
  schema::PairWords words_;
  std::string digest_;  ///< of words_.encode(); empty for every word
  std::string marker_;
};

/// Counts in how many sampled documents each word appears, to choose the frequent words.
class WordSample {
 public:
  /// Counts the positioned unprefixed words of a built document.
  void add(const Xapian::Document& doc);
  std::size_t documents() const { return documents_; }
  /// The words in at least PairWords::kFrequentShare of the sampled documents, at most
  /// PairWords::kMaxWords of them (the most frequent; ties by word).
  schema::PairWords frequent_words() const;

 private:
  std::unordered_map<std::string, std::size_t> df_;
  std::size_t documents_ = 0;
};

}  // namespace kr::index
