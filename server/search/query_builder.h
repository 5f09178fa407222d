#pragma once
/// Turns a SearchRequest into Xapian queries: the user's text (normalised as at index time, each
/// word matched in its stemmed form for every stemming language, see expand_stems), the facet
/// filters, the year range and the access filter.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "core/analyser.h"
#include "core/error.h"
#include "core/text.h"
#include "server/search/facet_counter.h"
#include "server/search/search_request.h"

namespace kr::search {

struct BuiltQuery {
  Xapian::Query text;              ///< the text query with access filter and nothing else
  Xapian::Query filtered;          ///< text + every facet filter + year range: the hits
  FacetSelection selection;        ///< the same filters as ordinals, for multi-select counting
  std::vector<std::string> terms;  ///< query terms (for snippets)
  std::string stem_lang;           ///< language used for the spelling/snippet stemmer
  bool all_text = false;           ///< no text to match: `text` is every visible document
};

class QueryBuilder {
 public:
  /// `spelling`: the database corrections come from (OpenedIndex::spelling); both must outlive
  /// the builder. `expand_wildcards` (some shard is remote): see expand_wildcards().
  QueryBuilder(const Analyser& analyser, const Xapian::Database& db, const Xapian::Database& spelling,
               bool expand_wildcards = false);

  /// Wildcards replaced by OP_SYNONYM of the terms they match in `db`. Over remote shards each
  /// xapian-tcpsrv would expand a wildcard over its own terms with its own statistics, ordering
  /// equal hits unlike one index; expanded here, every shard gets the same terms. More than
  /// kMaxWildcardTerms terms: left to the shards.
  static Xapian::Query expand_wildcards(const Xapian::Query& query, const Xapian::Database& db);
  static constexpr std::size_t kMaxWildcardTerms = 2000;

  /// Parse errors -> invalid_query with Xapian's message.
  Result<BuiltQuery> build(const SearchRequest& request, const FacetTable& table);

  /// The query with spelling corrections applied, or "" when nothing was corrected.
  std::string corrected(const std::string& q);

  /// `query` restricted to what the caller may see: unchanged for internal callers, AND_NOT the
  /// internal records for public ones (a short posting list, where "public" would be ~all).
  static Xapian::Query visible_only(const Xapian::Query& query, const Access& access);

  TextNormaliser& normaliser() { return normaliser_; }

  /// The stemmer of documents in `lang` (Analyser::index_stemmer: it remembers the words it
  /// stemmed), one per language for the builder's life: snippets stem the words of every hit.
  /// Its memo is small (kStemMemoWords, the frequent words): there is one per reader.
  const Xapian::Stem& stemmer(std::string_view lang);
  static constexpr std::size_t kStemMemoWords = 4096;

 private:
  Result<Xapian::Query> parse(const std::string& normalised, const std::vector<std::string>& langs);

  const Analyser& analyser_;
  const Xapian::Database& db_;
  const Xapian::Database& spelling_;
  bool expand_wildcards_;
  TextNormaliser normaliser_;
  std::unordered_map<std::string, Xapian::Stem> stemmers_;  ///< by language code
};

}  // namespace kr::search
