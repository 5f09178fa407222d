#pragma once
/// kr-index's configuration, filled once from the command line and passed down.
#include <optional>
#include <string>

namespace kr::index {

struct IndexerOptions {
  std::string corpus_dir;
  std::string index_dir;
  std::string taxonomy_path;  ///< defaults to the project's schemas/taxonomy.xml
  bool rebuild = false;       ///< build a fresh index beside the live one and swap it in
  bool strict = false;        ///< any rejected record aborts the run before committing
  bool json = false;          ///< print the JSON summary on stdout
  bool progress = false;      ///< progress bar on stderr (set when stderr is a terminal)
  /// --shards N: records spread over N databases by a hash of their id (core/shard_layout.h).
  /// 0: as the index folder already is (sharded or not).
  int shards = 0;
  /// --phrase-pairs / --no-phrase-pairs: index adjacent word pairs (core/index_schema.h
  /// kPhrasePair) or not. Unset: as the index folder already is (off for a new one).
  std::optional<bool> phrase_pairs;
};

}  // namespace kr::index
