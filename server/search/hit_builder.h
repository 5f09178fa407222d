#pragma once
/// Builds result-list hits from stored documents: display fields, snippet, and the choice of
/// language edition (one hit per work, in the caller's interface language where it exists).
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "server/search/doc_set.h"
#include "server/search/reader_pool.h"
#include "server/search/search_request.h"
#include "server/search/search_result.h"
#include "server/search/snippet.h"

namespace kr::search {

class HitBuilder {
 public:
  HitBuilder(Reader& reader, const std::vector<std::string>& query_terms, const Access& access,
             UiLang ui_lang);

  /// The hit for matched document `did` (its docid in the reader's database: over shards,
  /// Xapian 1.4's Document::get_docid() gives the shard's own docid, so it is passed apart)
  /// whose Document is `doc`; `matching` is the query the hit matched (to pick an edition that
  /// matches it too). `matched`, when given, is every document `matching` matches (a search's
  /// counting pass has it), so the query need not run again per hit. nullopt when the stored
  /// data is unreadable.
  std::optional<Hit> build(Xapian::docid did, const Xapian::Document& doc, double score,
                           const Xapian::Query& matching, const DocSet* matched = nullptr);

 private:
  Reader& reader_;
  Access access_;
  std::string ui_lang_;
  SnippetMaker snippets_;
};

}  // namespace kr::search
