#pragma once
/// Snippets: the best passage of a record's text with the query's matches wrapped in <mark>,
/// HTML-escaped otherwise. Matching folds accents and case the way the index does, so "cote"
/// highlights "Côte" and the accents stay in the output (Xapian's MSet::snippet cannot do this).
#include <string>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "core/text.h"

namespace kr::search {

class SnippetMaker {
 public:
  /// `query_terms`: the terms of the parsed query (unstemmed words and Z-prefixed stems).
  SnippetMaker(const std::vector<std::string>& query_terms, TextNormaliser& normaliser);

  /// Snippet of about `words` words of `text`, whose words are stemmed by `stemmer` (the one of
  /// the record's language: QueryBuilder::stemmer).
  std::string make(const std::string& text, const Xapian::Stem& stemmer, int words = 30) const;

 private:
  std::unordered_set<std::string> terms_;
  TextNormaliser& normaliser_;
};

}  // namespace kr::search
