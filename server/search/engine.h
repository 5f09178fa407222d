#pragma once
/// The search engine facade used by the HTTP layer. Thread-safe: it keeps a pool of per-thread
/// Xapian readers (Xapian objects are not shared between threads) and reopens them when the
/// index changes (new revision or a --rebuild swap), without failing requests.
/// It never speaks HTTP: failures are kr::Error values (see server/http/error_mapping).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/record.h"
#include "core/taxonomy.h"
#include "server/search/coverage.h"
#include "server/search/search_request.h"
#include "server/search/search_result.h"

namespace kr::search {

struct EngineConfig {
  EngineConfig() = default;
  EngineConfig(std::string index, std::string taxonomy)
      : index_dir(std::move(index)), taxonomy_path(std::move(taxonomy)) {}

  std::string index_dir;      ///< as given to kr-index --index (a sharded folder too)
  std::string taxonomy_path;  ///< schemas/taxonomy.xml
  /// Explicit shards instead of index_dir's: folders and tcp://HOST:PORT (xapian-tcpsrv).
  std::vector<std::string> shards;
  std::string lexicon;          ///< spelling/synonyms for remote shards (default INDEX/lexicon)
  int shard_timeout_ms = 2000;  ///< connect and per-operation timeout of remote shards
  bool degrade = false;         ///< leave a down shard out (answers name it) instead of failing
};

/// A full record for /api/v1/records/{id}.
struct RecordView {
  std::string json;             ///< the record as a JSON object (fields of RECORD-FORMAT.md)
  std::string xml_path;         ///< path of the record file as indexed (for ?format=xml)
  std::string attachment_path;  ///< path of its attached document; empty when it has none
};

enum class SimilarScope { neighbours, region, all };

struct IndexStatus {
  long documents = 0;   ///< documents visible to the caller
  std::string updated;  ///< ISO 8601 UTC time of the last index commit
  double age_seconds = 0;
  int shards = 1;                           ///< databases searched together
  std::vector<std::string> missing_shards;  ///< left out because they are down (degrade)
  bool phrase_pairs = false;                ///< phrases counted through pair terms (kr-index --phrase-pairs)
};

/// A completion for the search box.
struct Completion {
  std::string text;
  long count = 0;  ///< how many visible records contain it
};

/// An Action code and how many records in a scope belong to it.
struct ActionCount {
  std::string code;
  long count = 0;
};

class Engine {
 public:
  /// Opens the index and loads the taxonomy. Errors: index_unavailable, invalid_taxonomy.
  static Result<std::unique_ptr<Engine>> open(const EngineConfig& config);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  const Taxonomy& taxonomy() const;

  /// Full-text search with filters and exact multi-select facet counts.
  /// Errors: invalid_query (with the parser's message), unknown_value, invalid_argument.
  Result<SearchResult> search(const SearchRequest& request);

  /// One record; not_found when it does not exist or the caller may not see it.
  Result<RecordView> record(const std::string& id, const Access& access);

  /// Comparable records (more-like-this on text and themes) within a scope; not_found as record().
  Result<std::vector<Hit>> similar(const std::string& id, SimilarScope scope, int limit,
                                   const Access& access);

  /// Completions for a prefix of the last word typed; only words of visible records.
  std::vector<Completion> suggest(const std::string& prefix, int limit, const Access& access);

  IndexStatus status(const Access& access);

  /// A token that changes whenever the index content searches see changes (a new revision, a
  /// --rebuild swap, a shard left out or back): caches of answers are keyed by it.
  std::string index_revision();

  /// Row x column record counts over the records matching a search (coverage.h), in one pass.
  /// Errors: invalid_argument when an axis is not a coverage facet or both axes are the same;
  /// invalid_query as search().
  Result<Coverage> coverage(const CoverageRequest& request);

  /// Distinct Action codes of the records matching `request` (text, filters, access), by code.
  Result<std::vector<ActionCount>> action_counts(const SearchRequest& request);

  /// The stored Record of a visible record, for assembling documents such as factsheets;
  /// not_found as record().
  Result<Record> stored_record(const std::string& id, const Access& access);

 private:
  struct Impl;
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kr::search
