#pragma once
/// Per-thread Xapian readers, lent out one request at a time. Before each use a reader follows
/// the index: a new revision is picked up with reopen(), a --rebuild swap by opening the new
/// database, a shard left out because it was down is retried every few seconds. The facet
/// table is built once per index content and shared by all readers.
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/analyser.h"
#include "core/phrase_pair_words.h"
#include "core/taxonomy.h"
#include "server/search/facet_table.h"
#include "server/search/index_sources.h"
#include "server/search/query_builder.h"

namespace kr::search {

struct Reader {
  OpenedIndex index;     ///< what it has open (one database, or shards combined)
  Xapian::Database db;   ///< == index.db
  std::string revision;  ///< IndexSources::content_token at the last refresh
  /// What the reader sees: databases, shards left out, revision. Keys the facet table and the
  /// HTTP answer cache (Engine::index_revision).
  std::string content_key;
  bool has_remote = false;  ///< some shard is remote: custom MatchSpies cannot run there
  /// Every document of every shard has its phrase pairs (kMetaPhrasePairs "1"), of the same
  /// words: phrases are counted and filtered through them (phrase_pairs.h).
  bool phrase_pairs = false;
  /// The words whose pairs are indexed (kMetaPhrasePairWords) when phrase_pairs, else null.
  std::shared_ptr<const schema::PairWords> pair_words;
  std::shared_ptr<const FacetTable> facets;
  std::unique_ptr<QueryBuilder> queries;  ///< refers to db
};

class ReaderPool {
 public:
  ReaderPool(SourcesConfig sources, const Taxonomy& taxonomy, const Analyser& analyser);

  /// Runs `fn` with an up-to-date reader. A database changed or replaced under it
  /// (DatabaseModifiedError, files of a swapped-out index gone) or a remote shard that failed is
  /// retried once on a fresh reader.
  template <class Fn>
  auto with_reader(Fn&& fn) -> decltype(fn(std::declval<Reader&>())) {
    auto reader = acquire();
    try {
      refresh(*reader);
      auto result = fn(*reader);
      release(std::move(reader));
      return result;
    } catch (const Xapian::DatabaseError&) {
    } catch (const Xapian::NetworkError&) {
    }
    reader = open_reader();
    auto result = fn(*reader);
    release(std::move(reader));
    return result;
  }

  /// Opens a reader now; throws Xapian::DatabaseOpeningError when there is no index and
  /// Xapian::NetworkError when a remote shard is down (unless degrade is configured).
  std::unique_ptr<Reader> open_reader();

 private:
  std::unique_ptr<Reader> acquire();
  void release(std::unique_ptr<Reader> reader);
  void refresh(Reader& reader);
  void attach_facets(Reader& reader);
  /// After the content moved on (facets_ rebuilt): idle readers of another database are closed —
  /// they would keep a swapped-out database's deleted files on disk, and its facet table in
  /// memory, until reused, and a pool grown by a burst of traffic reuses only its last few
  /// readers — and the others let go of their old facet table. Called with mutex_ held; the
  /// closed readers are returned, to be destroyed unlocked.
  std::vector<std::unique_ptr<Reader>> drop_stale_idle();
  /// Drops `r`'s facet table when it is not the current one (re-attached when next used).
  void let_go_of_old_facets(Reader& r);

  IndexSources sources_;
  const Taxonomy& taxonomy_;
  const Analyser& analyser_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Reader>> idle_;
  std::string facets_key_;       ///< the Reader::content_key facets_ was built for
  std::string facets_identity_;  ///< the OpenedIndex::identity facets_ was built for
  std::shared_ptr<const FacetTable> facets_;
};

}  // namespace kr::search
