#pragma once
/// kr-index's configuration, filled once from the command line and passed down.
#include <cstddef>
#include <optional>
#include <string>

#include "indexer/phrase_pairs.h"

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
  /// --phrase-pairs[=all|frequent] / --no-phrase-pairs: which adjacent word pairs to index
  /// (core/index_schema.h kPhrasePair). Unset: as the index folder already is (frequent for a
  /// new one, and for one built before pairs were the default).
  std::optional<PairMode> phrase_pairs;
  /// The frequent words of phrase pairs are chosen again (every record re-indexed) once the corpus
  /// has 4x the record files it had when they were chosen and at least this many: below, phrases
  /// are fast without pairs. Not a command-line option (tests set it).
  std::size_t pair_words_growth_floor = 1000;
};

}  // namespace kr::index
