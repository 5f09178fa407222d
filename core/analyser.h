#pragma once
/// The one analyser: configures both the TermGenerator (index time) and the QueryParser (query
/// time) — stemmer, stemming strategy, field prefixes, glossary synonyms — so that indexing and
/// querying cannot drift apart. Text is normalised with TextNormaliser on both sides first.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "core/taxonomy.h"

namespace kr {

class Analyser {
 public:
  explicit Analyser(const Taxonomy& taxonomy);

  /// Stemmer and strategy for a document in `lang` (unstemmed for languages other than en/fr/es).
  void configure(Xapian::TermGenerator& generator, std::string_view lang) const;
  /// The same with a stemmer from index_stemmer(): an indexer keeps one per language.
  void configure(Xapian::TermGenerator& generator, const Xapian::Stem& stemmer) const;
  /// The stemmer documents in `lang` are indexed with (none for languages other than en/fr/es).
  /// It remembers the stems it computed: the TermGenerator stems every occurrence of a word, and
  /// Snowball was ~6% of a full indexing run. Not thread-safe: one per indexing thread. The memo
  /// is emptied when it holds `memo_words` words, which bounds its memory.
  static Xapian::Stem index_stemmer(std::string_view lang, std::size_t memo_words = 200000);
  /// Stemmer, strategy, field prefixes (title:, partner:, action:) and the glossary-synonym
  /// behaviour for a query stemmed as `lang` ("" = no stemming).
  void configure(Xapian::QueryParser& parser, std::string_view lang) const;
  /// QueryParser flags used for every user query.
  static unsigned query_flags();

  /// Replaces every word of a query parsed without stemming (configure(parser, "")) by
  /// OP_SYNONYM(word, its stem in each language), in the form the TermGenerator indexes stems
  /// ("Z" + field prefix + stem). The stems of all languages then share one set of statistics, so
  /// a language's rarer stem cannot skew the ranking, and a French query finds English records
  /// through the shared stems. Phrases, wildcards and glossary terms are kept as they are, except
  /// that a glossary match OP_SYNONYM(words, XY<id>) becomes XY<id> x4 OR (words AND_NOT XY<id>):
  /// the concept keeps its own statistics instead of being merged into those of its (often
  /// common) words, and a record naming both is weighed once.
  static Xapian::Query expand_stems(const Xapian::Query& query, const std::vector<Xapian::Stem>& stemmers);

  /// Ids of the glossary terms a normalised text mentions: an acronym written as such (case
  /// sensitive, "THB") or an expansion in any language (case-insensitive, "traite des etres
  /// humains"). Each id once per mention, in text order.
  std::vector<std::string> glossary_mentions(std::string_view normalised_text) const;

  /// Stores the glossary as Xapian synonyms: every acronym and expansion (as the QueryParser looks
  /// them up) -> the boolean-ish term schema::kGlossary + id that documents mentioning it carry.
  void write_synonyms(Xapian::WritableDatabase& db) const;

  /// True for a term that goes into the spelling table (an unprefixed word of 3+ letters).
  static bool is_spelling_word(const std::string& term);

 private:
  struct Phrase {
    std::vector<std::string> words;  ///< lower-case normalised words
    std::string id;
  };
  std::unordered_map<std::string, std::vector<Phrase>> phrases_by_first_word_;
  std::unordered_map<std::string, std::string> acronyms_;          ///< normalised acronym -> id
  std::vector<std::pair<std::string, std::string>> synonym_keys_;  ///< key -> id
};

/// Splits normalised text into words the way matching needs them: runs of letters/digits
/// (bytes >= 0x80 count as letters); `lower` lower-cases ASCII letters.
std::vector<std::string> split_words(std::string_view text, bool lower);

}  // namespace kr
