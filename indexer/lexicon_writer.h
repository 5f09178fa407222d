#pragma once
/// The lexicon of a sharded index (layout in core/shard_layout.h): one document-less database
/// holding the spelling and synonym tables of all shards together, for servers that read the
/// shards through xapian-tcpsrv (Xapian's remote backend carries neither table).
#include <string>

#include "core/error.h"

namespace kr::index {

/// Rebuilds INDEX/lexicon from the live databases of the `shards` shards of `index_dir` and swaps
/// it in atomically. Spelling frequencies are the sums over the shards, exactly what Xapian
/// reports for the shards opened together. Call it while the shards' locks are held.
Status write_lexicon(const std::string& index_dir, int shards);

}  // namespace kr::index
