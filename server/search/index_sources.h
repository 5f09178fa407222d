#pragma once
/// What kr-server searches: one index folder, the shards of a sharded folder (kr-index --shards),
/// or an explicit list of shards, local folders and databases served by xapian-tcpsrv
/// ("tcp://HOST:PORT"), all opened together as one Xapian::Database. Hits, counts and statistics
/// are then those of one combined index. Xapian's remote backend carries no spelling or synonym
/// tables: a lexicon (INDEX/lexicon, written by kr-index --shards) joins the combination as a
/// document-less member to supply them.
#include <chrono>
#include <string>
#include <vector>

#include <xapian.h>

namespace kr::search {

struct SourcesConfig {
  std::string index_dir;            ///< kr-index --index folder (sharded or not); may be empty
  std::vector<std::string> shards;  ///< explicit shards (folder or tcp://HOST:PORT); used when set
  std::string lexicon;              ///< lexicon folder; default INDEX/lexicon when remote shards are used
  int remote_timeout_ms = 2000;     ///< connect and per-operation timeout of remote shards
  bool degrade = false;  ///< a shard that is down is left out (answers name it) instead of an error
};

/// One opened combination.
struct OpenedIndex {
  Xapian::Database db;
  std::vector<Xapian::Database> members;  ///< same order as member_names; share db's internals
  std::vector<std::string> member_names;  ///< local live paths or tcp://HOST:PORT
  std::vector<std::string> missing;       ///< shards left out because they are down (degrade)
  std::size_t shards = 0;                 ///< shards configured (members minus the lexicon, plus the missing)
  bool has_remote = false;
  /// Where spelling corrections come from: the lexicon when the index is sharded (or remote),
  /// else db.
  Xapian::Database spelling;
  std::string identity;  ///< what was opened: changes when a local member's live database is swapped
  std::chrono::steady_clock::time_point opened_at;
};

class IndexSources {
 public:
  explicit IndexSources(SourcesConfig config);

  /// Opens every source. Throws Xapian::DatabaseOpeningError (no index) or Xapian::NetworkError
  /// (a remote shard down, without degrade) with a message naming the shard.
  OpenedIndex open() const;
  /// The identity open() would give now, without opening anything remote: compare with
  /// OpenedIndex::identity to see whether a --rebuild swapped a local member.
  std::string current_identity() const;
  /// A token that changes whenever the content of `index` changes after reopen(): local members'
  /// revisions; for remote members, document count, last docid, total length and update time.
  static std::string content_token(const OpenedIndex& index);

 private:
  SourcesConfig config_;
};

/// True for "tcp://HOST:PORT".
bool is_remote_spec(const std::string& spec);

}  // namespace kr::search
