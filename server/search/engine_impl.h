#pragma once
/// Private to the engine's own .cc files (engine.cc and the operations implemented beside it,
/// such as coverage.cc): the state behind Engine's pimpl. Not for the HTTP layer.
#include <optional>
#include <string>
#include <vector>

#include "core/analyser.h"
#include "core/taxonomy.h"
#include "server/search/engine.h"
#include "server/search/facet_counter.h"
#include "server/search/query_builder.h"
#include "server/search/reader_pool.h"

namespace kr::search {

struct Engine::Impl {
  EngineConfig config;
  Taxonomy taxonomy;
  Analyser analyser;
  ReaderPool pool;

  Impl(EngineConfig c, Taxonomy t)
      : config(std::move(c)),
        taxonomy(std::move(t)),
        analyser(taxonomy),
        pool(SourcesConfig{config.index_dir, config.shards, config.lexicon, config.shard_timeout_ms,
                           config.degrade},
             taxonomy, analyser) {}

  std::vector<FacetCounts> facet_counts(const SearchRequest& req, const FacetTable& table,
                                        const FacetCounter& counter) const;

  Result<SearchResult> search(Reader& r, const SearchRequest& req);

  /// A corrected query, offered only when it finds more than the query as typed (Xapian also
  /// "corrects" words that match through stems or synonyms).
  std::optional<std::string> suggestion(Reader& r, const SearchRequest& req, long total, const BuiltQuery&);
};

}  // namespace kr::search
